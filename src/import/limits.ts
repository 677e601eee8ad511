import { MAX_ITEMS } from '../catalogue/load.js';
import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceTable } from './table.js';

/*
 * How much of a table `handbook import` reads (docs/reliability.md). A
 * catalogue holds at most MAX_ITEMS items, one row each; the caps leave room
 * for headers, notes, blank rows and extra sheets, and stop a wrong file (a
 * data export, a zip bomb) before it costs minutes and gigabytes. Each cap
 * is an error at the row and column where it is reached.
 */

/** Rows with content, over all tables of a file: four times the item limit. */
export const MAX_ROWS = MAX_ITEMS * 4;
/** Cells up to the last filled one of each row, over all tables of a file: 20,000 rows of 25 columns. */
export const MAX_CELLS = 500_000;
/** Characters in one cell: a list cell may hold ten elements at the field limit (2,000) each. */
export const MAX_CELL_LENGTH = 20_000;
/**
 * Bytes of an .xlsx's XML parts once inflated. A 5,000-row directory
 * inflates to 2.5 MB (7 MB with no repeated text); a zip bomb is a few MB
 * that inflates to gigabytes.
 */
export const MAX_INFLATED_BYTES = 32 * 1024 * 1024;
/** Parts in an .xlsx. Excel writes two or three per sheet; a workbook has at most a few hundred. */
export const MAX_ZIP_ENTRIES = 5_000;

/** Pages of a PDF: a directory of MAX_ITEMS items prints on a few hundred landscape pages. */
export const MAX_PDF_PAGES = 1_000;
/**
 * Text pieces and drawn lines of a PDF, over all pages: a full directory
 * page has a few hundred of each; a drawing or a map has millions.
 */
export const MAX_PDF_SHAPES = 2_000_000;

/** A cap reached while reading: its diagnostic, positioned, ends the import. */
export class ImportLimitError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
    this.name = 'ImportLimitError';
  }
}

export function tooManyRows(file: string, row: number, column = 1): ImportLimitError {
  return new ImportLimitError(
    diagnostic('error', 'import/too-many-rows', `表格的行数超过上限 ${MAX_ROWS}（有内容的行），从这一行起未读取`, { file, line: row, column }, {
      hint: `一个目录最多 ${MAX_ITEMS} 个事项；检查是否选错了文件，或把不相关的工作表、表格删去后再导入。`,
    }),
  );
}

export function tooManyCells(file: string, row: number, column: number): ImportLimitError {
  return new ImportLimitError(
    diagnostic('error', 'import/too-many-cells', `表格的单元格数超过上限 ${MAX_CELLS}，从这个单元格起未读取`, { file, line: row, column }, {
      hint: '检查是否选错了文件；表格右侧很远处如果有零散的内容或格式，请删去那些列后再导入。',
    }),
  );
}

export function cellTooLong(file: string, row: number, column: number, length: number): ImportLimitError {
  return new ImportLimitError(
    diagnostic('error', 'import/cell-too-long', `单元格过长（${length} 个字符，上限 ${MAX_CELL_LENGTH}）`, { file, line: row, column }, {
      hint: '目录中的每个单元格通常只有几十到几百字；检查这个单元格是否混入了整段文档，或 CSV 的引号是否没有配对。',
    }),
  );
}

export function tooManyPdfPages(file: string, page: number): ImportLimitError {
  return new ImportLimitError(
    diagnostic('error', 'import/too-many-pages', `PDF 的页数超过上限 ${MAX_PDF_PAGES}，未读取`, { file }, {
      hint: `一个目录最多 ${MAX_ITEMS} 个事项，通常只有几十页；检查是否选错了文件（第 ${page} 页起超出上限）。`,
    }),
  );
}

export function tooManyPdfShapes(file: string, page: number): ImportLimitError {
  return new ImportLimitError(
    diagnostic('error', 'import/too-many-shapes', `PDF 中的文字片段和线条超过上限 ${MAX_PDF_SHAPES}，从第 ${page} 页起未读取`, { file }, {
      hint: '目录表格每页只有几百个文字片段和线条；检查是否选错了文件（如图纸、地图）。',
    }),
  );
}

/** Columns kept in a row whose last cells are empty: more than any directory header has. */
const TRAILING_KEPT = 64;

/**
 * Counts rows and cells as a reader produces them, so it can stop at a cap
 * instead of building the whole table first. One counter per file.
 */
export class TableBudget {
  private rows = 0;
  private cells = 0;

  constructor(readonly file: string) {}

  /**
   * Takes one row of cell texts at a 1-based source row and returns the cells
   * to keep: trailing empty cells past TRAILING_KEPT are dropped (a CSV export
   * may pad every row to thousands of columns) and not counted.
   * @throws ImportLimitError at the first cap reached.
   */
  row(texts: string[], row: number): string[] {
    let width = texts.length;
    while (width > 0 && texts[width - 1]!.trim() === '') width--;
    // Empty cells at the end of a row are kept up to a directory's width (they tell a short row from a
    // full one); thousands of them are padding that would only cost memory.
    const kept = texts.length > TRAILING_KEPT && texts.length > width ? texts.slice(0, Math.max(width, TRAILING_KEPT)) : texts;
    if (width === 0) return kept;
    if (++this.rows > MAX_ROWS) throw tooManyRows(this.file, row);
    if (this.cells + width > MAX_CELLS) throw tooManyCells(this.file, row, MAX_CELLS - this.cells + 1);
    this.cells += width;
    for (let c = 0; c < width; c++) {
      if (texts[c]!.length > MAX_CELL_LENGTH) throw cellTooLong(this.file, row, c + 1, [...texts[c]!].length);
    }
    return kept;
  }
}

/** Checks tables made without a budget (read-excel-file's, HTML's) against the same caps. */
export function checkTables(tables: readonly SourceTable[], file: string): void {
  const budget = new TableBudget(file);
  for (const table of tables) {
    for (const cells of table.rows) {
      if (cells.length === 0) continue;
      budget.row(
        cells.map((c) => c.text),
        cells[0]!.row,
      );
    }
  }
}
