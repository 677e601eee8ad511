import type { CellObject, WorkBook, WorkSheet } from '@e965/xlsx';
import type { MergedRange, SourceTable } from '../table.js';
import { fillMerges, tableFromTexts } from '../table.js';
import { XlsError, checkBiff } from './biff.js';

/**
 * Reads every sheet of an .xls workbook (Excel 97–2003 BIFF8, and WPS .et
 * files, which are the same compound file; Excel 95 BIFF5 goes the same way,
 * with the code-page tables, but no Chinese BIFF5 file has been tried), with
 * merged cells filled in. Rows and columns are the sheet's own, as in the .xlsx reader.
 *
 * SheetJS (@e965/xlsx, loaded only when an .xls is imported: it is a large
 * library the rest of the CLI never needs) parses the workbook after
 * `checkBiff` has checked the caps on the raw records, and `sheetRows` stops
 * it at the last row that pre-scan saw.
 *
 * @throws ImportLimitError at a cap; XlsError or SheetJS's errors for a broken or encrypted file.
 */
export async function readXls(bytes: Uint8Array, file: string): Promise<SourceTable[]> {
  const [X, cptable] = await Promise.all([import('@e965/xlsx'), import('@e965/xlsx/dist/cpexcel')]);
  // Excel 95 files store text in the system code page (936 on Chinese Windows); BIFF8 is UTF-16 and needs no table.
  X.set_cptable(cptable);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const container = X.CFB.read(buffer, { type: 'buffer' });
  const stream = X.CFB.find(container, '/Workbook') ?? X.CFB.find(container, '/Book');
  if (stream?.content === undefined) throw new XlsError(notAWorkbook(X.CFB, container));
  const { lastRow } = checkBiff(Uint8Array.from(stream.content as ArrayLike<number>), file);
  const workbook: WorkBook = X.read(buffer, {
    type: 'buffer',
    dense: true,
    sheetRows: Math.max(lastRow, 1),
    cellFormula: false,
    cellHTML: false,
    cellStyles: false,
    // Number formats tell a date (a serial number to Excel) from a number.
    cellNF: true,
  });
  const date1904 = workbook.Workbook?.WBProps?.date1904 === true;
  return workbook.SheetNames.map((name) => {
    const sheet = workbook.Sheets[name]!;
    const rows = tableFromTexts(sheetTexts(sheet, (cell) => cellText(cell, X.SSF, date1904)));
    fillMerges(rows, mergedRanges(sheet), file);
    return { rows, label: name };
  });
}

/** Why a compound file without a workbook stream is not an .xls, in Chinese. */
function notAWorkbook(cfb: { find: (c: unknown, p: string) => unknown }, container: unknown): string {
  // An encrypted .xlsx is a compound file holding the encrypted zip.
  if (cfb.find(container, '/EncryptedPackage')) return '文件已加密（设有打开密码）';
  if (cfb.find(container, '/WordDocument')) return '这是 Word 文档，不是表格';
  return '文件中没有工作表数据';
}

/**
 * The sheet's cell texts, one array per row from row 1 to the last row with
 * a cell; each row stops at its last non-empty cell, so a row costs what it
 * holds and an empty row costs an empty array.
 */
function sheetTexts(sheet: WorkSheet, text: (cell: CellObject) => string): string[][] {
  const data = (sheet['!data'] ?? []) as (CellObject[] | undefined)[];
  const rows: string[][] = [];
  for (let r = 0; r < data.length; r++) {
    const cells = data[r];
    const texts: string[] = [];
    if (cells !== undefined) {
      for (let c = 0; c < cells.length; c++) {
        const cell = cells[c];
        const t = cell === undefined ? '' : text(cell);
        if (t !== '') {
          while (texts.length < c) texts.push('');
          texts.push(t);
        }
      }
    }
    rows.push(texts);
  }
  return rows;
}

interface DateCode {
  y: number;
  m: number;
  d: number;
}

interface Ssf {
  is_date(format: string): boolean;
  parse_date_code(serial: number, options?: { date1904?: boolean }): DateCode | null | undefined;
}

/**
 * A cell's text as the user reads it: text as typed; a number in the General
 * format as the number (序号 1 is "1", 时限 20 is "20"), in another format as
 * formatted (a percentage, a thousands separator); a date as an ISO date,
 * like the .xlsx reader; TRUE/FALSE and #N/A as shown.
 */
function cellText(cell: CellObject, ssf: Ssf, date1904: boolean): string {
  if (cell.t === 's') return String(cell.v ?? '');
  if (cell.t === 'n' && typeof cell.v === 'number') {
    const format = typeof cell.z === 'string' ? cell.z : 'General';
    // A serial number under 1 is a time of day, which only its formatted text shows.
    if (cell.v >= 1 && ssf.is_date(format)) {
      const d = ssf.parse_date_code(cell.v, { date1904 });
      if (d) return `${String(d.y).padStart(4, '0')}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;
    }
    if (format === 'General') return String(cell.v);
    return cell.w ?? String(cell.v);
  }
  if (cell.t === 'z') return '';
  return cell.w ?? String(cell.v ?? '');
}

function mergedRanges(sheet: WorkSheet): MergedRange[] {
  return (sheet['!merges'] ?? []).map((m) => ({ top: m.s.r + 1, left: m.s.c + 1, bottom: m.e.r + 1, right: m.e.c + 1 }));
}
