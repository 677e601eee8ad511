import { describe, expect, it } from 'vitest';
import { categoryCode, itemId } from '../../src/import/codes.js';
import { levelValue } from '../../src/import/labels.js';
import { categoryName } from '../../src/import/rows.js';
import { domainFromTitle } from '../../src/import/title.js';
import { readChannels } from '../../src/import/values/channels.js';
import { splitBasis, splitList } from '../../src/import/values/lists.js';
import { readMark } from '../../src/import/values/marks.js';

describe('splitList', () => {
  it.each([
    ['1.主体信息 2.审批结果', ['主体信息', '审批结果']],
    ['1.主体信息2.审批结果', ['主体信息', '审批结果']],
    ['1、主体信息；\n2、审批结果。', ['主体信息', '审批结果']],
    ['（1）服务内容（2）服务方式', ['服务内容', '服务方式']],
    ['①主体信息\n②审核结果', ['主体信息', '审核结果']],
    ['一、主体信息 二、处罚结果', ['主体信息', '处罚结果']],
    ['•主体信息 •审批结果', ['主体信息', '审批结果']],
    ['• 主体信息\n• 审核结果', ['主体信息', '审核结果']],
    ['主体信息\n审批结果', ['主体信息', '审批结果']],
    ['１．主体信息 ２．许可结果', ['主体信息', '许可结果']],
  ])('%j', (cell, items) => {
    expect(splitList(cell)).toEqual(items);
  });
  it('does not split at numbers that do not count up from the start', () => {
    expect(splitList('信息形成20个工作日内公开第1条、第2条')).toEqual(['信息形成20个工作日内公开第1条、第2条']);
    expect(splitList('有关广播电视和网络视听的法律、行政法规')).toEqual(['有关广播电视和网络视听的法律、行政法规']);
    expect(splitList('1.有关法律\n（含2.0版本）2.有关规章')).toEqual(['有关法律（含2.0版本）', '有关规章']);
  });
  it('joins a line a conversion broke inside an item', () => {
    expect(splitList('1.有关广播电视和网络视听的\n法律 2.有关规章')).toEqual(['有关广播电视和网络视听的法律', '有关规章']);
  });
});

describe('splitBasis', () => {
  it('splits titles written one after the other', () => {
    expect(splitBasis('《广播电视管理条例》《广播电视站审批管理暂行规定》')).toEqual(['《广播电视管理条例》', '《广播电视站审批管理暂行规定》']);
    expect(splitBasis('《条例》第十五条、《规定》')).toEqual(['《条例》第十五条', '《规定》']);
    expect(splitBasis('《条例》;《规定》')).toEqual(['《条例》', '《规定》']);
  });
  it('keeps a sentence that only mentions titles', () => {
    expect(splitBasis('依据《条例》和《规定》')).toEqual(['依据《条例》和《规定》']);
  });
});

describe('readChannels', () => {
  it('keeps the checked options and drops the unchecked ones, whatever box the conversion produced', () => {
    expect(readChannels('■政府网站 □政府公报 口两微一端 £发布会/听证会 ■其他____')).toEqual({ values: ['政府网站', '其他'], unread: [] });
    expect(readChannels('☑政府网站\n☐政府公报\n☒政务服务中心')).toEqual({ values: ['政府网站', '政务服务中心'], unread: [] });
  });
  it('reads 口 as a box only where a box can stand', () => {
    expect(readChannels('■出入口公告栏 □政府公报')).toEqual({ values: ['出入口公告栏'], unread: [] });
  });
  it('reads a plain list when there are no boxes', () => {
    expect(readChannels('政府网站、政务服务中心\n便民服务站')).toEqual({ values: ['政府网站', '政务服务中心', '便民服务站'], unread: [] });
  });
  it('reports text it cannot place', () => {
    expect(readChannels('◎政府网站 ■政务服务中心')).toEqual({ values: ['政务服务中心'], unread: ['◎政府网站'] });
    expect(readChannels('■政府网站 ■')).toEqual({ values: ['政府网站'], unread: ['■'] });
  });
});

