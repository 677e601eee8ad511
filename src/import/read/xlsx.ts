import { zipSync } from 'fflate';
import readXlsxFile from 'read-excel-file/node';
import { diagnostic } from '../../diagnostics/diagnostic.js';
import { ImportLimitError, MAX_CELLS, MAX_ROWS, tooManyCells, tooManyRows } from '../limits.js';
import type { SourceTable } from '../table.js';
import { fillMerges, tableFromTexts } from '../table.js';
import { readMergedRanges, sheetParts } from './xlsx-merges.js';
import { ZipError, unzipCapped } from './zip.js';

/**
 * Reads every sheet of an .xlsx workbook (Excel or WPS), with merged cells
 * filled in. Row and column numbers are the sheet's own (row 1 is row 1 even
 * when it is empty), so messages match what the user sees.
 *
 * The parts are inflated here, under a cap (`unzipCapped`), and each sheet's
 * extent is checked from its XML before read-excel-file sees it: that library
 * inflates everything it is given and returns every sheet as a full grid, so
 * one cell in row 1,000,000 or column XFD would cost gigabytes. It then reads
 * the checked parts, stored uncompressed.
 *
 * @throws ImportLimitError at a cap; ZipError or read-excel-file's errors for a broken file.
 */
export async function readXlsx(bytes: Uint8Array, file: string): Promise<SourceTable[]> {
  const parts = unzipCapped(bytes, file, (name) => name.endsWith('.xml') || name.endsWith('.rels'));
  const names = sheetParts(parts);
  for (const [part, data] of parts) {
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(part)) checkSheetExtent(data, file, names.get(part));
    else checkRuns(data, file);
  }
  const merges = readMergedRanges(parts);
  const stored = zipSync(Object.fromEntries(parts), { level: 0 });
  parts.clear();
  const buffer = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  // Numbers stay as the text stored in the file: 序号 "1" and 时限 "20" are labels, not quantities.
  const sheets = await readXlsxFile<string>(buffer, { parseNumber: (s) => s });
  return sheets.map(({ sheet, data }) => {
    const rows = tableFromTexts(data.map((row) => row.map(cellText)));
    fillMerges(rows, merges.get(sheet) ?? [], file);
    return { rows, label: sheet };
  });
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

/**
 * Bytes between two tags. read-excel-file's XML parser runs out of stack,
 * after a minute, on about 2 MB of text without a tag; a cell at the length
 * limit (20,000 characters, entities included) is at most 100 KB.
 */
const MAX_XML_RUN = 256 * 1024;

function longRun(file: string, row?: number, column?: number): ImportLimitError {
  return new ImportLimitError(
    diagnostic('error', 'import/cell-too-long', `Excel 文件中有一段超过 ${MAX_XML_RUN / 1024} KB 的连续内容（如过长的单元格），未读取`, row === undefined ? { file } : { file, line: row, column: column ?? 1 }, {
      hint: '目录中的每个单元格通常只有几十到几百字；检查是否选错了文件。',
    }),
  );
}

/** Refuses a part (shared strings, styles…) with a run longer than MAX_XML_RUN between tags. */
function checkRuns(xml: Uint8Array, file: string): void {
  let last = 0;
  for (let i = xml.indexOf(0x3c); i >= 0; i = xml.indexOf(0x3c, i + 1)) {
    if (i - last > MAX_XML_RUN) throw longRun(file);
    last = i;
  }
  if (xml.length - last > MAX_XML_RUN) throw longRun(file);
}

/** Excel's own limits: a cell beyond them is not from a spreadsheet program. */
const EXCEL_ROWS = 1_048_576;
const EXCEL_COLUMNS = 16_384;

/**
 * Walks a sheet's `<row>` and `<c>` tags (bytes, no decoding) and refuses it
 * when read-excel-file would build more than the caps allow: more rows with
 * content than MAX_ROWS, or a grid (last filled row × last filled column)
 * larger than MAX_CELLS. Self-closing `<c/>` tags (formatting only) do not count.
 */
function checkSheetExtent(xml: Uint8Array, file: string, sheet: string | undefined): void {
  const label = (e: ImportLimitError) => {
    if (sheet !== undefined) e.diagnostic.message += `（工作表「${sheet}」）`;
    return e;
  };
  let row = 0;
  let column = 0;
  let filledRows = 0;
  let lastFilledRow = 0;
  let maxRow = 0;
  let maxColumn = 0;
  let last = 0;
  for (let i = xml.indexOf(0x3c); i >= 0 && i + 1 < xml.length; i = xml.indexOf(0x3c, i + 1)) {
    if (i - last > MAX_XML_RUN) throw label(longRun(file, row || undefined, column || undefined));
    last = i;
    const tag = tagName(xml, i + 1);
    if (tag !== 'c' && tag !== 'row') continue;
    const end = xml.indexOf(0x3e, i);
    if (end < 0) break;
    const ref = attributeR(xml, i, end);
    if (tag === 'row') {
      const n = ref === undefined ? NaN : Number(ref);
      row = Number.isInteger(n) && n > 0 ? n : row + 1;
      column = 0;
      if (row > EXCEL_ROWS) throw new ZipError(`工作表的行号 ${row} 超出了 Excel 的范围`);
      continue;
    }
    const m = ref === undefined ? null : /^([A-Za-z]{1,3})(\d*)$/.exec(ref);
    if (m) {
      column = [...m[1]!.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
      if (m[2]) row = Number(m[2]);
    } else column++;
    if (row > EXCEL_ROWS || column > EXCEL_COLUMNS) throw new ZipError(`单元格位置（第 ${row} 行第 ${column} 列）超出了 Excel 的范围`);
    if (xml[end - 1] === 0x2f /* / */) continue;
    if (row !== lastFilledRow) {
      lastFilledRow = row;
      if (++filledRows > MAX_ROWS) throw label(tooManyRows(file, row, column));
    }
    maxRow = Math.max(maxRow, row);
    maxColumn = Math.max(maxColumn, column);
    if (maxRow * maxColumn > MAX_CELLS) throw label(tooManyCells(file, row, column));
  }
  if (xml.length - last > MAX_XML_RUN) throw label(longRun(file, row || undefined, column || undefined));
}

/** The local name of the tag starting at `i` (after "<"), without a namespace prefix. */
function tagName(xml: Uint8Array, i: number): string {
  let start = i;
  let j = i;
  while (j < xml.length && j - i < 64) {
    const b = xml[j]!;
    if (b === 0x3a /* : */) start = j + 1;
    else if (!((b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39))) break;
    j++;
  }
  return j - start <= 3 ? String.fromCharCode(...xml.subarray(start, j)) : '';
}

/** The value of the `r` attribute inside the tag `xml[start…end]`. */
function attributeR(xml: Uint8Array, start: number, end: number): string | undefined {
  for (let i = start; i + 3 < end; i++) {
    // ` r="` (or ` r='`)
    if (xml[i] === 0x72 && (xml[i - 1] === 0x20 || xml[i - 1] === 0x09 || xml[i - 1] === 0x0a || xml[i - 1] === 0x0d) && xml[i + 1] === 0x3d) {
      const quote = xml[i + 2];
      if (quote !== 0x22 && quote !== 0x27) continue;
      const close = xml.indexOf(quote, i + 3);
      if (close < 0 || close > end) return undefined;
      return String.fromCharCode(...xml.subarray(i + 3, Math.min(close, i + 3 + 16)));
    }
  }
  return undefined;
}
