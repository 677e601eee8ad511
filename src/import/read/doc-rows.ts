/*
 * word-extractor gives a .doc's body as plain text: every cell mark becomes a
 * tab and every paragraph mark a newline. A table therefore comes out as one
 * stream, `cell⇥cell⇥…cell⇥⇥` per row (the row's own mark is one more, empty,
 * cell), with line breaks inside cells kept as newlines, the paragraphs
 * around the table running straight into its first and after its last cell,
 * and merges lost: a cell spanning columns is one cell, a vertically merged
 * cell's continuations are empty.
 *
 * Rows are recovered from the 序号 column: from a row that starts with a
 * number, the stride to the next numbered row whose previous token is a row
 * mark gives the table's width plus one. Rows of that width follow while
 * they keep the pattern (a heading merged across the table, one cell and a
 * row mark, may sit between them); the header rows above are taken at the
 * same width when they fit (the second header row), else split at row marks
 * (a first header row whose group labels span columns has fewer cells).
 * Anything else is left unrecovered, for the caller to report.
 */

export interface RecoveredTable {
  rows: string[][];
  /** Index in `rows` of the first row that starts with a number. */
  firstItemRow: number;
  /** Paragraphs between the previous table (or the start) and this one, in order. */
  before: string[];
}

/** Widest table looked for: Word allows 63 columns, plus the row mark. */
const MAX_STRIDE = 64;
/** Header rows of full width looked for above the first item row (the standard header has two). */
const MAX_FULL_HEADER_ROWS = 2;

/** Tables recovered from word-extractor's body text, in order; `tabs` tells whether the text had any cells at all. */
export function recoverTables(body: string): { tables: RecoveredTable[]; tabs: boolean } {
  const tokens = body.split('\t');
  // The last token follows the last cell mark: it is outside every table.
  const last = tokens.length - 1;
  const tables: RecoveredTable[] = [];
  let regionStart = 0;
  for (let a = 1; a < last; a++) {
    if (!isNumber(tokens[a]!) || tokens[a - 1] !== '' || a - 1 < regionStart) continue;
    const found = bestStride(tokens, a, last);
    if (found === undefined) continue;
    const above = headerRows(tokens, regionStart, a, found.stride);
    tables.push({ rows: [...above.rows, ...found.rows], firstItemRow: above.rows.length, before: above.before });
    regionStart = found.end;
    a = found.end - 1;
  }
  return { tables, tabs: last > 0 };
}

function isNumber(token: string): boolean {
  return /^\d{1,4}$/.test(token.trim());
}

interface Scan {
  stride: number;
  rows: string[][];
  /** Index of the first token after the table. */
  end: number;
  numbered: number;
}

/** The stride that recovers the most numbered rows from `a`; on a tie the wider, since a narrower one fits only by chance. */
function bestStride(tokens: readonly string[], a: number, last: number): Scan | undefined {
  let best: Scan | undefined;
  for (let stride = 2; stride <= MAX_STRIDE && a + stride <= last; stride++) {
    if (tokens[a + stride - 1] !== '') continue;
    const scan = scanRows(tokens, a, last, stride);
    if (scan.numbered >= 2 && (best === undefined || scan.numbered >= best.numbered)) best = scan;
  }
  return best;
}

/** Rows of `stride - 1` cells from `a` while they end in a row mark, with short heading rows between them. */
function scanRows(tokens: readonly string[], a: number, last: number, stride: number): Scan {
  const rows: string[][] = [];
  let numbered = 0;
  let expected = 0;
  let p = a;
  const fullRowAt = (at: number) => at + stride <= last && tokens[at + stride - 1] === '' && (tokens[at]!.trim() === '' || isNumber(tokens[at]!));
  for (;;) {
    if (fullRowAt(p)) {
      if (isNumber(tokens[p]!)) {
        numbered++;
        expected = Number(tokens[p]!.trim()) + 1;
      }
      rows.push(tokens.slice(p, p + stride - 1));
      p += stride;
      continue;
    }
    // A row merged across (a category heading, a note): cells up to a row mark, then a numbered full row.
    // Numbering may restart after a heading; a restart after a "cell" holding a line break is more likely
    // the paragraphs before another table and its first header row.
    let q = p;
    while (q < p + stride - 1 && q < last && tokens[q] !== '') q++;
    const next = tokens[q + 1] ?? '';
    const continues = isNumber(next) && (Number(next.trim()) === expected || !tokens[p]!.includes('\n'));
    if (q > p && tokens[q] === '' && continues && fullRowAt(q + 1)) {
      rows.push(tokens.slice(p, q));
      p = q + 1;
      continue;
    }
    return { stride, rows, end: p, numbered };
  }
}

/**
 * The rows between `start` and the first item row at `a`: full-width rows
 * directly above it, then rows split at row marks; the first cell of the
 * first row also holds the paragraphs before the table, split off at its
 * last newline.
 */
function headerRows(tokens: readonly string[], start: number, a: number, stride: number): { rows: string[][]; before: string[] } {
  const full: string[][] = [];
  let p = a;
  while (full.length < MAX_FULL_HEADER_ROWS && p - stride >= start && tokens[p - 1] === '' && (p - stride === start || tokens[p - stride - 1] === '')) {
    full.unshift(tokens.slice(p - stride, p - 1));
    p -= stride;
  }
  const short: string[][] = [];
  if (p > start) {
    // tokens[p - 1] is the mark of the row above; the rest splits at marks.
    let row: string[] = [];
    for (let i = start; i < p - 1; i++) {
      if (tokens[i] === '' && row.length > 0) {
        short.push(row);
        row = [];
      } else row.push(tokens[i]!);
    }
    if (row.length > 0) short.push(row);
  }
  const rows = [...short, ...full];
  const first = rows[0];
  let before: string[] = [];
  if (first !== undefined && first.length > 0) {
    const text = first[0]!;
    const cut = text.lastIndexOf('\n');
    before = text.slice(0, Math.max(cut, 0)).split('\n').filter((l) => l.trim() !== '');
    first[0] = text.slice(cut + 1);
  }
  return { rows, before };
}
