import { TableBudget } from '../limits.js';
import type { SourceTable } from '../table.js';
import { tableFromTexts } from '../table.js';

/**
 * Reads text copied from a web page or a document: one row per line, cells
 * separated by tabs (what a browser puts on the clipboard) or by `|` (what
 * people type, and Markdown tables). Rows are numbered by line.
 *
 * @throws ImportLimitError at a cap.
 */
export function readText(text: string, file = '-'): SourceTable[] {
  const lines = text.split(/\r\n|\r|\n/);
  let tabs = 0;
  let bars = 0;
  for (const l of lines) {
    if (l.includes('\t')) tabs++;
    if (l.includes('|')) bars++;
  }
  const separator = tabs >= bars ? '\t' : '|';
  const budget = new TableBudget(file);
  const rows = lines.map((line, i) => {
    // A Markdown rule such as |---|:---:| separates the header; it holds no cells.
    if (/^\s*\|?\s*:?-{3,}/.test(line) && /^[\s|:-]+$/.test(line)) return [];
    if (line.trim() === '') return [];
    let cells = line.split(separator);
    // `| a | b |` has an empty first and last cell that only close the row.
    if (separator === '|' && line.trim().startsWith('|')) {
      cells = cells.slice(1);
      if (line.trim().endsWith('|') && cells.length > 0) cells = cells.slice(0, -1);
    }
    return budget.row(cells, i + 1);
  });
  return [{ rows: tableFromTexts(rows), dropsMergedCells: true }];
}
