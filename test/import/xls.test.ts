import fs from 'node:fs';
import path from 'node:path';
import * as X from '@e965/xlsx';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { importCatalogue } from '../../src/import/index.js';
import { readTables } from '../../src/import/read/read.js';
import { sourceHtml } from './fixtures/source.js';
import { biff8, makeXls, sourceSheet, xlsName } from './fixtures/xls/make.js';
import { runCli } from '../helpers/cli.js';
import { expected, fixtureRoot, printed, tempDir, tempHandbook } from './helpers.js';

/*
 * .xls (Excel 97–2003 / WPS) import, end to end on real files written by
 * SheetJS's BIFF8 writer: the fixture must import to the catalogue the .xlsx
 * fixture gives, with the same warnings at the same cells.
 */

interface Catalogue {
  title: string;
  domain: string;
  categories: unknown[];
}

const xlsxCatalogue = () => parse(expected('xlsx', 'expected.yaml')) as Catalogue;

function expectSameCatalogue(yaml: string | undefined): void {
  expect(yaml).toBeDefined();
  const got = parse(yaml!) as Catalogue;
  const want = xlsxCatalogue();
  expect(got.title).toBe(want.title);
  expect(got.domain).toBe(want.domain);
  expect(got.categories).toEqual(want.categories);
}

/** Writes bytes under `name` in a fresh folder. */
function write(name: string, bytes: Uint8Array | string): string {
  const file = path.join(tempDir('handbook-xls-'), name);
  fs.writeFileSync(file, bytes);
  return file;
}

/** A sheet of cells placed by address, with `!ref` spanning them. */
function sparseSheet(cells: Record<string, string>): X.WorkSheet {
  const sheet: X.WorkSheet = {};
  const range = { s: { r: 0, c: 0 }, e: { r: 0, c: 0 } };
  for (const [address, value] of Object.entries(cells)) {
    sheet[address] = { t: 's', v: value };
    const { r, c } = X.utils.decode_cell(address);
    range.e.r = Math.max(range.e.r, r);
    range.e.c = Math.max(range.e.c, c);
  }
  sheet['!ref'] = X.utils.encode_range(range);
  return sheet;
}

/** Rewrites the workbook stream of an .xls, as a hand-made or damaged file would have it. */
function patchWorkbook(bytes: Buffer, patch: (stream: Buffer) => Buffer): Buffer {
  const container = X.CFB.read(bytes, { type: 'buffer' });
  const entry = X.CFB.find(container, '/Workbook');
  entry.content = patch(Buffer.from(entry.content));
  entry.size = entry.content.length;
  return X.CFB.write(container, { type: 'buffer' }) as Buffer;
}

/** Where each record of a workbook stream starts. */
function* records(stream: Buffer): Generator<number> {
  for (let pos = 0; pos + 4 <= stream.length; pos += 4 + stream.readUInt16LE(pos + 2)) yield pos;
}

/** Moves the text cell record (LABELSST or LABEL) at (row, column), 0-based, to another place, leaving the sheet's stated dimensions as they were. */
function moveCell(stream: Buffer, from: [number, number], to: [number, number]): Buffer {
  for (const pos of records(stream)) {
    if ([0x00fd, 0x0204].includes(stream.readUInt16LE(pos)) && stream.readUInt16LE(pos + 4) === from[0] && stream.readUInt16LE(pos + 6) === from[1]) {
      stream.writeUInt16LE(to[0], pos + 4);
      stream.writeUInt16LE(to[1], pos + 6);
      return stream;
    }
  }
  throw new Error('cell record not found');
}

/**
 * `biff8({ 目录: X.utils.aoa_to_sheet([[1], [2], …, [count]]) })`, byte for byte, in a tenth of the
 * time: SheetJS's writer allocates a 16 KB block for every cell record (seconds for 20,000 rows).
 * It writes the sheet of 1 with the range the numbers would span, so the sheet's dimensions and
 * every other record are its own; the NUMBER records of rows 2 on are copies of row 1's, with
 * their row and value set.
 */
function numberColumn(count: number): Buffer {
  const sheet = X.utils.aoa_to_sheet([[1]]);
  sheet['!ref'] = `A1:A${count}`;
  return patchWorkbook(biff8({ 目录: sheet }), (stream) => {
    const first = [...records(stream)].find((pos) => stream.readUInt16LE(pos) === 0x0203)!;
    const end = first + 4 + stream.readUInt16LE(first + 2);
    const size = end - first;
    const more = Buffer.alloc((count - 1) * size);
    for (let row = 1; row < count; row++) {
      const at = (row - 1) * size;
      stream.copy(more, at, first, end);
      more.writeUInt16LE(row, at + 4);
      more.writeDoubleLE(row + 1, at + 10);
    }
    return Buffer.concat([stream.subarray(0, end), more, stream.subarray(end)]);
  });
}

