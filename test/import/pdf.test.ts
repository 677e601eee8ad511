import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadFontManifest } from '../../src/document/fonts.js';
import { importCatalogue } from '../../src/import/index.js';
import { readTables } from '../../src/import/read/read.js';
import { renderPdf } from '../../src/pdf/render.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { openPdf } from '../helpers/pdf.js';
import { copiesOverPages, makePdf } from './fixtures/pdf/make.js';
import { sourceGrid, sourceHeaderRows } from './fixtures/source.js';
import { expected, printed, tempDir, tempHandbook } from './helpers.js';

/*
 * PDFs written by pdfmake from the one source grid (no binary committed),
 * read back through the whole import: the same catalogue as the .xlsx.
 */

interface Catalogue {
  title: string;
  domain: string;
  categories: { name: string; code: string; items: { id: string; name: string }[] }[];
}

const xlsx = parse(expected('xlsx', 'expected.yaml')) as Catalogue;
const font = loadFontManifest([path.join(repoRoot, 'fonts/manifest.yaml')]).value.resolve('Noto Sans SC').value!;

/** A PDF of pdfmake content, written to a fresh folder. */
async function pdfOf(name: string, definition: Record<string, unknown>): Promise<string> {
  const { bytes } = await renderPdf({ defaultStyle: { font: font.name }, ...definition } as never, [font], []);
  const file = path.join(tempDir('handbook-pdf-'), name);
  fs.writeFileSync(file, bytes);
  return file;
}

