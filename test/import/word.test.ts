import fs from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { importCatalogue } from '../../src/import/index.js';
import { recoverTables } from '../../src/import/read/doc-rows.js';
import { readTables } from '../../src/import/read/read.js';
import { runCli } from '../helpers/cli.js';
import { makeDocx } from './fixtures/docx/make.js';
import { expected, fixtureRoot, printed, tempDir, tempHandbook } from './helpers.js';

/*
 * Word files: the .docx is written from the one source grid by the docx
 * library (real w:vMerge and w:gridSpan), the .doc files were converted from
 * it by LibreOffice once (fixtures/doc/README.md). Both must give the
 * catalogue the .xlsx gives, field by field, or the diagnostics decided for
 * what a .doc cannot say.
 */

interface Catalogue {
  title: string;
  domain: string;
  categories: unknown[];
}

const expectedCatalogue = parse(expected('xlsx', 'expected.yaml')) as Catalogue;

function expectSameCatalogue(yaml: string | undefined): void {
  expect(yaml).toBeDefined();
  const got = parse(yaml!) as Catalogue;
  expect(got.title).toEqual(expectedCatalogue.title);
  expect(got.domain).toEqual(expectedCatalogue.domain);
  expect(got.categories).toEqual(expectedCatalogue.categories);
}

/** code@line:column of each diagnostic, in printed order. */
function codes(diagnostics: readonly { code: string; line?: number; column?: number }[]): string[] {
  return diagnostics.map((d) => `${d.code}@${d.line ?? '-'}:${d.column ?? '-'}`).sort();
}

const sourceWarnings = (name: string) =>
  [
    `${name}:1:15 警告 不认识的列「责任科室」，这一列的内容不会导入 [import/unknown-column]`,
    '    提示：如果这一列是目录的内容，请把列名改为标准名称（如「公开依据」「备注」）。',
    `${name}:3:15 警告 这一列不属于目录，单元格「行政审批股」未导入 [import/uninterpreted-cell]`,
  ].join('\n');

describe('import .docx', () => {
  it('imports the source grid to the catalogue the .xlsx gives, merged cells included', async () => {
    const file = await makeDocx(tempDir());
    const xml = await documentXml(file);
    // The fixture really has the structures under test.
    expect(xml).toContain('<w:vMerge w:val="restart"/>');
    expect(xml).toContain('<w:gridSpan w:val="2"/>');
    expect(xml).toContain('<w:br/>');
    const result = await importCatalogue(file);
    expectSameCatalogue(result.yaml);
    // Rows and columns are the Word table's, the title a paragraph above it: one row less than the .xlsx.
    expect(printed(result.diagnostics, file)).toBe(
      [
        sourceWarnings('示例县目录.docx'),
        '示例县目录.docx:5:2 警告 分类「行政服务」不是常用分类，分类代码取为「c8e4151」 [import/derived-code]',
        '    提示：可以在生成的目录文件中把 code 改为好记的拼音首字母（如 xzxk），事项编号会随之改变，请一并修改。',
      ].join('\n'),
    );
  });

  it('reads a .docx by its content when it is named .doc', async () => {
    const docx = await makeDocx(tempDir());
    const result = await importCatalogue(docx.replace(/x$/, ''), { bytes: fs.readFileSync(docx) });
    expectSameCatalogue(result.yaml);
  });
});

describe('import .doc (Word 97-2003)', () => {
  const doc = (name: string) => path.join(fixtureRoot, 'doc', name);

  it('imports a table without merged item cells to the catalogue the .xlsx gives', async () => {
    const file = doc('示例县目录-无合并.doc');
    const result = await importCatalogue(file);
    expectSameCatalogue(result.yaml);
    expect(codes(result.diagnostics)).toEqual(['import/derived-code@5:2', 'import/uninterpreted-cell@3:15', 'import/unknown-column@1:11']);
  });

  it('reads the blanks a merge leaves as the merge, each at its cell with a warning, to the same catalogue', async () => {
    const file = doc('示例县目录.doc');
    const result = await importCatalogue(file);
    expectSameCatalogue(result.yaml);
    expect(codes(result.diagnostics)).toEqual([
      'import/derived-code@5:2',
      'import/filled-from-above@4:7',
      'import/filled-from-above@5:7',
      'import/uninterpreted-cell@3:15',
      'import/unknown-column@1:11',
    ]);
    const filled = result.diagnostics.filter((d) => d.code === 'import/filled-from-above');
    expect(filled.map((d) => [d.severity, d.field, d.message])).toEqual([
      ['warning', 'subject', '「公开主体」为空，按合并单元格沿用上一行的内容'],
      ['warning', 'subject', '「公开主体」为空，按合并单元格沿用上一行的内容'],
    ]);
  });

  it('with --draft, marks the items whose cells were taken from above', async () => {
    const result = await importCatalogue(doc('示例县目录.doc'), { draft: true });
    expect(result.drafted).toBe(2);
    expect(result.yaml).toContain('# 待核对（原表第 4 行第 7 列）：「公开主体」为空，按合并单元格沿用上一行的内容\n        subject:');
  });
});

