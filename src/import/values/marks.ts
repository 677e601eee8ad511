/*
 * Check-mark columns (公开对象, 公开方式, 公开层级) hold √ in the chosen
 * sub-columns. We read a small set of marks and an explicit "no"; anything
 * else is reported, not guessed (an "x" may mean chosen or not chosen).
 */

const chosen = new Set(['√', '✓', '✔', '☑', '■', '●']);
const notChosen = new Set(['', '×', '✗', '✘', '否', '无', '-', '—', '/', '□', '☐']);

/** true: chosen; false: not chosen; undefined: cannot tell. */
export function readMark(text: string): boolean | undefined {
  const mark = text.replace(/\s+/g, '');
  if (chosen.has(mark)) return true;
  if (notChosen.has(mark)) return false;
  return undefined;
}

export const chosenMarks = [...chosen].join(' ');
