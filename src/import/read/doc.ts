import { createRequire } from 'node:module';
import type WordExtractorType from 'word-extractor';
import { diagnostic } from '../../diagnostics/diagnostic.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { SourceTable } from '../table.js';
import { tableFromTexts, tidyLines } from '../table.js';
import { recoverTables } from './doc-rows.js';
import type { RecoveredTable } from './doc-rows.js';

/*
 * A Word 97-2003 .doc is read through word-extractor, which gives the text
 * only (see doc-rows.ts for how rows are recovered from it). Merged cells
 * are not in that text: the cells a vertical merge covers read as empty, as
 * in a CSV, so the tables are marked `blankMerges` and a blank required
 * cell under a value takes that value, each with a warning at the cell
 * (rows.ts).
 *
 * word-extractor is loaded on first use and kept out of the bundle
 * (`external` in src/cli/bundle.ts): most runs never read a .doc. It is
 * required, not import()ed: the launcher runs the bundle through vm.Script
 * (code-cache.ts), where Node 20 has no loader for import(); a require made
 * from this file's URL resolves node_modules the same way from dist/ and
 * from the bundle.
 */

const saveAsDocx = '请在 Word 或 WPS 中打开这个文件，「另存为」Word 文档（.docx）后再导入：.docx 保留表格的行、列和合并单元格。';

/** Tables of a .doc, and what could not be recovered. @throws word-extractor's error for a file it cannot read. */
export async function readDoc(bytes: Uint8Array, file: string): Promise<{ tables: SourceTable[]; diagnostics: Diagnostic[] }> {
  const WordExtractor = createRequire(import.meta.url)('word-extractor') as typeof WordExtractorType;
  const document = await new WordExtractor().extract(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const { tables, tabs } = recoverTables(document.getBody());
  const diagnostics: Diagnostic[] = [];
  if (tables.length === 0 && tabs) {
    diagnostics.push(
      diagnostic('error', 'import/doc-structure', '无法从 Word 97-2003 文档（.doc）中还原表格的行和列', { file }, {
        hint: `.doc 文件只能读出表格的文字，行要按「序号」列（1、2、3……）分开；这个表格没有能对上的序号。${saveAsDocx}`,
      }),
    );
  }
  const result = tables.map((table) => sourceTable(table));
  return { tables: result, diagnostics };
}

function sourceTable(table: RecoveredTable): SourceTable {
  const rows = tableFromTexts(table.rows.map((row) => row.map(tidyLines)));
  const caption = [...table.before].reverse().find((p) => (p.includes('目录') || p.includes('目錄')) && p.length <= 100);
  return caption === undefined ? { rows, blankMerges: true } : { rows, caption: caption.trim(), blankMerges: true };
}

