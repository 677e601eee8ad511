import { parse } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';
import type { MergedRange, SourceTable } from '../table.js';
import { MAX_CELLS, tooManyCells } from '../limits.js';
import { fillMerges, tableFromTexts, tidyLines } from '../table.js';

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
const headingTags = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'div']);

/** A line of text before a table that may be its title, and what kind of element held it. */
interface Heading {
  text: string;
  /** h1–h6 are headings; a p or div is read only when it looks like a title, not a sentence. */
  heading: boolean;
}

/**
 * Every table of the page, in document order, with merged cells filled in.
 * The page is walked with a stack rather than recursion: a page of deeply
 * nested elements must not run out of stack.
 *
 * @throws ImportLimitError when the tables' cells (merged cells counted out) pass MAX_CELLS.
 */
export function readHtml(html: string, file: string): SourceTable[] {
  const tables: SourceTable[] = [];
  const headings: Heading[] = [];
  const budget = { cells: 0 };
  const document = parse(html);
  const pageTitle = titleOf(document);
  const stack: Node[] = [document];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isElement(node)) {
      if (skippedTags.has(node.tagName)) continue;
      if (node.tagName === 'table') tables.push(readTable(node, headings, pageTitle, file, budget));
      else if (headingTags.has(node.tagName) && !node.childNodes.some((n) => isElement(n) && blockTags.has(n.tagName))) {
        const text = cellText(node).replace(/\s+/g, ' ');
        if (text !== '' && text.length <= 100) headings.push({ text, heading: /^h\d$/.test(node.tagName) });
      }
    }
    if ('childNodes' in node) for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i]!);
  }
  return tables;
}

function readTable(table: Element, headingsBefore: readonly Heading[], pageTitle: string | undefined, file: string, budget: { cells: number }): SourceTable {
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
      // A span is expanded into cells: count them before making them (rowspan × colspan can be millions).
      budget.cells += rowspan * colspan;
      if (budget.cells > MAX_CELLS) throw tooManyCells(file, r + 1, c + 1);
      for (let dr = 0; dr < rowspan; dr++) {
        const target = (grid[r + dr] ??= []);
        for (let dc = 0; dc < colspan; dc++) target[c + dc] = dr === 0 && dc === 0 ? cellText(td) : '';
      }
      if (colspan > 1 || rowspan > 1) ranges.push({ top: r + 1, left: c + 1, bottom: r + rowspan, right: c + colspan });
      c += colspan;
    }
  });
  const rows = tableFromTexts(grid.map((row) => Array.from(row, (t) => t ?? '')));
  fillMerges(rows, ranges, file);
  if (captionText) return { rows, caption: captionText };
  const title = nearestTitle(headingsBefore, pageTitle);
  return title ? { rows, caption: title.text, captionFrom: title.from } : { rows };
}

const namesDirectory = (t: string) => t.includes('目录') || t.includes('目錄');

/**
 * The table's title when it has no <caption>: the last h1–h6 before it that
 * names a directory (目录), else the page's <title> if it does (less the
 * site name after a dash or |), else a paragraph that reads as a title: short,
 * naming a directory, and not a sentence (an intro 「现将《…目录》公布如下：」
 * names one too).
 */
function nearestTitle(headings: readonly Heading[], pageTitle: string | undefined): { text: string; from: 'heading' | 'page-title' | 'paragraph' } | undefined {
  const before = [...headings].reverse();
  const heading = before.find((h) => h.heading && namesDirectory(h.text));
  if (heading) return { text: heading.text, from: 'heading' };
  if (pageTitle !== undefined && namesDirectory(pageTitle)) return { text: pageTitle, from: 'page-title' };
  const paragraph = before.find((h) => !h.heading && namesDirectory(h.text) && h.text.length <= 60 && !/[，。；：,;:]|如下/.test(h.text.replace(/[（(][^）)]*[）)]/g, '')));
  return paragraph ? { text: paragraph.text, from: 'paragraph' } : undefined;
}

/** The page's <title>, without the site name a portal appends (「…目录 - 某县人民政府」). */
function titleOf(document: Node): string | undefined {
  const stack: Node[] = [document];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isElement(node) && node.tagName === 'title') {
      const text = cellText(node).replace(/\s+/g, ' ');
      const parts = text.split(/\s+[-–—|_]\s+|\s*[|｜_＿]\s*/).filter((p) => p !== '');
      return parts.find(namesDirectory) ?? parts[0];
    }
    if (isElement(node) && node.tagName === 'body') continue;
    if ('childNodes' in node) for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i]!);
  }
  return undefined;
}

/** The table's own rows: through thead/tbody/tfoot, never into a nested table. */
function rowsOf(table: Element): Element[] {
  const out: Element[] = [];
  for (const child of table.childNodes.filter(isElement)) {
    if (child.tagName === 'tr') out.push(child);
    else if (child.tagName === 'thead' || child.tagName === 'tbody' || child.tagName === 'tfoot') {
      for (const n of child.childNodes) if (isElement(n) && n.tagName === 'tr') out.push(n);
    }
  }
  return out;
}

/** The text a reader sees: runs of white space are one space, <br> and blocks break lines. Walked with a stack, like the page. */
function cellText(node: Element): string {
  const parts: string[] = [];
  // An element's children, then (for a block) the line break after it; a string is a break to emit.
  const stack: (Node | string)[] = [];
  const pushChildren = (n: Element) => {
    for (let i = n.childNodes.length - 1; i >= 0; i--) stack.push(n.childNodes[i]!);
  };
  pushChildren(node);
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (typeof n === 'string') parts.push(n);
    else if (n.nodeName === '#text' && 'value' in n) parts.push(n.value.replace(/[ \t\n\r\f]+/g, ' '));
    else if (isElement(n)) {
      if (skippedTags.has(n.tagName)) continue;
      if (n.tagName === 'br') parts.push('\n');
      const block = blockTags.has(n.tagName);
      if (block) {
        parts.push('\n');
        stack.push('\n');
      }
      pushChildren(n);
    }
  }
  return tidyLines(parts.join(''));
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