describe('recovering .doc rows from word-extractor text', () => {
  it('splits rows by the 序号 column, keeps a heading merged across, and leaves the paragraphs around out', () => {
    const body = ['标题目录\n序号', '名称', '内容', '', '1', '甲', 'a', '', '二、行政处罚', '', '2', '乙', 'b\nc', '', '注：说明\n'].join('\t');
    const { tables } = recoverTables(body);
    expect(tables).toEqual([
      {
        before: ['标题目录'],
        firstItemRow: 1,
        rows: [['序号', '名称', '内容'], ['1', '甲', 'a'], ['二、行政处罚'], ['2', '乙', 'b\nc']],
      },
    ]);
  });

  it('keeps numbering that restarts under each heading in one table', () => {
    const { tables } = recoverTables('目录\n序号\t名称\t\t一、许可\t\t1\tA\t\t2\tB\t\t二、处罚\t\t1\tC\t\t2\tD\t\t');
    expect(tables).toEqual([
      { before: ['目录'], firstItemRow: 2, rows: [['序号', '名称'], ['一、许可'], ['1', 'A'], ['2', 'B'], ['二、处罚'], ['1', 'C'], ['2', 'D']] },
    ]);
  });

  it('finds two tables, each with its own header and title', () => {
    const table = (title: string, first: number) => `${title}\n序号\t名称\t\t${first}\tA\t\t${first + 1}\tB\t\t`;
    const { tables } = recoverTables(`${table('一目录', 1)}${table('二目录', 1)}结束\n`);
    expect(tables.map((t) => [t.before, t.rows])).toEqual([
      [['一目录'], [['序号', '名称'], ['1', 'A'], ['2', 'B']]],
      [['二目录'], [['序号', '名称'], ['1', 'A'], ['2', 'B']]],
    ]);
  });

  it('recovers nothing from cells without sequence numbers, and says there were cells', () => {
    expect(recoverTables('名称\t内容\t\t甲\ta\t\t乙\tb\t\t')).toEqual({ tables: [], tabs: true });
    expect(recoverTables('只有段落\n没有表格\n')).toEqual({ tables: [], tabs: false });
  });
});

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/** A .docx holding `body` (WordprocessingML inside w:body) and, optionally, a core.xml title. */
function docx(body: string, coreTitle?: string): Uint8Array {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'word/document.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${body}</w:body></w:document>`),
  };
  if (coreTitle !== undefined) {
    files['docProps/core.xml'] = strToU8(
      `<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${coreTitle}</dc:title></cp:coreProperties>`,
    );
  }
  return zipSync(files);
}

const p = (text: string) => `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`;
const tc = (content: string, props = '') => `<w:tc>${props === '' ? '' : `<w:tcPr>${props}</w:tcPr>`}${content}</w:tc>`;
const tr = (cells: string, props = '') => `<w:tr>${props === '' ? '' : `<w:trPr>${props}</w:trPr>`}${cells}</w:tr>`;
const tbl = (rows: string) => `<w:tbl><w:tblPr/><w:tblGrid/>${rows}</w:tbl>`;

async function read(body: string, coreTitle?: string) {
  const r = await readTables('测试.docx', docx(body, coreTitle));
  expect(r.diagnostics).toEqual([]);
  return r.tables;
}

/** Each table as rows of "text@row:column". */
function cells(tables: Awaited<ReturnType<typeof read>>): string[][][] {
  return tables.map((t) => t.rows.map((row) => row.map((c) => `${c.text}@${c.row}:${c.column}`)));
}