describe('import of a PDF', () => {
  it('gives the catalogue the .xlsx of the same table gives, field by field', async () => {
    const file = await makePdf(tempDir('handbook-pdf-'));
    const started = performance.now();
    const result = await importCatalogue(file);
    const ms = performance.now() - started;
    expect(printed(result.diagnostics, file)).toBe(expected('pdf', 'expected-diagnostics.txt').trimEnd());
    const got = parse(result.yaml ?? '') as Catalogue;
    expect(got.title).toBe(xlsx.title);
    expect(got.domain).toBe(xlsx.domain);
    expect(got.categories).toEqual(xlsx.categories);
    // The YAML differs from the .xlsx's only in the source named in its first line.
    expect(result.yaml).toBe(expected('xlsx', 'expected.yaml').replace('示例县目录.xlsx', '示例县目录.pdf'));
    // pdfjs is loaded on first use; a one-page table is read well within a second after that.
    expect(ms).toBeLessThan(10_000);
  });

  it('puts the two header rows and the body rows in the table, merged cells filled across their span', async () => {
    const file = await makePdf(tempDir('handbook-pdf-'));
    const { tables, diagnostics } = await readTables(file, fs.readFileSync(file));
    expect(diagnostics).toEqual([]);
    expect(tables).toHaveLength(1);
    const rows = tables[0]!.rows.map((r) => r.map((c) => c.text));
    expect(tables[0]!.caption).toBe('示例县广播电视领域基层政务公开标准目录（2024年版）');
    expect(rows).toHaveLength(sourceGrid.length);
    expect(rows[0]!.slice(0, 3)).toEqual(['序号', '公开事项', '公开事项']);
    expect(rows[1]!.slice(0, 3)).toEqual(['序号', '一级事项', '二级事项']);
    // 一级事项 merged over items 1–2, 公开主体 over all three.
    expect(rows.slice(sourceHeaderRows).map((r) => r[1])).toEqual(['行政许可', '行政许可', '行政服务']);
    expect(rows.slice(sourceHeaderRows).map((r) => r[6])).toEqual(Array(3).fill('县级广播电视行政部门'));
    // A wrapped line continues its line; a line break the author typed stays one.
    expect(rows[3]![5]).toBe('自信息形成或变更之日起\n20个工作日内');
    expect(rows[2]![4]).toBe('《广播电视视频点播业务管理办法》');
    // Row and column: the table's, counted from its top.
    expect(tables[0]!.rows[4]![2]).toMatchObject({ row: 5, column: 3 });
  });

  it('reads a table printed without rules from the header columns and the sequence numbers; merged cells stay in their first row', async () => {
    const ruled = await makePdf(tempDir('handbook-pdf-'));
    const bare = await makePdf(tempDir('handbook-pdf-'), { borders: false });
    const textsOf = async (file: string) => (await readTables(file, fs.readFileSync(file))).tables[0]!.rows.map((r) => r.map((c) => c.text));
    const expectedRows = await textsOf(ruled);
    // Without rules a merged cell prints in its first row only: the rows it covers are empty.
    expectedRows[3]![1] = '';
    expectedRows[3]![6] = '';
    expectedRows[4]![6] = '';
    // Without rules the widest line of a column marks where lines wrap: the same text, some breaks placed otherwise.
    const flat = (rows: string[][]) => rows.map((r) => r.map((t) => t.replace(/\n/g, '')));
    const got = await textsOf(bare);
    expect(flat(got)).toEqual(flat(expectedRows));
    expect(got[3]![3]).toBe('①主体信息\n②审核结果');
    // 一级事项 carries down (as in every format); 公开主体 is missing where it was merged.
    const result = await importCatalogue(bare);
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(['4:7 import/missing-value', '5:7 import/missing-value']);
  });

  it.each([
    ['repeated on every page', true],
    ['printed once', false],
  ])('reads a table over several pages, header %s, as one table with every item once', async (_what, repeatHeader) => {
    const file = await makePdf(tempDir('handbook-pdf-'), { rowsPerPage: 3, repeatHeader });
    expect(openPdf(fs.readFileSync(file)).countPages()).toBe(copiesOverPages);
    const { tables } = await readTables(file, fs.readFileSync(file));
    const rows = tables[0]!.rows.map((r) => r.map((c) => c.text));
    // The header once, then 1…9 in order.
    expect(rows.filter((r) => r[0] === '序号')).toHaveLength(sourceHeaderRows);
    expect(rows.slice(sourceHeaderRows).map((r) => r[0])).toEqual(Array.from({ length: 3 * copiesOverPages }, (_, i) => String(i + 1)));
    expect(tables[0]!.rows.map((r) => r[0]!.row)).toEqual(rows.map((_, i) => i + 1));
    const result = await importCatalogue(file);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const got = parse(result.yaml ?? '') as Catalogue;
    const names = got.categories.flatMap((c) => c.items.map((i) => i.name));
    const base = xlsx.categories.flatMap((c) => c.items.map((i) => i.name));
    const copies = (k: number) => base.map((n) => (k === 1 ? n : `${n}（第${k}组）`));
    expect([...names].sort()).toEqual([...copies(1), ...copies(2), ...copies(3)].sort());
    expect(got.categories.map((c) => [c.name, c.items.length])).toEqual([
      ['行政许可', 2 * copiesOverPages],
      ['行政服务', copiesOverPages],
    ]);
  });

  it('says in Chinese that a PDF without text is a scan to be OCR’d', async () => {
    const file = await pdfOf('扫描件.pdf', { content: [{ canvas: [{ type: 'rect', x: 0, y: 0, w: 200, h: 100, lineWidth: 1 }] }] });
    const result = await importCatalogue(file);
    expect(result.yaml).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.severity, d.code])).toEqual([['error', 'import/no-text']]);
    expect(result.diagnostics[0]!.message).toContain('扫描');
    expect(result.diagnostics[0]!.hint).toContain('OCR');
  });

  it('reports a truncated PDF, or one with a password, as unreadable, in Chinese', async () => {
    const whole = fs.readFileSync(await makePdf(tempDir('handbook-pdf-')));
    const truncated = await importCatalogue('/virtual/目录.pdf', { bytes: whole.subarray(0, Math.floor(whole.length / 3)) });
    expect(truncated.diagnostics.map((d) => d.code)).toEqual(['import/unreadable']);
    expect(truncated.diagnostics[0]!.message).toMatch(/^无法读取 PDF 文件：/);
    const locked = await pdfOf('加密.pdf', { userPassword: 'secret', content: [{ text: '示例县广播电视领域基层政务公开标准目录' }] });
    const result = await importCatalogue(locked);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['import/unreadable']);
    expect(result.diagnostics[0]!.message).toContain('加密');
  });

  it('is imported by the CLI (pdfjs outside the bundle), and the result passes `handbook check`', async () => {
    const file = await makePdf(tempDir('handbook-pdf-'));
    const out = path.join(tempDir(), 'catalogue.yaml');
    const r = runCli(['import', path.basename(file), '-o', out], path.dirname(file));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr.trimEnd()).toBe(expected('pdf', 'expected-diagnostics.txt').trimEnd());
    const yaml = fs.readFileSync(out, 'utf8');
    expect(parse(yaml)).toEqual(xlsx);
    const dir = tempHandbook(yaml);
    const check = runCli(['check', 'handbook.yaml'], dir);
    expect(check.status, check.stderr).toBe(0);
    expect(check.stderr).not.toContain('错误');
  });
});
