import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCatalogue } from '../../src/import/index.js';
import type { ImportResult } from '../../src/import/index.js';
import writeXlsxFile from 'write-excel-file/node';
import { encodeGb18030, expected, fixtureRoot, printed, tempDir, writeXlsx } from './helpers.js';

const header = [
  '序号,公开事项,,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体,公开对象,,公开方式,,公开层级,',
  ',一级事项,二级事项,,,,,,全社会,特定群体,主动,依申请,县级,乡级',
];
const row = (n: number, category: string, name: string) =>
  `${n},${category},${name},主体信息,《广播电视管理条例》,20个工作日内,县级广播电视行政部门,■政府网站,√,,√,,√,`;

async function importText(name: string, lines: string[] | Uint8Array, options = {}): Promise<ImportResult> {
  const bytes = lines instanceof Uint8Array ? lines : new TextEncoder().encode(lines.join('\n'));
  return importCatalogue(path.join('/virtual', name), { ...options, bytes });
}

const codes = (r: ImportResult) => r.diagnostics.map((d) => `${d.line ?? '-'}:${d.column ?? '-'} ${d.severity} ${d.code}`);

describe('what stops an import (nothing is produced)', () => {
  it('a row with content but no item name, and items missing required fields', async () => {
    const file = path.join(fixtureRoot, 'missing-name/不完整目录.csv');
    const r = await importCatalogue(file);
    expect(r.yaml).toBeUndefined();
    expect(r.catalogue).toBeUndefined();
    expect(printed(r.diagnostics, file)).toBe(expected('missing-name', 'expected-diagnostics.txt').trimEnd());
  });

  it('a row of check marks without a name (not mistaken for a heading)', async () => {
    const r = await importText('a.csv', [...header, row(1, '行政许可', '甲'), '2,,,,,,,,√,,√,,√,']);
    expect(codes(r).filter((c) => c.includes('error'))).toEqual(['4:3 error import/missing-name']);
    expect(r.yaml).toBeUndefined();
  });

  it('a table without the directory header', async () => {
    const r = await importText('a.csv', ['姓名,电话', '张三,123']);
    expect(r.yaml).toBeUndefined();
    expect(codes(r)).toEqual(['-:- error import/no-header']);
  });

  it('a header missing a required column', async () => {
    const r = await importText('a.csv', [header[0]?.replace('公开时限', '时间') ?? '', header[1] ?? '', row(1, '行政许可', '甲')]);
    expect(r.yaml).toBeUndefined();
    expect(codes(r)).toEqual(['1:6 warning import/unknown-column', '1:1 error import/missing-column', '3:6 warning import/uninterpreted-cell', '-:- warning import/default-domain', '-:- warning import/default-title']);
    expect(r.diagnostics[1]?.message).toBe('表头中找不到「公开时限」列');
  });

  it('a header with no items under it', async () => {
    const r = await importText('a.csv', header);
    expect(codes(r)).toContain('1:1 error import/no-items');
    expect(r.yaml).toBeUndefined();
  });

  it('files it cannot read', async () => {
    expect(codes(await importText('a.xlsx', new Uint8Array([1, 2, 3])))).toEqual(['-:- error import/unreadable']);
    expect(codes(await importText('a.csv', ['a,"b']))).toEqual(['-:- error import/unreadable']);
    expect(codes(await importText('a.pdf', ['x']))).toEqual(['-:- error import/unreadable']);
    expect(codes(await importText('a.doc', ['x']))).toEqual(['-:- error import/unreadable']);
    expect(codes(await importText('a.docx', ['x']))).toEqual(['-:- error import/unreadable']);
    expect(codes(await importText('a.wps', ['x']))).toEqual(['-:- error import/unsupported-format']);
    const missing = await importCatalogue('/no/such/目录.csv');
    expect(missing.diagnostics.map((d) => d.message)).toEqual(['找不到文件']);
  });
});

