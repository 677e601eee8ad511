import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Handbook, Item } from '../catalogue/model.js';
import { siteTarget } from './target.js';

/**
 * Which files the web twin has and which items each holds, read off the
 * item URLs so that every QR code opens a page the site really has:
 * - an `item` page holds one item (its URL names the file);
 * - a `single` page holds many, each at `#anchor` (single-page mode, or an
 *   itemUrl like `…/list.html#{id}`); when it is index.html it is the index too;
 * - the `index` page lists every item, and is written unless a single page is index.html.
 */
export type PageKind = 'index' | 'item' | 'single';

export interface PlannedItem {
  item: Item;
  /** The element id the item's section carries (the URL's fragment, or the item id). */
  anchor: string;
  /** The file the item is shown in; undefined when the site has no page for it (its URL lies elsewhere). */
  file?: string;
}

export interface PlannedPage {
  file: string;
  kind: PageKind;
  items: PlannedItem[];
}

export interface SitePlan {
  /** Absolute http(s) URL of the site folder, ending in `/`; undefined when items have no URLs at all. */
  base: string | undefined;
  pages: PlannedPage[];
  /** Every item in handbook order, with where it is shown. */
  items: PlannedItem[];
}

export const INDEX = 'index.html';

/**
 * Plans the site. Items whose URL lies outside the base (or cannot be a
 * static file) get no page and a warning: the index links to their URL.
 * Items without a URL get a page of their own at `<id>.html`. Two items that
 * share a file without each having an anchor are an error.
 */
export function planSite(handbook: Handbook): { value: SitePlan | undefined; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const base = handbook.site?.base;
  const byFile = new Map<string, PlannedItem[]>();
  const planned: PlannedItem[] = [];
  for (const item of handbook.categories.flatMap((c) => c.items)) {
    const at = item.fieldOrigins.url ?? item.origin;
    let entry: PlannedItem;
    if (item.url === undefined) {
      entry = { item, anchor: item.id, file: `${item.id}.html` };
    } else {
      const target = base === undefined ? { problem: '手册文件中没有设置网站地址（site 或 itemUrl）' } : siteTarget(item.url, base);
      if ('problem' in target) {
        diagnostics.push(
          diagnostic('warning', 'site/no-page', `网站中不生成这个事项的页面（${target.problem}），索引页直接链接到 ${item.url}`, at, {
            itemId: item.id,
            field: 'url',
            hint: '二维码仍指向事项自己的网址；要由网站版提供页面，把 url 改到网站地址之下，或删去 url 按 itemUrl 生成。',
          }),
        );
        entry = { item, anchor: item.id };
      } else {
        entry = { item, anchor: target.anchor ?? item.id, file: target.file };
      }
    }
    planned.push(entry);
    if (entry.file !== undefined) byFile.set(entry.file, [...(byFile.get(entry.file) ?? []), entry]);
  }

  const pages: PlannedPage[] = [];
  for (const [file, entries] of byFile) {
    const anchored = entries.filter((e) => hasAnchor(e));
    if (entries.length > 1 && anchored.length < entries.length) {
      const [first, second] = entries as [PlannedItem, PlannedItem];
      diagnostics.push(
        diagnostic('error', 'site/same-page', `事项 ${first.item.id} 和 ${second.item.id} 的网址指向同一个页面 ${file}`, second.item.fieldOrigins.url ?? second.item.origin, {
          itemId: second.item.id,
          field: 'url',
          hint: '每个事项应有自己的页面，或在网址末尾用 #事项编号 指向单页中的位置。',
        }),
      );
      continue;
    }
    const single = anchored.length > 0 && (entries.length > 1 || file === INDEX);
    pages.push({ file, kind: single ? 'single' : 'item', items: entries });
  }
  const clash = pages.find((p) => p.file === INDEX && p.kind === 'item');
  if (clash) {
    const item = clash.items[0]!.item;
    diagnostics.push(
      diagnostic('error', 'site/index-clash', `事项的网址指向网站首页 ${INDEX}：${item.url}`, item.fieldOrigins.url ?? item.origin, {
        itemId: item.id,
        field: 'url',
        hint: '首页是事项索引；事项网址应指向自己的页面，如 …/{id}.html。',
      }),
    );
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { value: undefined, diagnostics };
  if (!pages.some((p) => p.file === INDEX)) pages.unshift({ file: INDEX, kind: 'index', items: [] });
  // Index first, then pages in the order their first item appears: stable, so output is byte-identical.
  return { value: { base, pages, items: planned }, diagnostics };
}

/** An item whose URL names an element of its page, not the page itself. */
function hasAnchor(entry: PlannedItem): boolean {
  return entry.item.url !== undefined && entry.item.url.includes('#');
}

/** The relative link from a page at `from` to `to` (both site-relative, '/'-separated). */
export function relativeHref(from: string, to: string): string {
  const fromDirs = from.split('/').slice(0, -1);
  const toParts = to.split('/');
  let common = 0;
  while (common < fromDirs.length && common < toParts.length - 1 && fromDirs[common] === toParts[common]) common++;
  const up = fromDirs.length - common;
  return [...Array<string>(up).fill('..'), ...toParts.slice(common)].map(encodeSegment).join('/');
}

/** Percent-encodes what a path segment cannot hold as it is, keeping Chinese readable for file:// and hosts alike. */
function encodeSegment(s: string): string {
  return s.replace(/[%#?\s"<>]/g, (c) => encodeURIComponent(c));
}
