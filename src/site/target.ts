import { isUnderBase } from '../catalogue/site.js';

/**
 * Where in a site folder the page a URL opens is: the URL's path below the
 * site's base, as a static host would serve it. `…/gbds/xzxk-01.html` →
 * `xzxk-01.html`; `…/gbds/` → `index.html`; `…/gbds/xzxk-01` (no extension) →
 * `xzxk-01/index.html`, what hosts serve for a folder; a fragment names the
 * element the page must have (`index.html#xzxk-01`).
 */
export type SiteTarget = { file: string; anchor?: string } | { problem: string };

/** Extensions a static host serves as HTML. */
const htmlExtension = /\.(html?|shtml)$/i;

export function siteTarget(url: string, base: string): SiteTarget {
  let parsed: URL;
  let baseParsed: URL;
  try {
    parsed = new URL(url);
    baseParsed = new URL(base);
  } catch {
    return { problem: '不是完整的网址' };
  }
  // The same rule check applies to a configured site (`…/gbds/../x.html` is not under `…/gbds/`).
  if (!isUnderBase(url, base)) return { problem: `不在网站地址 ${base} 之下` };
  if (parsed.search) return { problem: '网址带有查询参数（?…），静态网站无法为它生成页面' };
  let rel: string;
  try {
    rel = decodeURIComponent(parsed.pathname).slice(decodeURIComponent(baseParsed.pathname).length);
  } catch {
    return { problem: '网址中的百分号编码有误' };
  }
  const segments = rel.split('/');
  const last = segments.pop()!;
  if (segments.some((s) => s === '' || s === '.' || s === '..') || last === '.' || last === '..' || /[\\\0]/.test(rel)) {
    return { problem: '网址的路径中有空的、. 或 .. 的部分' };
  }
  let file: string;
  if (last === '') file = [...segments, 'index.html'].join('/');
  else if (htmlExtension.test(last)) file = rel;
  else if (/\.[A-Za-z0-9]{1,8}$/.test(last)) return { problem: `网址以「${last.replace(/^.*\./, '.')}」结尾，静态网站只能生成 .html 页面` };
  else file = `${rel}/index.html`;
  const anchor = parsed.hash.length > 1 ? decodeURIComponent(parsed.hash.slice(1)) : undefined;
  return anchor === undefined ? { file } : { file, anchor };
}