describe('tables that import with care', () => {
  it('a web page whose title is a guess says where it came from', async () => {
    const table = ['<table>', ...[...header, row(1, '行政许可', '甲')].map((l) => `<tr>${l.split(',').map((c) => `<td>${c}</td>`).join('')}</tr>`), '</table>'].join('');
    const html = `<html><head><title>示例县广播电视领域基层政务公开标准目录_示例县人民政府</title></head><body><p>现将目录公布如下：</p>${table}</body></html>`;
    const r = await importText('a.html', [html]);
    expect(r.catalogue?.title).toBe('示例县广播电视领域基层政务公开标准目录');
    const guess = r.diagnostics.find((d) => d.code === 'import/title-guess');
    expect(guess?.message).toBe('表格没有标题行，目录标题取自网页的标题（<title>）：「示例县广播电视领域基层政务公开标准目录」');
    expect(guess?.severity).toBe('warning');
  });

  it('a GBK-encoded CSV from Excel on Chinese Windows', async () => {
    const r = await importText('a.csv', encodeGb18030(['示例县广播电视领域基层政务公开标准目录', ...header, row(1, '行政许可', '甲')].join('\r\n')));
    expect(codes(r)).toEqual(['-:- warning import/encoding']);
    expect(r.catalogue?.categories[0]?.items[0]?.name).toBe('甲');
    expect(r.catalogue?.domain).toBe('广播电视');
  });

  it('a header repeated by a page break, a category row, and a category split across the table', async () => {
    const r = await importText('a.csv', [
      ...header,
      row(1, '行政许可', '甲'),
      ...header,
      ',行政处罚,,,,,,,,,,,,',
      row(2, '', '乙'),
      row(3, '行政许可', '丙'),
    ]);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.catalogue?.categories.map((c) => `${c.name}:${c.items.map((i) => `${i.id}=${i.name}`).join(',')}`)).toEqual([
      '行政许可:xzxk-01=甲,xzxk-02=丙',
      '行政处罚:xzcf-01=乙',
    ]);
  });

  it('a one-row header whose 公开对象, 公开方式 and 公开层级 columns hold words', async () => {
    const r = await importText('a.csv', [
      '序号,一级事项,事项名称,公开内容,公开依据,公开时限,公开主体,公开渠道,公开对象,公开方式,公开层级',
      '1,行政许可,甲,主体信息,《条例》,20个工作日内,县级广播电视行政部门,政府网站、政务服务中心,全社会、特定群众,依申请公开,县级、乡（镇）级',
      '2,行政许可,乙,主体信息,《条例》,20个工作日内,县级广播电视行政部门,政府网站,公众,主动公开,区县级',
    ]);
    expect(codes(r)).toEqual(['3:9 warning import/uninterpreted-cell', '3:9 error import/missing-value', '-:- warning import/default-domain', '-:- warning import/default-title']);
    const r2 = await importText('a.csv', [
      '序号,一级事项,事项名称,公开内容,公开依据,公开时限,公开主体,公开渠道,公开对象,公开方式,公开层级',
      '1,行政许可,甲,主体信息,《条例》,20个工作日内,县级广播电视行政部门,政府网站、政务服务中心,全社会、特定群众,依申请公开,县级、乡（镇）级',
    ], { title: '某目录', domain: '广电' });
    expect(codes(r2)).toEqual([]);
    expect(r2.catalogue).toEqual({
      title: '某目录',
      domain: '广电',
      categories: [
        {
          name: '行政许可',
          code: 'xzxk',
          items: [
            {
              id: 'xzxk-01',
              name: '甲',
              content: ['主体信息'],
              basis: ['《条例》'],
              timeLimit: '20个工作日内',
              subject: '县级广播电视行政部门',
              channels: ['政府网站', '政务服务中心'],
              audience: ['全社会', '特定群体'],
              method: ['依申请'],
              levels: ['县级', '乡级'],
            },
          ],
        },
      ],
    });
  });

  it('a workbook with one sheet per category, after a cover sheet: every directory sheet is read', async () => {
    const sheet = (lines: string[]) => lines.map((l) => l.split(','));
    const file = path.join(tempDir(), '按分类分表.xlsx');
    await writeXlsxFile(
      [
        { sheet: '封面', data: sheet(['示例县广播电视领域基层政务公开标准目录']) },
        { sheet: '许可', data: sheet([...header, row(1, '行政许可', '甲')]) },
        { sheet: '处罚', data: sheet([...header, row(1, '行政处罚', '乙'), '2,,,,,,,,,,,,,']) },
      ],
    ).toFile(file);
    const r = await importCatalogue(file);
    expect(r.catalogue?.categories.map((c) => c.items.map((i) => i.id).join())).toEqual(['xzxk-01', 'xzcf-01']);
    expect(printed(r.diagnostics, file)).toBe(
      [
        '按分类分表.xlsx 警告 表格标题中没有写明领域，领域取为「政务公开」 [import/default-domain]',
        '    提示：导入时用 --domain 指定（如 --domain 广播电视），或导入后修改目录文件的 domain。',
        '按分类分表.xlsx 警告 表格没有标题，目录标题取为「基层政务公开标准目录」 [import/default-title]',
        '    提示：导入时用 --title 指定，或导入后修改目录文件的 title。',
        '按分类分表.xlsx 警告 文件中有 2 个目录表格，已依次全部导入：工作表「许可」、工作表「处罚」 [import/multiple-tables]',
        '    提示：如果其中有重复的表格（如网页的打印版），请删去后再导入。',
        // Row numbers restart in each sheet, so the message names the sheet.
        '按分类分表.xlsx:4:1 警告 这一行不是事项，未导入：「2」（工作表「处罚」） [import/skipped-row]',
        '    提示：说明文字不会导入；如果它是一级事项，请把它写在「一级事项」列中。',
      ].join('\n'),
    );
  });

  it('an .xlsx whose first sheet is a cover page', async () => {
    const file = await writeXlsx([], 'a.xlsx');
    expect(codes(await importCatalogue(file))).toEqual(['-:- error import/no-header']);
  });
});
