import { createHash } from 'node:crypto';

/**
 * Category codes for the standard category names: the pinyin initials, as
 * the demo catalogue and the handbook's item URLs (`/gbds/xzxk-01.html`) use
 * them.
 */
export const standardCodes: Readonly<Record<string, string>> = {
  政策法规文件: 'zcfg',
  行政许可: 'xzxk',
  行政处罚: 'xzcf',
  公共服务: 'ggfw',
  行政检查: 'xzjc',
  行政强制: 'xzqz',
  行政确认: 'xzqr',
  行政奖励: 'xzjl',
  行政给付: 'xzgf',
  行政征收: 'xzzs',
  行政裁决: 'xzcj',
  其他: 'qt',
  其它: 'qt',
};

/**
 * The code of a category name. A name outside the table gets `c` and six hex
 * digits of its SHA-256: deterministic, and the same name gets the same code
 * in every import, so catalogues imported separately still merge by code.
 * (Initials for any name would need a pinyin dictionary of several hundred
 * kilobytes for a case the warning already asks the user to settle.)
 */
export function categoryCode(name: string, taken: ReadonlySet<string> = new Set()): { code: string; standard: boolean } {
  const standard = standardCodes[name];
  if (standard !== undefined) return { code: standard, standard: true };
  const hex = createHash('sha256').update(name).digest('hex');
  // A longer prefix only if two names share the first six digits.
  for (let n = 6; n < hex.length; n += 2) {
    const code = `c${hex.slice(0, n)}`;
    if (!taken.has(code)) return { code, standard: false };
  }
  return { code: `c${hex}`, standard: false };
}

/** `xzxk-01`; two digits, more when a category holds a hundred items or more. */
export function itemId(code: string, seq: number, count: number): string {
  return `${code}-${String(seq).padStart(Math.max(2, String(count).length), '0')}`;
}
