import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { importCatalogue } from '../../src/import/index.js';
import { runCli } from '../helpers/cli.js';
import { compactPageTexts, openPdf } from '../helpers/pdf.js';
import { makeBrowserCopy, makeExcelCopy, makePipeText, makeTraditionalPipeText } from './fixtures/copies.js';
import { makeDocx } from './fixtures/docx/make.js';
import { makePdf } from './fixtures/pdf/make.js';
import { makeXls } from './fixtures/xls/make.js';
import { expected, fixtureRoot, tempDir, writeXlsx } from './helpers.js';
import { sheetData } from './fixtures/xlsx/sheet.js';

/*
 * One table, every format: the source table (fixtures/source.ts) written as
 * each kind of file an office holds must import to the catalogue the .xlsx
 * gives, field by field, and that catalogue must check and build.
 */

interface Format {
  name: string;
  make: (dir: string) => Promise<string> | string;
}

const formats: Format[] = [
  { name: 'xlsx', make: () => writeXlsx(sheetData, '示例县目录.xlsx') },
  { name: 'xls (BIFF8)', make: makeXls },
  { name: 'docx', make: (dir) => makeDocx(dir) },
  { name: 'doc (made by LibreOffice from the docx)', make: (dir) => copy(path.join(fixtureRoot, 'doc/示例县目录.doc'), dir) },
  { name: 'pdf (pdfmake, ruled)', make: (dir) => makePdf(dir) },
  { name: 'browser copy (Chromium)', make: makeBrowserCopy },
  { name: 'Excel copy (.txt)', make: makeExcelCopy },
  { name: 'mirror page, rows over several lines', make: makePipeText },
  { name: 'mirror page, traditional with pinyin', make: makeTraditionalPipeText },
];

function copy(file: string, dir: string): string {
  const to = path.join(dir, path.basename(file));
  fs.copyFileSync(file, to);
  return to;
}

const xlsx = parse(expected('xlsx', 'expected.yaml')) as Record<string, unknown>;
// HANDBOOK_FORMATS_DIR keeps the files, for bench/import.mjs to time the import of each.
const keep = process.env.HANDBOOK_FORMATS_DIR;
const dir = keep === undefined ? tempDir('handbook-formats-') : (fs.mkdirSync(keep, { recursive: true }), keep);
const files = new Map<string, string>();

beforeAll(async () => {
  for (const f of formats) files.set(f.name, await f.make(dir));
}, 120_000);
afterAll(() => {
  if (keep === undefined) fs.rmSync(dir, { recursive: true, force: true });
});

describe.each(formats)('$name', ({ name }) => {
  it('imports to the catalogue the .xlsx gives, field by field, with no error', async () => {
    const file = files.get(name)!;
    const result = await importCatalogue(file);
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
    const data = parse(result.yaml ?? '') as Record<string, unknown>;
    expect(data.title).toBe(xlsx.title);
    expect(data.domain).toBe(xlsx.domain);
    expect(data.categories).toEqual(xlsx.categories);
  });
});

describe('every format through the CLI', () => {
  it('imports with --handbook, checks at once, refuses to build until the placeholders are filled, then builds', () => {
    const bodies = new Set<string>();
    let out = '';
    for (const f of formats) {
      const file = files.get(f.name)!;
      out = path.join(dir, `hb-${f.name.replace(/\W+/g, '-')}`);
      const r = runCli(['import', file, '--handbook', out]);
      expect(r.status, `${f.name}: ${r.stderr}`).toBe(0);
      const check = runCli(['check', path.join(out, 'handbook.yaml')]);
      expect(check.status, `${f.name}: ${check.stderr}`).toBe(0);
      expect(check.stdout).toContain('检查通过：2 个分类、3 个事项');
      // The same catalogue from every format: the YAML below its header comment is the same text.
      const catalogue = fs.readdirSync(out).find((n) => n.endsWith('.yaml') && n !== 'handbook.yaml')!;
      bodies.add(fs.readFileSync(path.join(out, catalogue), 'utf8').replace(/^(#.*\n)+/, ''));
    }
    expect(bodies.size).toBe(1);

    // The handbook file written beside the last one: a build refuses its placeholders, naming each at its line.
    const handbook = path.join(out, 'handbook.yaml');
    const refused = runCli(['build', handbook]);
    expect(refused.status).toBe(1);
    const placeholders = refused.stderr.split('\n').filter((l) => l.includes('[handbook/placeholder]'));
    expect(placeholders.map((l) => /handbook\.yaml:(\d+):\d+ 错误 (「[^」]+」)/.exec(l)?.slice(1).join(' '))).toEqual([
      '17 「单位名称」',
      '19 「电话」',
      '21 「地址」',
      '23 「办公时间」',
      '34 「事项网址模板」',
    ]);
    expect(fs.readdirSync(out).some((n) => n.endsWith('.pdf'))).toBe(false);
    // Filled in, it builds, and every item is on the page.
    const filled = fs
      .readFileSync(handbook, 'utf8')
      .replace(/agency: .*/, 'agency: 示例县文化体育和旅游局')
      .replace(/phone: .*/, 'phone: 0591-12345678')
      .replace(/address: .*/, 'address: 示例县城关镇人民路 88 号')
      .replace(/hours: .*/, 'hours: 周一至周五')
      .replace(/itemUrl: .*/, 'itemUrl: "https://zwgk.county.example/gbds/{id}.html"');
    fs.writeFileSync(handbook, filled);
    const built = runCli(['build', handbook]);
    expect(built.status, built.stderr).toBe(0);
    const pdf = fs.readdirSync(out).find((n) => n.endsWith('.pdf'));
    expect(pdf).toBe('示例县广播电视便民服务手册.pdf');
    const text = compactPageTexts(openPdf(fs.readFileSync(path.join(out, pdf!)))).join('');
    const names = (xlsx.categories as { items: { name: string }[] }[]).flatMap((c) => c.items.map((i) => i.name));
    for (const name of names) expect(text).toContain(name);
  });
});