/** Every message in Chinese: no English sentence from a library reaches the user. */
function expectChinese(messages: string[]): void {
  for (const m of messages) {
    expect(m).toMatch(/[\u4e00-\u9fff]/);
    expect(m.replace(/Excel|WPS|XML|GBK|UTF-8|\.xlsx/g, '')).not.toMatch(/[A-Za-z]{3,}/);
  }
}

describe('import .xls', () => {
  it('imports the fixture to the .xlsx fixture catalogue, with the same diagnostics', async () => {
    const file = await makeXls(tempDir('handbook-xls-'));
    const result = await importCatalogue(file);
    expect(printed(result.diagnostics, file)).toBe(expected('xlsx', 'expected-diagnostics.txt').trimEnd().replaceAll('示例县目录.xlsx', xlsName));
    expectSameCatalogue(result.yaml);
    // The whole file too, but for the source named in its first line.
    expect(result.yaml).toBe(expected('xlsx', 'expected.yaml').replace('示例县目录.xlsx', xlsName));
  });

  it('reads numbers as typed, dates as ISO dates, and keeps row and column numbers', async () => {
    const sheet = X.utils.aoa_to_sheet([[], [null, 1, 2.5, 45306, 45306, 0.5, 1234567, true, '行政\n许可']]);
    sheet['D2']!.z = 'yyyy-mm-dd';
    sheet['E2']!.z = 'yyyy"年"m"月"d"日"';
    sheet['F2']!.z = '0%';
    sheet['G2']!.z = '#,##0';
    const { tables, diagnostics } = await readTables('数值.xls', biff8({ 数值: sheet }));
    expect(diagnostics).toEqual([]);
    expect(tables).toHaveLength(1);
    expect(tables[0]!.label).toBe('数值');
    // Row 1 is empty but still row 1; the first cell of row 2 is column 2.
    expect(tables[0]!.rows[0]).toEqual([]);
    expect(tables[0]!.rows[1]!.map((c) => `${c.row}:${c.column}=${c.text}`)).toEqual([
      '2:1=',
      '2:2=1',
      '2:3=2.5',
      '2:4=2024-01-15',
      '2:5=2024-01-15',
      '2:6=50%',
      '2:7=1,234,567',
      '2:8=TRUE',
      '2:9=行政\n许可',
    ]);
  });

  it('fills merged cells: the title across, 一级事项 and 公开主体 down', async () => {
    const { tables } = await readTables(xlsName, biff8({ 广播电视: sourceSheet() }));
    const rows = tables[0]!.rows.map((r) => r.map((c) => c.text));
    expect(new Set(rows[0])).toEqual(new Set(['示例县广播电视领域基层政务公开标准目录（2024年版）']));
    expect(rows[0]).toHaveLength(15);
    expect(rows[1]!.slice(1, 3)).toEqual(['公开事项', '公开事项']);
    expect(rows.slice(3, 6).map((r) => r[6])).toEqual(['县级广播电视行政部门', '县级广播电视行政部门', '县级广播电视行政部门']);
    expect(rows[4]![1]).toBe('行政许可');
  });

  it('reads a WPS .et (the same compound file) and an .xlsx saved under an .xls name', async () => {
    const et = await importCatalogue(write('示例县目录.et', biff8({ 广播电视: sourceSheet() })));
    expect(et.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expectSameCatalogue(et.yaml);
    const book = X.utils.book_new();
    X.utils.book_append_sheet(book, sourceSheet(), '广播电视');
    const renamed = await importCatalogue(write('另存的.xls', X.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer));
    expectSameCatalogue(renamed.yaml);
  });

  it('reads an HTML table saved as .xls, as web systems export it', async () => {
    const result = await importCatalogue(write('网页导出.xls', sourceHtml()));
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expectSameCatalogue(result.yaml);
  });

  it('reads tab-separated text saved as .xls, like the same table as CSV', async () => {
    const csv = fs.readFileSync(path.join(fixtureRoot, 'csv/广播电视目录.csv'), 'utf8');
    const tsv = (parseCsv(csv, { relax_column_count: true }) as string[][])
      .map((row) => row.map((cell) => (cell.includes('\n') ? `"${cell}"` : cell)).join('\t'))
      .join('\r\n');
    const result = await importCatalogue(write('广播电视目录.xls', tsv));
    expect(result.yaml).toBe(expected('csv', 'expected.yaml').replace('广播电视目录.csv', '广播电视目录.xls'));
  });

  it('refuses a sheet whose extent passes the cell cap, quickly, at the cell that passes it', async () => {
    // SheetJS's writer walks the whole range, so the far cell is moved there in the written file.
    const bytes = patchWorkbook(biff8({ 目录: sparseSheet({ A1: '序号', B2: '末尾' }) }), (s) => moveCell(s, [1, 1], [65535, 255]));
    const start = performance.now();
    const result = await importCatalogue(write('范围过大.xls', bytes));
    expect(performance.now() - start).toBeLessThan(2000);
    expect(result.yaml).toBeUndefined();
    expect(result.diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual(['import/too-many-cells 65536:256']);
    expect(result.diagnostics[0]!.message).toContain('（工作表「目录」）');
  });

  it('refuses more rows with content than the row cap', async () => {
    const result = await importCatalogue(write('行数过多.xls', numberColumn(20_001)));
    expect(result.yaml).toBeUndefined();
    expect(result.diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual(['import/too-many-rows 20001:1']);
  });

  it('reads a sheet with one cell at row 65,536 cheaply', async () => {
    const bytes = biff8({ 广播电视: sourceSheet(), 说明: sparseSheet({ A65536: '填表说明' }) });
    const start = performance.now();
    const result = await importCatalogue(write('末行.xls', bytes));
    expect(performance.now() - start).toBeLessThan(2000);
    expectSameCatalogue(result.yaml);
  });

  it.each([
    ['cut short', (b: Buffer) => b.subarray(0, 1536)],
    ['overwritten', (b: Buffer) => Buffer.concat([b.subarray(0, 512), Buffer.alloc(b.length - 512, 0xff)])],
    ['not a workbook', () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))],
  ])('reports a broken .xls (%s) in Chinese as import/unreadable, with no output', async (_, corrupt) => {
    const bytes = corrupt(biff8({ 广播电视: sourceSheet() }));
    const result = await importCatalogue(write('损坏.xls', bytes));
    expect(result.yaml).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual(['import/unreadable']);
    expect(result.diagnostics[0]!.message).toMatch(/^无法读取 Excel 文件：/);
    expectChinese(result.diagnostics.flatMap((d) => [d.message, d.hint ?? '']));
  });

  it('reports an encrypted .xls as encrypted, in Chinese', async () => {
    // A FILEPASS record (XOR obfuscation) right after the workbook's BOF, as Excel writes it for a password.
    const filepass = Buffer.from([0x2f, 0x00, 0x06, 0x00, 0x00, 0x00, 0x12, 0x34, 0x56, 0x78]);
    const bytes = patchWorkbook(biff8({ 广播电视: sourceSheet() }), (s) => {
      const bof = 4 + s.readUInt16LE(2);
      return Buffer.concat([s.subarray(0, bof), filepass, s.subarray(bof)]);
    });
    const result = await importCatalogue(write('加密.xls', bytes));
    expect(result.yaml).toBeUndefined();
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['import/unreadable 无法读取 Excel 文件：文件已加密（设有打开密码，或工作簿设有保护）']);
  });

  it('refuses Excel 2003 XML saved as .xls with advice', async () => {
    const xml = '<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="目录"></Worksheet></Workbook>\n';
    const result = await importCatalogue(write('导出.xls', xml));
    expect(result.diagnostics.map((d) => d.code)).toEqual(['import/unsupported-format']);
    expect(result.diagnostics[0]!.hint).toContain('另存为」Excel 工作簿（.xlsx）');
  });
});

describe('handbook import (CLI) of an .xls', () => {
  it('imports the fixture, prints the .xlsx diagnostics, and the result passes `handbook check`', async () => {
    const file = await makeXls(tempDir('handbook-xls-'));
    const out = path.join(tempDir(), 'catalogue.yaml');
    const r = runCli(['import', xlsName, '-o', out], path.dirname(file));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr.trimEnd()).toBe(expected('xlsx', 'expected-diagnostics.txt').trimEnd().replaceAll('示例县目录.xlsx', xlsName));
    const yaml = fs.readFileSync(out, 'utf8');
    expectSameCatalogue(yaml);
    const check = runCli(['check', 'handbook.yaml'], tempHandbook(yaml));
    expect(check.status, check.stderr).toBe(0);
    expect(check.stderr).not.toContain('错误');
  });

  it('exits 1 on a broken .xls and writes nothing', () => {
    const file = write('损坏.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600, 0xff)]));
    const dir = path.dirname(file);
    const r = runCli(['import', '损坏.xls'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('损坏.xls 错误 无法读取 Excel 文件：');
    expect(r.stderr).toContain('[import/unreadable]');
    expect(fs.readdirSync(dir)).toEqual(['损坏.xls']);
  });
});
