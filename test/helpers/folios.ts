import { expect } from 'vitest';
import type { Item } from '../../src/index.js';
import { compactPageTexts, pageLines } from './pdf.js';
import type { openPdf } from './pdf.js';

/*
 * Page numbers as a reader sees them: the folio printed at the foot of each
 * page, not the page's index in the file. The table of contents, the
 * bookmarks and the appendix's 页码 column must all name the printed number
 * of the page where the heading is.
 */

type Doc = ReturnType<typeof openPdf>;

const compact = (s: string) => s.replace(/\s+/g, '');
const pad = (n: number) => String(n).padStart(2, '0');

export interface Folios {
  /** The number printed at the foot of each page (by index), undefined on pages without one. */
  printed: (number | undefined)[];
  /** Indexes of the table of contents' pages (running header 目录). */
  tocPages: number[];
  /** TOC entries in order: the entry's text without white space, and the page number printed beside it. */
  toc: { title: string; page: number }[];
  /** The appendix's overview rows: item number (序号) and the 页码 printed in its row. */
  appendix: { seq: number; page: number }[];
  /** Index of the first page outside the TOC whose text holds `title` (white space ignored): where that heading is. */
  startPage(title: string): number;
}

/** Reads folios, the TOC and the appendix's page column from the page text and its positions. */
export function readFolios(doc: Doc): Folios {
  const texts = compactPageTexts(doc);
  const printed: (number | undefined)[] = [];
  const tocPages: number[] = [];
  const toc: { title: string; page: number }[] = [];
  const appendix: { seq: number; page: number }[] = [];
  // An entry broken at the foot of a TOC page goes on at the top of the next.
  let entry: { title: string; page: number } | undefined;
  for (let i = 0; i < doc.countPages(); i++) {
    const [, , width, height] = doc.loadPage(i).getBounds();
    const lines = pageLines(doc, i);
    // The folio: digits alone on a line in the foot margin, around the middle of the page.
    const feet = lines.filter((l) => /^\d+$/.test(compact(l.text)) && l.y > height * 0.94 && Math.abs(l.x - width / 2) < width * 0.1);
    expect(feet.length, `page index ${i}: at most one folio`).toBeLessThanOrEqual(1);
    printed.push(feet[0] ? Number(compact(feet[0].text)) : undefined);
    // The running header stands in the top margin; everything else but the folio is the page's text.
    const header = lines.filter((l) => l.y < height * 0.08).map((l) => compact(l.text));
    const body = lines.filter((l) => l.y >= height * 0.08 && !feet.includes(l));
    if (header.includes('目录')) {
      tocPages.push(i);
      // An entry is its text lines; its page number stands at the right, level with the first of them.
      const numbers = body.filter((l) => /^\d+$/.test(compact(l.text)) && l.x > width / 2);
      const text = body.filter((l) => !numbers.includes(l)).sort((a, b) => a.y - b.y);
      for (const l of text) {
        const number = numbers.find((n) => Math.abs(n.y - l.y) < 3);
        if (number) toc.push((entry = { title: '', page: Number(compact(number.text)) }));
        if (entry) entry.title += compact(l.text);
      }
    }
    const seqHead = body.find((l) => compact(l.text) === '序号');
    const pageHead = body.find((l) => compact(l.text) === '页码');
    if (seqHead && pageHead) {
      let seq: number | undefined;
      for (const l of body) {
        const t = compact(l.text);
        if (!/^\d+$/.test(t)) continue;
        if (Math.abs(l.x - seqHead.x) < 3) seq = Number(t);
        else if (l.x > pageHead.x - 15 && seq !== undefined) {
          appendix.push({ seq, page: Number(t) });
          seq = undefined;
        }
      }
    }
  }
  const startPage = (title: string) => texts.findIndex((t, i) => !tocPages.includes(i) && t.includes(compact(title)));
  return { printed, tocPages, toc, appendix, startPage };
}

/**
 * Checks that every page number a reader can follow leads to the heading:
 * the TOC's numbers, the bookmarks' targets and the appendix's 页码 column,
 * each against the folio printed on the page where the heading is.
 */
export function expectPageNumbersMatchFolios(doc: Doc, items: Item[]): void {
  const f = readFolios(doc);
  // Folios are printed, and count up one by one from page to page.
  const numbered = f.printed.flatMap((n, i) => (n === undefined ? [] : [[i, n] as const]));
  expect(numbered.length).toBeGreaterThan(items.length / 2);
  for (let k = 1; k < numbered.length; k++) {
    const [i, n] = numbered[k]!;
    const [j, m] = numbered[k - 1]!;
    expect(n - m, `folios on page indexes ${j} and ${i}`).toBe(i - j);
  }
  const folioAt = (title: string) => {
    const p = f.startPage(title);
    expect(p, `a page with ${title}`).toBeGreaterThanOrEqual(0);
    return f.printed[p];
  };

  // The TOC: every item and every category, each number the folio of the page where it starts.
  expect(f.tocPages.length).toBeGreaterThan(0);
  const titles = new Set(f.toc.map((e) => e.title));
  for (const item of items) expect(titles.has(compact(`${pad(item.seq)}${item.name}`)), `TOC entry for ${item.id}`).toBe(true);
  for (const entry of f.toc) expect(entry.page, `TOC: ${entry.title}`).toBe(folioAt(entry.title));

  // Bookmarks: each opens the page that prints the number the TOC gives for it.
  const tocPage = new Map(f.toc.map((e) => [e.title, e.page]));
  let bookmarks = 0;
  const walk = (nodes: ReturnType<Doc['loadOutline']>) => {
    for (const node of nodes ?? []) {
      const title = compact(node.title ?? '');
      expect(node.page, `bookmark ${title}`).toBeDefined();
      expect(f.printed[node.page!], `folio of the page bookmark ${title} opens`).toBe(folioAt(title));
      if (tocPage.has(title)) expect(f.printed[node.page!], `bookmark ${title} against the TOC`).toBe(tocPage.get(title));
      bookmarks++;
      walk(node.down ?? null);
    }
  };
  walk(doc.loadOutline());
  expect(bookmarks).toBeGreaterThanOrEqual(items.length);

  // The appendix's overview: one row per item, its 页码 the folio of the item's page.
  expect(f.appendix.map((r) => r.seq)).toEqual(items.map((item) => item.seq));
  for (const row of f.appendix) {
    const item = items.find((it) => it.seq === row.seq)!;
    expect(row.page, `appendix 页码 for ${item.id}`).toBe(folioAt(`${pad(item.seq)}${item.name}`));
  }
}
