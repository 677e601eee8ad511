import readXlsxFile from 'read-excel-file/node';
import type { SourceTable } from '../table.js';
import { fillMerges, tableFromTexts } from '../table.js';
import { readMergedRanges } from './xlsx-merges.js';

/**
 * Reads every sheet of an .xlsx workbook (Excel or WPS), with merged cells
 * filled in. Row and column numbers are the sheet's own (row 1 is row 1 even
 * when it is empty), so messages match what the user sees.
 */
export async function readXlsx(bytes: Uint8Array): Promise<SourceTable[]> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Numbers stay as the text stored in the file: 序号 "1" and 时限 "20" are labels, not quantities.
  const sheets = await readXlsxFile<string>(buffer, { parseNumber: (s) => s });
  const merges = readMergedRanges(bytes);
  return sheets.map(({ sheet, data }) => {
    const rows = tableFromTexts(data.map((row) => row.map(cellText)));
    fillMerges(rows, merges.get(sheet) ?? []);
    return { rows, label: sheet };
  });
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}
