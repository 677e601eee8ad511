import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { importCatalogue } from '../../src/import/index.js';
import { runCli } from '../helpers/cli.js';
import { compactPageTexts, openPdf } from '../helpers/pdf.js';
import { makeBrowserCopy, makeExcelCopy, makePipeText, makeTraditionalPipeText } from './fixtures/copies.js';
import { expected, tempDir, writeXlsx } from './helpers.js';
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
  { name: 'browser copy (Chromium)', make: makeBrowserCopy },
  { name: 'Excel copy (.txt)', make: makeExcelCopy },
  { name: 'mirror page, rows over several lines', make: makePipeText },
  { name: 'mirror page, traditional with pinyin', make: makeTraditionalPipeText },
];

const xlsx = parse(expected('xlsx', 'expected.yaml')) as Record<string, unknown>;
const dir = tempDir('handbook-formats-');
const files = new Map<string, string>();

beforeAll(async () => {
  for (const f of formats) files.set(f.name, await f.make(dir));
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

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
    for (const f of formats) {
      const file = files.get(f.name)!;
      const out = path.join(dir, `hb-${bodies.size}-${f.name.replace(/\W+/g, '-')}`);
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
  });
});
