import { parse } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';
import type { MergedRange, SourceTable } from '../table.js';
import { MAX_CELLS, tooManyCells } from '../limits.js';
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

/**
 * Every table of the page, in document order, with merged cells filled in.
 * The page is walked with a stack rather than recursion: a page of deeply
 * nested elements must not run out of stack.
 *
 * @throws ImportLimitError when the tables' cells (merged cells counted out) pass MAX_CELLS.
 */
export function readHtml(html: string, file: string): SourceTable[] {
  const tables: SourceTable[] = [];
  const headings: string[] = [];
  const budget = { cells: 0 };
  const stack: Node[] = [parse(html)];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isElement(node)) {
      if (skippedTags.has(node.tagName)) continue;
      if (node.tagName === 'table') tables.push(readTable(node, headings, file, budget));
      else if (headingTags.has(node.tagName)) {
        const text = cellText(node).replace(/\s+/g, ' ');
        if (text !== '' && text.length <= 100) headings.push(text);
      }
    }
    if ('childNodes' in node) for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i]!);
  }
  return tables;
}

function readTable(table: Element, headingsBefore: readonly string[], file: string, budget: { cells: number }): SourceTable {
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
