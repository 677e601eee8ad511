import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { fieldName } from './fields.js';
import type { SiteConfig } from './model.js';
import type { HandbookFileData } from './schema.js';
import { checkUrl, itemUrlPlaceholders } from './url.js';
import { locate } from './yaml-source.js';
import type { YamlSource } from './yaml-source.js';

/*
 * One URL rule for the PDF and the web twin: the QR codes encode item URLs,
 * and the site puts each item's page at the path its URL names. Either the
 * handbook file has a `site:` section (then item URLs are derived from it),
 * or the site's base is the part of `itemUrl` before its first placeholder.
 */

/** The folder part of an itemUrl pattern: everything up to the last `/` before the first placeholder. */
export function itemUrlBase(pattern: string): string | undefined {
  const first = pattern.search(new RegExp(`\\{(${itemUrlPlaceholders.join('|')})\\}`));
  const head = first === -1 ? pattern : pattern.slice(0, first);
  const slash = head.lastIndexOf('/');
  // "https://" alone has no folder: the base needs a host.
  if (slash < head.indexOf('//') + 2 || checkUrl(head.slice(0, slash + 1)) !== undefined) return undefined;
  return head.slice(0, slash + 1);
}

/** Page file names in single-page mode: a plain name, no folders, ending in .html or .htm. */
const pageName = /^[^/\\?#\s]+\.html?$/;

/**
 * The site configuration of a handbook file, checked: its own `site:`
 * section, or one derived from `itemUrl`. Undefined when neither gives a base.
 */
export function resolveSite(hb: HandbookFileData, source: YamlSource, diagnostics: Diagnostic[]): SiteConfig | undefined {
  if (!hb.site) {
    const base = hb.itemUrl !== undefined ? itemUrlBase(hb.itemUrl) : undefined;
    return base === undefined ? undefined : { base, single: false, configured: false };
  }
  const { base, single = false, page } = hb.site;
  const before = diagnostics.length;
  const problem = checkUrl(base);
  if (problem) {
    diagnostics.push(diagnostic('error', 'url/invalid', `${fieldName('base')}不可用：${problem}`, locate(source, ['site', 'base']), { field: 'site' }));
  } else if (!base.endsWith('/') || /[?#]/.test(base)) {
    diagnostics.push(
      diagnostic('error', 'site/base-not-folder', `${fieldName('base')}应是一个以 / 结尾的文件夹地址`, locate(source, ['site', 'base']), {
        field: 'site',
        hint: `例如 ${/[?#]/.test(base) ? base.replace(/[?#].*$/, '').replace(/[^/]*$/, '') : `${base}/`}；各事项的页面放在这个地址之下。`,
      }),
    );
  }
  if (page !== undefined && !single) {
    diagnostics.push(
      diagnostic('error', 'site/page-without-single', `只有单页模式才用${fieldName('page')}`, locate(source, ['site', 'page']), {
        field: 'site',
        hint: '加上 single: true，或删去 page。',
      }),
    );
  }
  if (page !== undefined && !pageName.test(page)) {
    diagnostics.push(
      diagnostic('error', 'site/bad-page', `${fieldName('page')}应是一个以 .html 结尾、不含文件夹的文件名`, locate(source, ['site', 'page']), {
        field: 'site',
        hint: '例如 page: 便民服务手册.html',
      }),
    );
  }
  if (single && hb.itemUrl !== undefined) {
    diagnostics.push(
      diagnostic('error', 'site/item-url-conflict', `单页模式下事项网址由${fieldName('site')}决定，不能再写${fieldName('itemUrl')}`, locate(source, ['itemUrl']), {
        field: 'itemUrl',
        hint: '删去 itemUrl；每个二维码将指向单页中该事项的位置（页面地址#事项编号）。',
      }),
    );
  }
  if (diagnostics.length > before) return undefined;
  return { base, single, ...(single && { page: page ?? 'index.html' }), configured: true };
}

/** The URL the site gives an item that has none of its own. */
export function siteItemUrl(site: SiteConfig, id: string): string {
  return site.single ? `${site.base}${encodeURI(site.page ?? 'index.html')}#${id}` : `${site.base}${id}.html`;
}

/** True when `url` lies under the site's base, as a browser resolves both (`…/gbds/../x.html` does not). */
export function isUnderBase(url: string, base: string): boolean {
  try {
    return new URL(url).href.startsWith(new URL(base).href);
  } catch {
    return false;
  }
}
