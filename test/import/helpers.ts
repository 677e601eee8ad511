import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import writeXlsxFile from 'write-excel-file/node';
import type { SheetData } from 'write-excel-file/node';
import { formatDiagnostic } from '../../src/diagnostics/format.js';
import { sortDiagnostics } from '../../src/diagnostics/diagnostic.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { repoRoot } from '../helpers/cli.js';
import { sheetData } from './fixtures/xlsx/sheet.js';

export const fixtureRoot = path.join(repoRoot, 'test/import/fixtures');

export interface Fixture {
  name: string;
  /** Absolute path of the file to import; the .xlsx is written on first use. */
  input: () => Promise<string>;
}

export const fixtures: Fixture[] = [
  { name: 'xlsx', input: () => writeXlsx(sheetData, '示例县目录.xlsx') },
  { name: 'csv', input: async () => path.join(fixtureRoot, 'csv/广播电视目录.csv') },
  { name: 'html', input: async () => path.join(fixtureRoot, 'html/标准目录.html') },
  { name: 'text', input: async () => path.join(fixtureRoot, 'text/鏡像頁面摘錄.txt') },
];

export function tempDir(prefix = 'handbook-import-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes sheet data as an .xlsx with write-excel-file, the way an office's spreadsheet would be saved. */
export async function writeXlsx(data: SheetData, name: string): Promise<string> {
  const file = path.join(tempDir('handbook-xlsx-'), name);
  await writeXlsxFile(data).toFile(file);
  return file;
}

export function expected(fixture: string, file: 'expected.yaml' | 'expected-diagnostics.txt'): string {
  return fs.readFileSync(path.join(fixtureRoot, fixture, file), 'utf8');
}

/** Diagnostics as the CLI prints them (sorted), paths relative to the imported file's folder. */
export function printed(diagnostics: readonly Diagnostic[], file: string): string {
  return sortDiagnostics(diagnostics)
    .map((d) => formatDiagnostic(d, path.dirname(file)))
    .join('\n');
}

/** A handbook file in a fresh folder that uses `catalogueYaml` as its catalogue. */
export function tempHandbook(catalogueYaml: string): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'catalogue.yaml'), catalogueYaml);
  fs.writeFileSync(
    path.join(dir, 'handbook.yaml'),
    [
      'catalogue: catalogue.yaml',
      'locality: { name: 示例县, agency: 示例县文化旅游广电体育局 }',
      'itemUrl: "https://zwgk.county.example/gbds/{id}.html"',
      'edition: { number: 1, date: 2026-11-01 }',
      'output: out/手册.pdf',
      '',
    ].join('\n'),
  );
  return dir;
}


/** Encodes text as GB18030 by inverting the decoder, since Node ships no GB encoder. */
export function encodeGb18030(text: string): Uint8Array {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let a = 0x81; a <= 0xfe; a++) {
    for (let b = 0x40; b <= 0xfe; b++) table.set(decoder.decode(new Uint8Array([a, b])), [a, b]);
  }
  return new Uint8Array([...text].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : (table.get(ch) ?? [0x3f]))));
}
