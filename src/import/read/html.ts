import { parse } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';
import type { MergedRange, SourceTable } from '../table.js';
import { fillMerges, tableFromTexts } from '../table.js';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

/*
 * parse5 parses the way browsers do, so a saved page with unclosed tags or
 * Word's "Save as web page" output gives the same tables a reader sees.
 * Government pages often wrap content in layout tables; every table is
 * returned and the caller keeps the first whose rows hold the directory's
 * header.
 */

const blockTags = new Set(['p', 'div', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'tr', 'blockquote', 'section', 'article']);
const skippedTags = new Set(['script', 'style', 'template', 'noscript', 'head']);
const headingTags = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p']);

/** Every table of the page, in document order, with merged cells filled in. */
export function readHtml(html: string): SourceTable[] {
  const tables: SourceTable[] = [];
  const headings: string[] = [];
  const visit = (node: Node): void => {
    if (!isElement(node)) {
      if ('childNodes' in node) node.childNodes.forEach(visit);
      return;
    }
    if (skippedTags.has(node.tagName)) return;
    if (node.tagName === 'table') tables.push(readTable(node, headings));
    else if (headingTags.has(node.tagName)) {
      const text = cellText(node).replace(/\s+/g, ' ');
      if (text !== '' && text.length <= 100) headings.push(text);
    }
    node.childNodes.forEach(visit);
  };
  visit(parse(html));
  return tables;
}

function readTable(table: Element, headingsBefore: readonly string[]): SourceTable {
  const caption = table.childNodes.find((n) => isElement(n) && n.tagName === 'caption');
  const captionText = caption && isElement(caption) ? cellText(caption).replace(/\s+/g, ' ') : '';
  const trs = rowsOf(table);
  const grid: (string | undefined)[][] = [];
  const ranges: MergedRange[] = [];
  trs.forEach((tr, r) => {
    const row = (grid[r] ??= []);
    let c = 0;
    for (const td of tr.childNodes.filter(isElement).filter((n) => n.tagName === 'td' || n.tagName === 'th')) {
      while (row[c] !== undefined) c++;
      const colspan = clamp(numberAttr(td, 'colspan') ?? 1, 1, 1000);
      // rowspan="0" means "to the end of the table" (HTML spec).
      const declared = numberAttr(td, 'rowspan') ?? 1;
      const rowspan = clamp(declared === 0 ? trs.length - r : declared, 1, trs.length - r);
      for (let dr = 0; dr < rowspan; dr++) {
        const target = (grid[r + dr] ??= []);
        for (let dc = 0; dc < colspan; dc++) target[c + dc] = dr === 0 && dc === 0 ? cellText(td) : '';
      }
      if (colspan > 1 || rowspan > 1) ranges.push({ top: r + 1, left: c + 1, bottom: r + rowspan, right: c + colspan });
      c += colspan;
    }
  });
  const rows = tableFromTexts(grid.map((row) => Array.from(row, (t) => t ?? '')));
  fillMerges(rows, ranges);
  const title = captionText || nearestTitle(headingsBefore);
  return title ? { rows, caption: title } : { rows };
}

/** The last heading before the table that names a directory (目录), else none. */
function nearestTitle(headings: readonly string[]): string | undefined {
  return [...headings].reverse().find((h) => h.includes('目录') || h.includes('目錄'));
}

/** The table's own rows: through thead/tbody/tfoot, never into a nested table. */
function rowsOf(table: Element): Element[] {
  const out: Element[] = [];
  for (const child of table.childNodes.filter(isElement)) {
    if (child.tagName === 'tr') out.push(child);
    else if (child.tagName === 'thead' || child.tagName === 'tbody' || child.tagName === 'tfoot') {
      out.push(...child.childNodes.filter(isElement).filter((n) => n.tagName === 'tr'));
    }
  }
  return out;
}

/** The text a reader sees: runs of white space are one space, <br> and blocks break lines. */
function cellText(node: Element): string {
  const parts: string[] = [];
  const visit = (n: Node): void => {
    if (n.nodeName === '#text' && 'value' in n) parts.push(n.value.replace(/[ \t\n\r\f]+/g, ' '));
    else if (isElement(n)) {
      if (skippedTags.has(n.tagName)) return;
      if (n.tagName === 'br') parts.push('\n');
      const block = blockTags.has(n.tagName);
      if (block) parts.push('\n');
      n.childNodes.forEach(visit);
      if (block) parts.push('\n');
    }
  };
  node.childNodes.forEach(visit);
  return parts
    .join('')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join('\n');
}

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

/** A whole-number attribute; missing or unreadable values count as absent, as browsers treat them. */
function numberAttr(el: Element, name: string): number | undefined {
  const value = el.attrs.find((a) => a.name === name)?.value;
  const n = value === undefined ? NaN : parseInt(value, 10);
  return Number.isFinite(n) ? n : undefined;
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(Math.max(n, min), max);
}
