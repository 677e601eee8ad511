import { cleanName } from '../clean/text.js';
import { headerScore } from '../labels.js';

/*
 * Rows from text copied out of a table. A copy keeps the line breaks inside
 * cells: a browser turns a <br> or a paragraph in a cell into a new line, a
 * mirror page wraps a row over several lines (`3 | 行政许可 | … |` then
 * `1.主体信息 2.审批结果 |`). Cutting at every line break makes items of
 * fragments, so a row is taken to start where the directory's rows start,
 * at the next sequence number in the first cell, and to run on until the
 * next one.
 */

/** One line cut at the separator, with its 1-based line number. */
export interface TextLine {
  cells: string[];
  line: number;
}

/** A row put together from one or more lines; `line` is its first. */
export interface TextRow {
  cells: string[];
  line: number;
}

/** A sequence number as a row's first cell: 3, 3., 03. */
function sequenceNumber(cell: string | undefined): number | undefined {
  const m = /^\s*0*(\d{1,4})[.．、]?\s*$/.exec(cell ?? '');
  return m === null ? undefined : Number(m[1]);
}

/** A category heading on its own line (一、行政许可), a note under the table (注：…), or the header repeated after a page break. */
function standsAlone(line: TextLine): boolean {
  const text = line.cells.filter((c) => c.trim() !== '');
  if (headerScore(line.cells.map(cleanName)) >= 4) return true;
  if (text.length !== 1) return false;
  return /^\s*([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|注[:：]|备注[:：]|说明[:：])/.test(text[0] as string);
}

/**
 * Joins lines into rows. Before the first numbered row, each line is a row
 * of its own: the title and the header. From then on a line that starts
 * with the next number starts a row; a category heading or a note stands
 * alone; any other line continues the row above, its first piece joined to
 * the row's last cell by a line break. A line that ended with a separator
 * left an empty last cell, so the continuation fills that cell: `… |` then
 * `1.主体信息 |` gives the cell 1.主体信息.
 */
export function joinRows(lines: readonly TextLine[]): TextRow[] {
  const rows: TextRow[] = [];
  let open: TextRow | undefined;
  let next: number | undefined;
  for (const line of lines) {
    if (line.cells.every((c) => c.trim() === '')) continue;
    const number = sequenceNumber(line.cells[0]);
    if (number !== undefined && line.cells.length > 1 && (next === undefined || number === next || number === 1)) {
      next = number + 1;
      open = { cells: [...line.cells], line: line.line };
      rows.push(open);
    } else if (open === undefined || standsAlone(line)) {
      // The title, the header, a heading or a note: a row of its own, which nothing continues.
      rows.push({ cells: [...line.cells], line: line.line });
      if (open !== undefined) open = undefined;
    } else {
      const [first = '', ...rest] = line.cells;
      const last = open.cells.length - 1;
      open.cells[last] = `${open.cells[last]}\n${first}`;
      open.cells.push(...rest);
    }
  }
  return rows;
}
