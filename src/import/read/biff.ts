import { ImportLimitError, MAX_CELLS, MAX_ROWS, tooManyCells, tooManyRows } from '../limits.js';

/*
 * A pre-scan of an .xls workbook stream (BIFF5/BIFF8 records), before SheetJS
 * parses it. SheetJS makes an object for every cell it reads, and the
 * importer then lays each sheet out as a grid; a 50 MB file of MULRK records
 * (six bytes a cell) or one cell at IV65536 would cost gigabytes. Walking the
 * record headers costs nothing by comparison, so the caps are checked here,
 * at the cell where each is reached, as the .xlsx reader checks its XML.
 */

/** A workbook the reader cannot take, with the reason in Chinese. */
export class XlsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XlsError';
  }
}

export interface BiffExtent {
  /** The last row (1-based) with a cell in any sheet: where SheetJS can stop reading. */
  lastRow: number;
}

const BOF = 0x0809;
const EOF = 0x000a;
const FILEPASS = 0x002f;
const BOUNDSHEET = 0x0085;
const MULRK = 0x00bd;
/** Records that hold one cell's value: NUMBER, RK, LABELSST, LABEL, RSTRING, FORMULA, BOOLERR. Blanks (formatting only) are left out. */
const CELLS = new Set([0x0203, 0x027e, 0x00fd, 0x0204, 0x00d6, 0x0006, 0x0205]);

interface Sheet {
  name: string | undefined;
  /** Last filled column (1-based) of each row, 0 when the row is empty. */
  widths: Map<number, number>;
  maxRow: number;
  maxColumn: number;
}

/**
 * Walks the records and refuses the workbook when it holds more rows with
 * content than MAX_ROWS, or when its sheets' grids (last filled row × last
 * filled column, summed over the sheets) pass MAX_CELLS. Refuses an
 * encrypted workbook, which SheetJS would report in English.
 *
 * @throws ImportLimitError at a cap; XlsError when the workbook is encrypted.
 */
export function checkBiff(stream: Uint8Array, file: string): BiffExtent {
  const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  const names = new Map<number, string>();
  let biff8 = true;
  // Substreams nest (a chart inside a sheet has its own BOF…EOF); null is the workbook globals.
  const open: (Sheet | null)[] = [];
  let sheet: Sheet | undefined;
  let rows = 0;
  let cells = 0;
  let lastRow = 0;
  const label = (e: ImportLimitError) => {
    if (sheet?.name !== undefined) e.diagnostic.message += `（工作表「${sheet.name}」）`;
    return e;
  };
  const cell = (row: number, column: number) => {
    if (sheet === undefined) return;
    const width = sheet.widths.get(row);
    if (width === undefined && ++rows > MAX_ROWS) throw label(tooManyRows(file, row, column));
    if (width === undefined || column > width) sheet.widths.set(row, column);
    const before = sheet.maxRow * sheet.maxColumn;
    sheet.maxRow = Math.max(sheet.maxRow, row);
    sheet.maxColumn = Math.max(sheet.maxColumn, column);
    cells += sheet.maxRow * sheet.maxColumn - before;
    if (cells > MAX_CELLS) throw label(tooManyCells(file, row, column));
    lastRow = Math.max(lastRow, row);
  };
  for (let pos = 0; pos + 4 <= stream.length; ) {
    const type = view.getUint16(pos, true);
    const size = view.getUint16(pos + 2, true);
    const data = pos + 4;
    if (data + size > stream.length) break; // A cut-off record: SheetJS decides whether the rest is readable.
    const globals = open.length > 0 && open[open.length - 1] === null;
    if (type === BOF) {
      if (pos === 0) {
        biff8 = size >= 2 && view.getUint16(data, true) === 0x0600;
        open.push(null);
      } else open.push({ name: names.get(pos), widths: new Map(), maxRow: 0, maxColumn: 0 });
      sheet = open[open.length - 1] ?? undefined;
    } else if (type === EOF) {
      open.pop();
      sheet = open[open.length - 1] ?? undefined;
    } else if (type === FILEPASS && globals) {
      throw new XlsError('文件已加密（设有打开密码，或工作簿设有保护）');
    } else if (type === BOUNDSHEET && globals && size >= 8) {
      const name = biff8 ? sheetName(stream, data + 6, data + size) : undefined;
      if (name !== undefined) names.set(view.getUint32(data, true), name);
    } else if (sheet !== undefined && size >= 4 && CELLS.has(type)) {
      cell(view.getUint16(data, true) + 1, view.getUint16(data + 2, true) + 1);
    } else if (sheet !== undefined && type === MULRK && size >= 6) {
      cell(view.getUint16(data, true) + 1, view.getUint16(data + size - 2, true) + 1);
    }
    pos = data + size;
  }
  return { lastRow };
}

/** A BIFF8 ShortXLUnicodeString: a length, a flag for UTF-16, then the characters. */
function sheetName(stream: Uint8Array, at: number, end: number): string | undefined {
  const length = stream[at]!;
  const wide = (stream[at + 1]! & 1) === 1;
  const bytes = stream.subarray(at + 2, Math.min(end, at + 2 + length * (wide ? 2 : 1)));
  return new TextDecoder(wide ? 'utf-16le' : 'latin1').decode(bytes);
}