describe('reading document.xml', () => {
  it('expands w:gridSpan and w:vMerge into the grid, the merged text on every cell it covers', async () => {
    const tables = await read(
      tbl(
        tr(tc(p('A'), '<w:gridSpan w:val="2"/>') + tc(p('主体'), '<w:vMerge w:val="restart"/>')) +
          tr(tc(p('b')) + tc(p('c')) + tc('<w:p/>', '<w:vMerge/>')) +
          tr(tc(p('d')) + tc(p('e')) + tc('<w:p/>', '<w:vMerge w:val="continue"/>')) +
          tr(tc(p('f')) + tc(p('g')) + tc(p('新'))),
      ),
    );
    expect(cells(tables)).toEqual([
      [
        ['A@1:1', 'A@1:2', '主体@1:3'],
        ['b@2:1', 'c@2:2', '主体@2:3'],
        ['d@3:1', 'e@3:2', '主体@3:3'],
        ['f@4:1', 'g@4:2', '新@4:3'],
      ],
    ]);
  });

  it('starts a row further right after w:gridBefore, so its cells keep their grid columns', async () => {
    const tables = await read(tbl(tr(tc(p('a')) + tc(p('b')) + tc(p('c'))) + tr(tc(p('y')) + tc(p('z')), '<w:gridBefore w:val="1"/><w:gridAfter w:val="0"/>')));
    expect(cells(tables)).toEqual([
      [
        ['a@1:1', 'b@1:2', 'c@1:3'],
        ['@2:1', 'y@2:2', 'z@2:3'],
      ],
    ]);
  });

  it('reads a nested table as a table of its own, never mixing its rows into the outer one', async () => {
    const inner = tbl(tr(tc(p('内1')) + tc(p('内2'))) + tr(tc(p('内3')) + tc(p('内4'))));
    const tables = await read(tbl(tr(tc(p('外1') + inner + p('外1下')) + tc(p('外2'))) + tr(tc(p('外3')) + tc(p('外4')))));
    expect(cells(tables)).toEqual([
      [
        ['外1\n外1下@1:1', '外2@1:2'],
        ['外3@2:1', '外4@2:2'],
      ],
      [
        ['内1@1:1', '内2@1:2'],
        ['内3@2:1', '内4@2:2'],
      ],
    ]);
  });

  it('builds cell text from runs: paragraphs and breaks are lines, tabs stay, deleted text is left out and inserted text kept', async () => {
    const cell =
      '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>第一</w:t><w:tab/><w:t>行</w:t><w:br/><w:t>第二行</w:t></w:r>' +
      '<w:del w:id="1" w:author="a"><w:r><w:delText>删掉的</w:delText></w:r></w:del>' +
      '<w:ins w:id="2" w:author="a"><w:r><w:t>加上的</w:t></w:r></w:ins></w:p>' +
      '<w:p><w:r><w:t xml:space="preserve">  第三段  </w:t></w:r><w:r><w:cr/><w:t>第四</w:t></w:r></w:p><w:p/>';
    const tables = await read(tbl(tr(tc(cell))));
    expect(tables[0]!.rows[0]![0]!.text).toBe('第一\t行\n第二行加上的\n第三段\n第四');
  });

  it('leaves out a deleted row and joins a paragraph whose mark was deleted with the next', async () => {
    const joined = '<w:p><w:pPr><w:rPr><w:del w:id="3" w:author="a"/></w:rPr></w:pPr><w:r><w:t>前半</w:t></w:r></w:p>' + p('后半');
    const tables = await read(tbl(tr(tc(joined)) + tr(tc(p('删去的行')), '<w:del w:id="4" w:author="a"/>') + tr(tc(p('留下')))));
    expect(cells(tables)).toEqual([[['前半后半@1:1'], ['留下@2:1']]]);
  });

  it('titles a table with the nearest paragraph above it that names a directory, else the document title', async () => {
    const one = tbl(tr(tc(p('x'))));
    const tables = await read(p('某县交通运输领域基层政务公开标准目录') + p('附件1') + one + p('说明') + one, '某县卫生健康领域目录');
    expect(tables.map((t) => t.caption)).toEqual(['某县交通运输领域基层政务公开标准目录', '某县交通运输领域基层政务公开标准目录']);
    expect((await read(one, '某县卫生健康领域目录'))[0]!.caption).toBe('某县卫生健康领域目录');
    expect((await read(p('附件1') + one, '工作簿1'))[0]!.caption).toBeUndefined();
  });

  it('ignores a markup-compatibility fallback, which repeats the text of what it stands in for', async () => {
    const mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"';
    const cell = `<w:p><w:r><mc:AlternateContent ${mc}><mc:Choice Requires="wps"><w:t>框</w:t></mc:Choice><mc:Fallback><w:t>框</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>`;
    const tables = await read(tbl(tr(tc(cell))));
    expect(tables[0]!.rows[0]![0]!.text).toBe('框');
  });
});