describe('readMark', () => {
  it('reads marks, explicit no, and nothing else', () => {
    expect(['√', ' ✓ ', '✔', '☑', '■', '●'].map(readMark)).toEqual([true, true, true, true, true, true]);
    expect(['', '×', '否', '-', '/'].map(readMark)).toEqual([false, false, false, false, false]);
    expect(['x', 'V', '是的', '1'].map(readMark)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('labels and names', () => {
  it('normalises level columns to their labels', () => {
    expect(['县级', '区县级', '县（市、区）级', '乡级', '乡、村级', '乡（镇）级', '乡镇街道', '社区', '村级'].map(levelValue)).toEqual([
      '县级', '县级', '县级', '乡级', '乡级', '乡级', '乡级', '社区', '村级',
    ]);
  });
  it('reads a category name from a merged, numbered cell', () => {
    expect(categoryName('行\n政\n许\n可')).toBe('行政许可');
    expect(categoryName('一、政策法规文件')).toBe('政策法规文件');
    expect(categoryName('（二）行政处罚')).toBe('行政处罚');
  });
});

describe('codes and ids', () => {
  it('uses pinyin initials for the standard categories', () => {
    const names = ['政策法规文件', '行政许可', '行政处罚', '公共服务', '行政检查', '行政强制', '行政确认', '行政奖励', '行政给付', '其他'];
    expect(names.map((n) => categoryCode(n).code)).toEqual(['zcfg', 'xzxk', 'xzcf', 'ggfw', 'xzjc', 'xzqz', 'xzqr', 'xzjl', 'xzgf', 'qt']);
  });
  it('derives a stable code for other names', () => {
    // What the code must be, not how it is made: an ASCII slug that is no standard code,
    // the same for the same name on every run, different for different names.
    const first = categoryCode('行政服务');
    expect(first.standard).toBe(false);
    expect(first.code).toMatch(/^[a-z][a-z0-9]{5,}$/);
    expect(categoryCode('行政服务')).toEqual(first);
    expect(categoryCode('行政服务'.normalize('NFC'), new Set()).code).toBe(first.code);
    const standard = new Set(['zcfg', 'xzxk', 'xzcf', 'ggfw', 'xzjc', 'xzqz', 'xzqr', 'xzjl', 'xzgf', 'qt']);
    expect(standard.has(first.code)).toBe(false);
    // Taken codes are avoided: many names given codes one after another never share one.
    const taken = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const { code } = categoryCode(`其他类别${i}`, taken);
      expect(code).toMatch(/^[a-z][a-z0-9]{5,}$/);
      expect(taken.has(code), code).toBe(false);
      taken.add(code);
    }
    // With its code taken a name gets another one, again the same on every run.
    const again = categoryCode('行政服务', new Set([first.code]));
    expect(again.code).not.toBe(first.code);
    expect(categoryCode('行政服务', new Set([first.code]))).toEqual(again);
    expect(categoryCode('行政服务', new Set([first.code, again.code])).code).not.toMatch(new RegExp(`^(${first.code}|${again.code})$`));
  });
  it('numbers items with two digits, or more for large categories', () => {
    expect(itemId('xzxk', 1, 9)).toBe('xzxk-01');
    expect(itemId('xzxk', 7, 120)).toBe('xzxk-007');
  });
});

describe('domainFromTitle', () => {
  it.each([
    ['中方县文化旅游广电体育局广播电视领域基层政务公开标准目录', '广播电视'],
    ['基层政务公开标准目录（广播电视领域）', '广播电视'],
    ['示例县广播电视领域基层政务公开标准目录（2024年版）', '广播电视'],
    ['市场监管领域基层政务公开标准目录', '市场监管'],
    ['社区治理领域基层政务公开标准目录', '社区治理'],
    ['示例县文化旅游广电体育局广播电视基层政务公开标准目录', '广播电视'],
  ])('%s → %s', (title, domain) => {
    expect(domainFromTitle(title)).toBe(domain);
  });
  it('finds none in a title without a domain', () => {
    expect(domainFromTitle('基层政务公开标准目录')).toBeUndefined();
    expect(domainFromTitle('附件')).toBeUndefined();
  });
});
