import type { SourcePosition } from '../diagnostics/diagnostic.js';
import { MAX_CELLS, tooManyCells } from './limits.js';

/**
 * What every reader produces: a grid of text cells that remember where they
 * came from, so a problem found later can name the row and column the user
 * sees in the source (spreadsheet row, CSV record, text line, HTML table row).
 */

export interface SourceCell {
  text: string;
  /** 1-based row in the source table. */
  row: number;
  /** 1-based column in the source table. */
  column: number;
}

export interface SourceTable {
  rows: SourceCell[][];
  /** A caption or heading found next to the table (HTML, Word, PDF). */
  caption?: string;
  /** Where a caption that is not the table's own came from, for a warning that it was a guess. */
  captionFrom?: 'heading' | 'page-title' | 'paragraph';
  /** Which sheet or table of the file this is, for messages. */
  label?: string;
  /**
   * True when a row leaves out the cells a merged cell covers instead of
   * leaving them empty, as text copied from a browser does.
   */
  dropsMergedCells?: boolean;
  /**
   * True when the file cannot say which cells are merged (CSV, copied text):
   * a merged cell is written in its first row and left blank below.
   */
  blankMerges?: boolean;
}

/** Where a cell is, for a diagnostic: the file, and the cell's row and column; just the file without a cell. */
export function cellPosition(file: string, cell: SourceCell | undefined): Partial<SourcePosition> {
  return cell === undefined ? { file } : { file, line: cell.row, column: cell.column };
}

/** A merged range, 1-based and inclusive, like Excel's `A3:A5`. */
export interface MergedRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** Builds a table from plain rows of text, numbering rows and columns from 1. */
export function tableFromTexts(texts: readonly (readonly string[])[], firstRow = 1): SourceCell[][] {
  return texts.map((cells, r) => cells.map((text, c) => ({ text, row: firstRow + r, column: c + 1 })));
}

/**
 * Copies the text of each merged range's top-left cell into the cells it
 * covers. A merged 公开主体 then reads the same on every row it spans, which
 * is what the person who merged it meant. A range is cut to the table's rows
 * and widest row (a file may merge whole columns), and the copies count
 * against the cell limit.
 *
 * @throws ImportLimitError when the copies pass MAX_CELLS.
 */
export function fillMerges(rows: SourceCell[][], ranges: readonly MergedRange[], file: string): void {
  let width = 0;
  for (const row of rows) width = Math.max(width, row.length);
  let copies = 0;
  for (const range of ranges) {
    const master = rows[range.top - 1]?.[range.left - 1];
    if (master === undefined) continue;
    const bottom = Math.min(range.bottom, rows.length);
    const right = Math.min(range.right, Math.max(width, range.left));
    for (let r = range.top; r <= bottom; r++) {
      const row = rows[r - 1];
      if (row === undefined) continue;
      for (let c = range.left; c <= right; c++) {
        if (r === range.top && c === range.left) continue;
        if (++copies > MAX_CELLS) throw tooManyCells(file, r, c);
        while (row.length < c) row.push({ text: '', row: r, column: row.length + 1 });
        row[c - 1] = { text: master.text, row: r, column: c };
      }
    }
  }
}

/**
 * A cell's text as every document reader gives it: one line per paragraph or
 * break, each line trimmed, blank lines dropped (an empty paragraph is
 * spacing, not content).
 */
export function tidyLines(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join('\n');
}
