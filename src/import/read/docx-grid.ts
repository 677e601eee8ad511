import { MAX_CELLS, tooManyCells } from '../limits.js';
import type { MergedRange, SourceCell } from '../table.js';
import { fillMerges, tableFromTexts } from '../table.js';

/*
 * A Word table does not store a grid: each row lists its cells, each cell
 * says how many grid columns it spans (w:gridSpan) and whether it starts
 * (restart) or continues (continue) a vertical merge (w:vMerge). A row may
 * also skip grid columns at its start (w:gridBefore). This turns those rows
 * into the grid the rest of the import reads, with merges filled in.
 */

export interface WordCell {
  /** 0-based grid column where the cell starts. */
  column: number;
  span: number;
  vMerge?: 'restart' | 'continue';
  text: string;
}

/** Shared by every table of a file, like html.ts: spans are counted before they are expanded. */
export interface CellBudget {
  cells: number;
}

/**
 * The table's rows as a grid: row r, grid column c (both 1-based in the
 * SourceCells), with a merged cell's text copied to every cell it covers.
 *
 * @throws ImportLimitError when the grid (merges expanded) passes MAX_CELLS.
 */
export function wordGrid(rows: readonly (readonly WordCell[])[], file: string, budget: CellBudget): SourceCell[][] {
  const texts: string[][] = [];
  const ranges: MergedRange[] = [];
  // Vertical merges still open, by their 0-based start column.
  const open = new Map<number, MergedRange>();
  rows.forEach((cells, r) => {
    const row: string[] = [];
    const continued = new Set<number>();
    for (const cell of cells) {
      budget.cells += cell.span;
      if (budget.cells > MAX_CELLS) throw tooManyCells(file, r + 1, cell.column + 1);
      for (let c = cell.column; c < cell.column + cell.span; c++) row[c] = '';
      const above = cell.vMerge === 'continue' ? open.get(cell.column) : undefined;
      if (above !== undefined) {
        // Word keeps the merged text in the first cell only; a continuation's own text is hidden.
        above.bottom = r + 1;
        continued.add(cell.column);
        continue;
      }
      row[cell.column] = cell.text;
      const range = { top: r + 1, left: cell.column + 1, bottom: r + 1, right: cell.column + cell.span };
      if (cell.span > 1 || cell.vMerge !== undefined) ranges.push(range);
      // A continuation without a merge above it (a cell the author moved) starts one, as Word shows it.
      if (cell.vMerge !== undefined) {
        open.set(cell.column, range);
        continued.add(cell.column);
      }
    }
    // A merge ends at the first row that does not continue it.
    for (const column of [...open.keys()]) if (!continued.has(column)) open.delete(column);
    texts.push(Array.from(row, (t) => t ?? ''));
  });
  const grid = tableFromTexts(texts);
  fillMerges(grid, ranges, file);
  return grid;
}
