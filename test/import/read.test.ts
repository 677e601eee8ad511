import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/import/read/csv.js';
import { decodeText } from '../../src/import/read/decode.js';
import { readHtml } from '../../src/import/read/html.js';
import { readText } from '../../src/import/read/text.js';
import { parseRange } from '../../src/import/read/xlsx-merges.js';
import type { SourceTable } from '../../src/import/table.js';
import { encodeGb18030 } from './helpers.js';

/** Rows as `row:column text` strings, which shows both the content and where it came from. */
function cells(table: SourceTable | undefined): string[][] {
  return (table?.rows ?? []).map((row) => row.map((c) => `${c.row}:${c.column} ${c.text}`));
}

describe('readHtml', () => {
  it('lays out rowspans and colspans, filling merged cells, and ignores layout tables', () => {
    const tables = readHtml(`
      <table><tr><td><p>页面</p>
        <table>
          <tr><th rowspan="2">A</th><th colspan="2">B</th></tr>
          <tr><th>B1</th><th>B2</th></tr>
          <tr><td rowspan="0">行<br>政</td><td>x&nbsp;y</td><td><p>一</p><p>二</p><script>no()</script></td></tr>
          <tr><td colspan="0">z</td></tr>
        </table>
      </td></tr></table>`);
    expect(tables).toHaveLength(2);
    expect(cells(tables[1])).toEqual([
      ['1:1 A', '1:2 B', '1:3 B'],
      ['2:1 A', '2:2 B1', '2:3 B2'],
      ['3:1 行\n政', '3:2 x\u00a0y', '3:3 一\n二'],
      ['4:1 行\n政', '4:2 z'],
    ]);
  });
  it('takes the caption, else the last heading before the table that names a directory', () => {
    expect(readHtml('<h1>站点</h1><p>广播电视领域目录</p><p>发布日期</p><table><tr><td>a</td></tr></table>')[0]?.caption).toBe('广播电视领域目录');
    expect(readHtml('<p>某某目录</p><table><caption>表题</caption><tr><td>a</td></tr></table>')[0]?.caption).toBe('表题');
    expect(readHtml('<p>说明</p><table><tr><td>a</td></tr></table>')[0]?.caption).toBeUndefined();
  });
});

describe('the title of an HTML table', () => {
  const page = (head: string, body: string) => `<html><head>${head}</head><body>${body}<table><tr><td>a</td></tr></table></body></html>`;
  it('is not the intro paragraph above the table, which names the directory in a sentence', () => {
    const intro = '<p>根据《条例》要求，现将《示例县广播电视领域基层政务公开标准目录》公布如下：</p>';
    expect(readHtml(page('<title>示例县广播电视领域基层政务公开标准目录 - 示例县人民政府</title>', intro))[0]).toMatchObject({
      caption: '示例县广播电视领域基层政务公开标准目录',
      captionFrom: 'page-title',
    });
    expect(readHtml(page('<title>通知公告</title>', intro))[0]?.caption).toBeUndefined();
  });
  it('is the caption, then a heading, then the page title, then a paragraph that reads as a title', () => {
    const all = '<h2>甲县广播电视领域基层政务公开标准目录</h2><p>乙县目录</p>';
    expect(readHtml(page('<title>丙县目录</title>', all).replace('<table>', '<table><caption>丁县目录</caption>'))[0]).toMatchObject({ caption: '丁县目录' });
    expect(readHtml(page('<title>丙县目录</title>', all))[0]).toMatchObject({ caption: '甲县广播电视领域基层政务公开标准目录', captionFrom: 'heading' });
    expect(readHtml(page('<title>丙县目录</title>', '<p>乙县目录</p>'))[0]).toMatchObject({ caption: '丙县目录', captionFrom: 'page-title' });
    expect(readHtml(page('', '<div><p>乙县广播电视领域基层政务公开标准目录（2024年版）</p></div>'))[0]).toMatchObject({
      caption: '乙县广播电视领域基层政务公开标准目录（2024年版）',
      captionFrom: 'paragraph',
    });
  });
});

