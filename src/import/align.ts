import type { Column } from './header.js';
import { readMark } from './values/marks.js';
import type { SourceCell } from './table.js';

/*
 * Text copied from a browser leaves out the cells a merged cell covers: a
 * row under a 一级事项 and a 公开主体 merged down is two cells short, and
 * nothing says which two. The cells' contents do: a sequence number, √
 * marks, ■ channels, 《…》 laws and 工作日 time limits each fit one kind of
 * column. Every way of leaving out that many columns (each one a column the
 * row above has a value in, since a merge starts with one) is scored by how
 * well the cells fit the columns they would land in, and the best wins. A
 * left-out column takes the value above it: that is what the merge showed.
 */

/** At most this many cells missing are searched for (C(20, 4) = 4,845 ways); more is not a copy of merged cells. */
const MAX_MISSING = 4;

/** How well a cell's text fits a column: positive fits, negative does not. */
function fit(text: string, column: Column | undefined): number {
  const t = text.trim();
  const mark = readMark(t);
  const isNumber = /^\d{1,4}[.．、]?$/.test(t);
  if (column === undefined) return mark === true ? -2 : 0;
  if (column.field === 'seq') return isNumber ? 3 : t === '' ? 0 : -3;
  if (column.value !== undefined) return t === '' || mark !== undefined ? 1 : -3;
  if (mark === true || isNumber) return -3;
  if (t === '') return -1;
  switch (column.field) {
    case 'channels':
      return /[■□☑☐√]|网站|公报|政务|服务/.test(t) ? 2 : 0;
    case 'basis':
      return /[《》]|条例|办法|规定|法/.test(t) ? 2 : 0;
    case 'timeLimit':
      return /工作日|即时|实时|日内|之日起|随时|长期/.test(t) ? 2 : 0;
    case 'subject':
      return /部门|局|机关|单位|政府|中心|委员会/.test(t) ? 1 : 0;
    default:
      return 0;
  }
}

export interface Alignment {
  /** The row, one cell per column. */
  cells: SourceCell[];
  /** Indexes of the columns that were left out and took the value above. */
  filled: number[];
}

/**
 * Places a short row's cells under the columns, filling the columns a merge
 * covered from `above` (the previous row, already aligned). Undefined when
 * the row is not short, is too short to be a copy of merged cells, or no
 * column above has a value to carry down.
 */
export function alignShortRow(cells: readonly SourceCell[], columns: readonly (Column | undefined)[], above: readonly SourceCell[] | undefined): Alignment | undefined {
  const width = columns.length;
  const missing = width - cells.length;
  if (missing <= 0 || missing > MAX_MISSING || above === undefined) return undefined;
  const candidates = columns.map((_, i) => i).filter((i) => (above[i]?.text.trim() ?? '') !== '' && columns[i]?.field !== 'seq' && columns[i]?.value === undefined);
  if (candidates.length < missing) return undefined;
  let best: { score: number; left: number[] } | undefined;
  for (const left of combinations(candidates, missing)) {
    let score = 0;
    let k = 0;
    for (let i = 0; i < width; i++) {
      if (left.includes(i)) continue;
      score += fit(cells[k++]?.text ?? '', columns[i]);
    }
    // On a tie the category is the likelier merge, then the earlier columns: they are merged more often than later ones.
    if (best === undefined || score > best.score || (score === best.score && prefer(left, best.left, columns))) best = { score, left };
  }
  if (best === undefined) return undefined;
  const row = cells[0]?.row ?? above[0]?.row ?? 0;
  const out: SourceCell[] = [];
  let k = 0;
  for (let i = 0; i < width; i++) {
    if (best.left.includes(i)) out.push({ text: above[i]?.text ?? '', row, column: i + 1 });
    else out.push(cells[k++] as SourceCell);
  }
  return { cells: out, filled: best.left };
}

function prefer(a: readonly number[], b: readonly number[], columns: readonly (Column | undefined)[]): boolean {
  const hasCategory = (l: readonly number[]) => l.some((i) => columns[i]?.field === 'category');
  if (hasCategory(a) !== hasCategory(b)) return hasCategory(a);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as number) < (b[i] as number);
  return false;
}

function* combinations(items: readonly number[], k: number, from = 0, chosen: number[] = []): Generator<number[]> {
  if (chosen.length === k) {
    yield [...chosen];
    return;
  }
  for (let i = from; i <= items.length - (k - chosen.length); i++) {
    chosen.push(items[i] as number);
    yield* combinations(items, k, i + 1, chosen);
    chosen.pop();
  }
}
