import { parse } from 'csv-parse/sync';
import { TableBudget } from '../limits.js';
import type { SourceTable } from '../table.js';
import { tableFromTexts } from '../table.js';

/**
 * Reads a CSV export. Rows are numbered by record, not by text line: a cell
 * with line breaks (a numbered list of elements) spans several lines but is
 * one spreadsheet row, and the user opens the file in a spreadsheet.
 * Each record is counted as it is parsed (trailing empty cells dropped), so
 * parsing stops at the first cap reached.
 *
 * @throws ImportLimitError at a cap; csv-parse's CsvError for a quote it cannot pair.
 */
export function readCsv(text: string, file: string): SourceTable[] {
  const budget = new TableBudget(file);
  let record = 0;
  const records = parse(text, {
    delimiter: guessDelimiter(text),
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    on_record: (cells: string[]) => budget.row(cells, ++record),
  }) as string[][];
  return [{ rows: tableFromTexts(records), blankMerges: true }];
}

/** Excel writes commas; some exports labelled .csv are tab-separated. Decide on the first lines. */
function guessDelimiter(text: string): string {
  const head = text.slice(0, 4000);
  const count = (ch: string) => head.split(ch).length - 1;
  return count('\t') > count(',') ? '\t' : ',';
}