describe('readText', () => {
  it('splits on tabs when the copy has them; blank lines hold no row', () => {
    expect(cells(readText('a\tb\t\n\nc|d\te')[0])).toEqual([['1:1 a', '1:2 b', '1:3 '], ['3:1 c|d', '3:2 e']]);
  });
  it('reads | rows, dropping the outer pipes and rule lines of Markdown tables', () => {
    expect(cells(readText('| a | b |\n|---|:-:|\n| c |  |\nd|e|')[0])).toEqual([
      ['1:1  a ', '1:2  b '],
      ['3:1  c ', '3:2   '],
      ['4:1 d', '4:2 e', '4:3 '],
    ]);
    expect(readText('a|b')[0]?.dropsMergedCells).toBe(true);
  });
  it('joins a browser copy\'s lines into rows at the sequence numbers, keeping the breaks inside cells', () => {
    const text = ['标题', '序号\t名称\t内容', '1\t甲\t1.主体信息', '2.审批结果\t《条例》', '2\t乙', '（续）\t即时', '注：仅供参考'].join('\n');
    expect(cells(readText(text)[0])).toEqual([
      ['1:1 标题'],
      ['2:1 序号', '2:2 名称', '2:3 内容'],
      ['3:1 1', '3:2 甲', '3:3 1.主体信息\n2.审批结果', '3:4 《条例》'],
      ['5:1 2', '5:2 乙\n（续）', '5:3 即时'],
      ['7:1 注：仅供参考'],
    ]);
  });
  it('continues a mirror page\'s split rows: a line after a closing | fills the next cell', () => {
    const text = ['序号 | 名称 | 内容 | 依据 |', '3 | 甲 |', '1.主体信息 2.审批结果 |', '《条例》 |', '4 | 乙 | 3 | 《法》 |'].join('\n');
    expect(cells(readText(text)[0]).map((r) => r.map((c) => c.trim()))).toEqual([
      ['1:1 序号', '1:2  名称', '1:3  内容', '1:4  依据', '1:5'],
      ['2:1 3', '2:2  甲', '2:3 \n1.主体信息 2.审批结果', '2:4 \n《条例》', '2:5'],
      ['5:1 4', '5:2  乙', '5:3  3', '5:4  《法》', '5:5'],
    ]);
  });
  it('starts a row only at the next number, so a number inside a cell continues it', () => {
    const rows = readText('序号\t内容\n1\t甲\n3\t乙\n2\t丙')[0]!.rows;
    expect(rows.map((r) => r[0]?.text)).toEqual(['序号', '1', '2']);
    expect(rows[1]?.[1]?.text).toBe('甲\n3');
  });
  it('reads Excel\'s copy: quoted cells with line breaks, rows numbered by the line they start on', () => {
    const text = '序号\t内容\t依据\r\n1\t"1.主体信息\r\n2.审批结果"\t《条例》\r\n2\t"说""明"\t《法》\r\n';
    expect(cells(readText(text)[0])).toEqual([
      ['1:1 序号', '1:2 内容', '1:3 依据'],
      ['2:1 1', '2:2 1.主体信息\n2.审批结果', '2:3 《条例》'],
      ['4:1 2', '4:2 说"明', '4:3 《法》'],
    ]);
  });
  it('takes runs of spaces as column gaps when there are no tabs or pipes', () => {
    expect(cells(readText('序号  名称　　内容\n1  乙 丙  丁')[0])).toEqual([
      ['1:1 序号', '1:2 名称', '1:3 内容'],
      ['2:1 1', '2:2 乙 丙', '2:3 丁'],
    ]);
  });
});

describe('readCsv', () => {
  it('numbers rows by record, so a cell with line breaks is one row', () => {
    expect(cells(readCsv('a,"1.x\n2.y"\n\nb,c\n')[0])).toEqual([['1:1 a', '1:2 1.x\n2.y'], ['2:1 '], ['3:1 b', '3:2 c']]);
  });
  it('reads tab-separated files saved as .csv', () => {
    expect(cells(readCsv('a\tb,c\nd\te')[0])).toEqual([['1:1 a', '1:2 b,c'], ['2:1 d', '2:2 e']]);
  });
});

describe('decodeText', () => {
  it('reads UTF-8 with or without a byte-order mark', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('政务')]))).toEqual({ text: '政务', encoding: 'utf-8', inferred: false });
    expect(decodeText(new TextEncoder().encode('政务')).text).toBe('政务');
  });
  it('falls back to GB18030 for GBK files, and says so', () => {
    expect(decodeText(encodeGb18030('序号,公开事项'))).toEqual({ text: '序号,公开事项', encoding: 'gb18030', inferred: true });
  });
  it('follows a page’s declared charset', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('<meta charset="gb2312"><p>'), ...encodeGb18030('公开目录')]);
    expect(decodeText(bytes, { html: true })).toEqual({ text: '<meta charset="gb2312"><p>公开目录', encoding: 'gbk', inferred: false });
  });
});

describe('parseRange', () => {
  it('reads Excel range references', () => {
    expect(parseRange('B2:D3')).toEqual({ top: 2, left: 2, bottom: 3, right: 4 });
    expect(parseRange('AA10:AB12')).toEqual({ top: 10, left: 27, bottom: 12, right: 28 });
    expect(parseRange('A1')).toBeUndefined();
  });
});
