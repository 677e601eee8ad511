import { fieldLabels } from './fields.js';

/**
 * Edit distance where swapping two neighbouring letters counts once
 * (optimal string alignment), since "bsais" for "basis" is a typical slip.
 * Inputs are short keys, so the full table is fine.
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The allowed key the user most likely meant: a key written with the Chinese
 * label (公开依据 → basis), a case slip (TimeLimit), or a small typo (bsais).
 */
export function suggestKey(written: string, allowed: readonly string[]): string | undefined {
  const byLabel = allowed.find((k) => fieldLabels[k] === written || (fieldLabels[k] && written.includes(fieldLabels[k]!)));
  if (byLabel) return byLabel;
  const lower = written.toLowerCase();
  const byCase = allowed.find((k) => k.toLowerCase() === lower);
  if (byCase) return byCase;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of allowed) {
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  // Allow about one slip per three letters, so "url" does not suggest "id".
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}
