import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHandbook } from '../../src/check.js';
import { repoRoot } from '../helpers/cli.js';

/*
 * Schema diagnostics (src/catalogue/validate.ts) in-process: what a user
 * reads for each kind of wrong value, with its item, field and position.
 */

const fixture = path.join(repoRoot, 'test/fixtures/unknown-exclude');
const catalogue = fs.readFileSync(path.join(fixture, 'catalogue.yaml'), 'utf8');
const handbook = fs.readFileSync(path.join(fixture, 'handbook.yaml'), 'utf8').replace('exclude: [xzxk-03]\n', '');

function check(patch: (catalogue: string) => string, extra = '') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-validate-'));
  fs.writeFileSync(path.join(dir, 'catalogue.yaml'), patch(catalogue));
  fs.writeFileSync(path.join(dir, 'handbook.yaml'), handbook + extra);
  return checkHandbook(path.join(dir, 'handbook.yaml')).diagnostics.map(({ file: _file, ...d }) => d);
}

const item = { severity: 'error', itemId: 'xzxk-01' } as const;

describe('schema diagnostics', () => {
  it('an empty value and an empty list are empty fields', () => {
    expect(check((c) => c.replace('timeLimit: 信息形成（变更）20个工作日内', 'timeLimit:'))).toEqual([
      { ...item, code: 'schema/empty-field', message: '「公开时限」(timeLimit)不能为空', line: 11, column: 19, field: 'timeLimit' },
    ]);
    expect(check((c) => c.replace('channels: [政府网站]', 'channels: []'))).toEqual([
      { ...item, code: 'schema/empty-field', message: '「公开渠道」(channels)不能为空', line: 13, column: 19, field: 'channels' },
    ]);
  });

  it('a value of the wrong kind says what was expected and what was written', () => {
    expect(check((c) => c.replace('subject: 县级广播电视行政部门', 'subject: [甲, 乙]')) ).toEqual([
      { ...item, code: 'schema/wrong-type', message: '「公开主体」(subject)应为文字，实际是列表', line: 12, column: 18, field: 'subject' },
    ]);
    expect(check((c) => c.replace('subject: 县级广播电视行政部门', 'subject: true'))).toEqual([
      { ...item, code: 'schema/wrong-type', message: '「公开主体」(subject)应为文字，实际是是/否值', line: 12, column: 18, field: 'subject' },
    ]);
  });

  it('quotes a wrong value with white space collapsed, cut after 40 characters', () => {
    const long = '很长的公开方式说明'.repeat(6);
    const [d] = check((c) => c.replace('method: [主动]', `method: "${long}"`));
    expect(d).toEqual({ ...item, code: 'schema/invalid-value', message: `「公开方式」(method)的取值「${long.slice(0, 40)}…」不在可选范围内`, line: 15, column: 17, field: 'method', hint: '可选值：主动、依申请' });
    expect(check((c) => c.replace('method: [主动]', 'method: "主动\\n\\n  依申请"'))[0]?.message).toBe('「公开方式」(method)的取值「主动 依申请」不在可选范围内');
    expect(check((c) => c.replace('method: [主动]', `method: "${long.slice(0, 40)}"`))[0]?.message).toBe(`「公开方式」(method)的取值「${long.slice(0, 40)}」不在可选范围内`);
    expect(check((c) => c.replace('method: [主动]', 'method: 7'))[0]?.message).toBe('「公开方式」(method)的取值「7」不在可选范围内');
  });

  it('an unknown key with no near match lists the keys allowed there', () => {
    expect(check((c) => c.replace('levels: [县级]', 'levels: [县级]\n        zzzqqq: 1'))).toEqual([
      {
        ...item,
        code: 'schema/unknown-key',
        message: '未知字段「zzzqqq」',
        line: 17,
        column: 9,
        field: 'zzzqqq',
        hint: '此处可用的字段：id、name、content、basis、timeLimit、subject、channels、audience、method、levels、url、note、sources、draft',
      },
    ]);
  });

  it('a broken character names its code point', () => {
    expect(check((c) => c.replace('name: 设置卫星电视广播地面接收设施审批', 'name: "设置\\ud800审批"'))).toEqual([
      { ...item, code: 'schema/broken-char', message: '「名称」(name)中有不完整的字符（孤立的代理项 U+D800）', line: 8, column: 15, field: 'name', hint: '该字符在转换编码时损坏了；请重新输入这个字。' },
    ]);
  });

  it('an override names the item and the field, not the item id as a field', () => {
    expect(check((c) => c, 'overrides:\n  xzxk-01:\n    channels: []\n')).toEqual([
      { ...item, code: 'schema/empty-field', message: '「公开渠道」(channels)不能为空', line: 11, column: 15, field: 'channels' },
    ]);
    expect(check((c) => c, 'overrides:\n  xzxk-01:\n    chanels: [a]\n')).toEqual([
      { ...item, code: 'schema/unknown-key', message: '未知字段「chanels」', line: 11, column: 5, field: 'chanels', hint: '是否想写 channels（公开渠道）？' },
    ]);
  });
});
