import type { HelperDelegate } from 'handlebars';

/**
 * Helpers available to every template (documented in templates/README.md).
 * They format; they never reach outside the data they are given.
 */

const digits = '〇一二三四五六七八九';

/** 1 → 一, 12 → 十二, 21 → 二十一 (enough for chapter numbers). */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 100) return String(n);
  if (n < 10) return digits[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : digits[tens]}十${ones === 0 ? '' : digits[ones]}`;
}

/** 2026-11-01 → 2026年11月1日 */
export function chineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

/** What is printed under a QR code: the address without the https:// a phone adds itself. */
export function printableUrl(url: string): string {
  return url.replace(/^https:\/\//, '');
}

export const helpers: Record<string, HelperDelegate> = {
  /** {{join list "、"}} */
  join: (list: unknown, sep: unknown) => (Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : '、') : ''),
  /** {{date edition.date}} */
  date: (iso: unknown) => (typeof iso === 'string' ? chineseDate(iso) : ''),
  /** {{cn 3}} → 三 */
  cn: (n: unknown) => (typeof n === 'number' ? chineseNumber(n) : ''),
  /** {{pad seq 2}} → 03 */
  pad: (n: unknown, width: unknown) => String(n).padStart(typeof width === 'number' ? width : 2, '0'),
  /** {{shortUrl url}} */
  shortUrl: (url: unknown) => (typeof url === 'string' ? printableUrl(url) : ''),
  /** {{tel phone}} → the number a tel: link dials: the first run of digits (and - or +) in the text. */
  tel: (phone: unknown) => (typeof phone === 'string' ? (/\+?\d[\d-]*\d/.exec(phone)?.[0] ?? '') : ''),
  eq: (a: unknown, b: unknown) => a === b,
  includes: (list: unknown, value: unknown) => Array.isArray(list) && list.includes(value),
  /** {{#if (any a b)}} */
  any: (...args: unknown[]) => args.slice(0, -1).some((v) => (Array.isArray(v) ? v.length > 0 : Boolean(v))),
};
