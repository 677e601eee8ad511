import { parse } from 'csv-parse/sync';
import { TableBudget } from '../limits.js';
import type { SourceCell, SourceTable } from '../table.js';
import { joinRows } from './text-rows.js';
import type { TextLine } from './text-rows.js';

/**
 * Reads text copied from a web page, a document or a spreadsheet. Cells are
 * separated by tabs (what a browser or Excel puts on the clipboard), by `|`
 * (what people type, Markdown tables, mirror pages) or by runs of spaces
 * (text pulled out of a PDF). A cell may hold line breaks: Excel quotes such
 * a cell ("1.主体信息↵2.审批结果"), which is read like a CSV; a browser
 * copy or a mirror page does not, and its lines are joined into rows at the
 * sequence numbers (text-rows.ts). Rows are numbered by the line they start on.
 *
 * @throws ImportLimitError at a cap; csv-parse's CsvError for an Excel copy whose quotes don't pair.
 */
export function readText(text: string, file = '-'): SourceTable[] {
  const budget = new TableBudget(file);
  if (quotedCells.test(text)) return [{ rows: readQuoted(text, budget), dropsMergedCells: true, blankMerges: true }];
  const lines = text.split(/\r\n|\r|\n/);
  const split = separatorOf(lines);
  const textLines: TextLine[] = lines.map((line, i) => ({ cells: split(line), line: i + 1 }));
  const rows = joinRows(textLines).map(({ cells, line }) => toCells(budget.row(cells, line), line));
  return [{ rows, dropsMergedCells: true, blankMerges: true }];
}

/** A tab-separated cell in double quotes that runs over a line break: Excel's copy of a cell with line breaks. */
const quotedCells = /(^|\t)"(?:[^"\t]|"")*[\r\n]/m;

function readQuoted(text: string, budget: TableBudget): SourceCell[][] {
  const rows: SourceCell[][] = [];
  // One kind of line break, so that csv-parse's line count and ours agree.
  parse(text.replace(/\r\n?/g, '\n'), {
    delimiter: '\t',
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    on_record: (record: string[], context) => {
      // csv-parse counts the lines read so far: the record started as many lines back as its cells hold breaks.
      const line = context.lines - (record.join('\t').match(/\n/g) ?? []).length;
      rows.push(toCells(budget.row(record, line), line));
      return null;
    },
  });
  return rows;
}

function toCells(texts: readonly string[], row: number): SourceCell[] {
  return texts.map((text, c) => ({ text, row, column: c + 1 }));
}

/**
 * The separator most lines use: tabs, then `|`, then runs of two or more
 * spaces (a single space is a word space, and Chinese text has none, so a
 * run of them is a column gap).
 */
function separatorOf(lines: readonly string[]): (line: string) => string[] {
  let tabs = 0;
  let bars = 0;
  let gaps = 0;
  for (const l of lines) {
    if (l.includes('\t')) tabs++;
    if (l.includes('|')) bars++;
    if (/\S(?: {2,}|\u3000+)\S/.test(l)) gaps++;
  }
  if (tabs > 0 && tabs >= bars) return (line) => (line.trim() === '' ? [] : line.split('\t'));
  if (bars > 0 && bars >= gaps) return splitBars;
  if (gaps > 0) return (line) => (line.trim() === '' ? [] : line.trim().split(/ {2,}|\u3000+/));
  return (line) => (line.trim() === '' ? [] : [line]);
}

/** `| a | b |` has an empty first and last cell that only close the row; a Markdown rule (|---|:-:|) holds no cells. */
function splitBars(line: string): string[] {
  if (line.trim() === '' || (/^\s*\|?\s*:?-{3,}/.test(line) && /^[\s|:-]+$/.test(line))) return [];
  let cells = line.split('|');
  if (line.trim().startsWith('|')) {
    cells = cells.slice(1);
    if (line.trim().endsWith('|') && cells.length > 0) cells = cells.slice(0, -1);
  }
  return cells;
}
