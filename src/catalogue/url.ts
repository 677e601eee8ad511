import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic, SourcePosition } from '../diagnostics/diagnostic.js';
import { fieldName } from './fields.js';

/**
 * URL rules for anything that ends up in a QR code or is printed as a link.
 * Returns a Chinese reason when the URL cannot be used, undefined when it can.
 */
export function checkUrl(url: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(url)) return '网址中含有控制字符';
  if (/\s/.test(url)) return '网址中含有空格';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '不是完整的网址（应以 http:// 或 https:// 开头）';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `网址只能使用 http 或 https，不能使用「${parsed.protocol.replace(/:$/, '')}」`;
  }
  if (parsed.username || parsed.password) return '网址中不能包含用户名或密码';
  if (url.length > 2000) return '网址过长（超过 2000 个字符）';
  return undefined;
}

/** A QR code for a URL longer than this needs a large, dense symbol (version 6+ at ECC M). */
export const LONG_URL = 80;

export const itemUrlPlaceholders = ['id', 'category', 'seq'] as const;

/** The placeholders in an itemUrl pattern that we do not know, e.g. `{code}`. */
export function unknownPlaceholders(pattern: string): string[] {
  const found = [...pattern.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? '');
  return found.filter((p) => !(itemUrlPlaceholders as readonly string[]).includes(p));
}

export function expandItemUrl(pattern: string, values: { id: string; category: string; seq: number }): string {
  return pattern.replace(/\{(id|category|seq)\}/g, (_, key: 'id' | 'category' | 'seq') =>
    encodeURIComponent(String(values[key])),
  );
}

/**
 * The url/invalid diagnostic for a URL written in `field`, or undefined when
 * the URL can be used. `where` is called only for a bad URL: finding a
 * position in the YAML is not free, and most URLs are fine.
 */
export function urlDiagnostic(url: string, field: string, where: () => SourcePosition, itemId?: string): Diagnostic | undefined {
  const problem = checkUrl(url);
  if (!problem) return undefined;
  return diagnostic('error', 'url/invalid', `${fieldName(field)}不可用：${problem}`, where(), { ...(itemId !== undefined && { itemId }), field });
}