describe('broken Word files', () => {
  const chineseOnly = (text: string) => text.replace(/Word|WPS|\.docx?|\d/g, '');

  it.each([
    ['not a zip', new TextEncoder().encode('这不是 Word 文件')],
    ['a zip without a document', zipSync({ 'a.txt': strToU8('x') })],
    ['truncated', docx(tbl(tr(tc(p('x'))))).subarray(0, 60)],
    ['broken XML', zipSync({ 'word/document.xml': strToU8(`<w:document ${W}><w:body><w:tbl></w:body>`) })],
  ])('%s (.docx): a Chinese error and no catalogue', async (_, bytes) => {
    const result = await importCatalogue('坏文件.docx', { bytes });
    expect(result.yaml).toBeUndefined();
    expect(result.diagnostics).toHaveLength(1);
    const [d] = result.diagnostics;
    expect(d!.code).toBe('import/unreadable');
    expect(d!.message).toMatch(/^无法读取 Word 文档：/);
    expect(chineseOnly(`${d!.message}${d!.hint}`)).not.toMatch(/[A-Za-z]{3,}/);
  });

  it('an OLE file that is not a Word document (as a password-protected .docx is): a Chinese error', async () => {
    const bytes = new Uint8Array(2048);
    bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const result = await importCatalogue('加密.docx', { bytes });
    expect(result.yaml).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual(['import/unreadable']);
    expect(result.diagnostics[0]!.message).toBe('无法读取 Word 文档：文件已损坏，或不是它的扩展名所说的格式');
    expect(result.diagnostics[0]!.hint).toContain('没有加密');
  });
});

describe('handbook import with Word files (CLI)', () => {
  it('imports a .docx whose result passes `handbook check`', async () => {
    const input = await makeDocx(tempDir());
    const out = path.join(tempDir(), 'catalogue.yaml');
    const r = runCli(['import', path.basename(input), '-o', out], path.dirname(input));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('（2 个分类、3 个事项；标题「示例县广播电视领域基层政务公开标准目录（2024年版）」，领域「广播电视」；0 个错误，3 个警告）');
    const yaml = fs.readFileSync(out, 'utf8');
    expectSameCatalogue(yaml);
    const check = runCli(['check', 'handbook.yaml'], tempHandbook(yaml));
    expect(check.status, check.stderr).toBe(0);
    expect(check.stderr).not.toContain('错误');
  });

  it('imports a .doc through the bundle, which loads word-extractor from node_modules', () => {
    const dir = tempDir();
    fs.copyFileSync(path.join(fixtureRoot, 'doc/示例县目录-无合并.doc'), path.join(dir, '目录.doc'));
    const r = runCli(['import', '目录.doc'], dir);
    expect(r.status, r.stderr).toBe(0);
    expectSameCatalogue(fs.readFileSync(path.join(dir, '目录.yaml'), 'utf8'));
    expect(fs.readFileSync(path.join(fixtureRoot, '../../../dist/handbook.cjs'), 'latin1')).not.toContain('WordOleExtractor');
  });

  it('refuses .wps with advice to save as .docx', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '目录.wps'), 'x');
    const r = runCli(['import', '目录.wps'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('目录.wps 错误 不支持的文件类型「.wps」 [import/unsupported-format]');
    expect(r.stderr).toContain('「另存为」Word 文档（.docx）');
  });
});

async function documentXml(file: string): Promise<string> {
  const { unzipSync, strFromU8 } = await import('fflate');
  return strFromU8(unzipSync(fs.readFileSync(file))['word/document.xml']!);
}
