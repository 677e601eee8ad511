import type * as mupdf from 'mupdf';
import { pageLines } from './pdf.js';

/** A page's body: its text lines without the running header and the folio, top to bottom. */
export interface BodyPage {
  /** 1-based page number. */
  page: number;
  /** The running header's right-hand text (the section's name), or undefined on a page without one. */
  section: string | undefined;
  /** Text of each line, white space removed, in reading order. */
  lines: { text: string; y: number }[];
  /** Lines as a reader counts them: text at the same height (a table row's cells) is one line. */
  lineCount: number;
}

/**
 * Every page's body lines. The running header is the line pair at the top
 * holding the handbook's title; the folio is a number alone at the foot.
 */
export function bodyPages(doc: mupdf.Document, title: string): BodyPage[] {
  const out: BodyPage[] = [];
  for (let i = 0; i < doc.countPages(); i++) {
    let lines = pageLines(doc, i)
      .map((l) => ({ text: l.text.replace(/\s+/g, ''), y: l.y }))
      .filter((l) => l.text !== '');
    const header = lines.find((l) => l.text === title);
    let section: string | undefined;
    if (header) {
      const band = lines.filter((l) => Math.abs(l.y - header.y) < 1);
      section = band.find((l) => l !== header)?.text;
      lines = lines.filter((l) => !band.includes(l));
      const lowest = Math.max(...lines.map((l) => l.y));
      lines = lines.filter((l) => !(/^\d+$/.test(l.text) && l.y === lowest && lines.filter((m) => m.y === lowest).length === 1));
    }
    lines.sort((a, b) => a.y - b.y);
    let lineCount = 0;
    let last = -Infinity;
    for (const l of lines) {
      // Cells of one row in different sizes sit a few points apart; lines of text are 12 pt or more.
      if (l.y - last > 5) lineCount++;
      last = l.y;
    }
    out.push({ page: i + 1, section, lines, lineCount });
  }
  return out;
}

/**
 * Whether the page's last line is a heading or a wrapped heading's first or
 * last line (the line above it completing the heading). A table row repeating
 * the end of a heading (the overview's item names) is not one.
 */
function endsWithHeading(lines: readonly { text: string }[], headings: ReadonlySet<string>): string | undefined {
  const last = lines[lines.length - 1]!.text;
  const above = lines[lines.length - 2]?.text ?? '';
  if (headings.has(last)) return last;
  if (last.length < 4) return undefined;
  for (const h of headings) {
    if (h.length > last.length && h.startsWith(last)) return last;
    if (h === above + last) return h;
  }
  return undefined;
}

/** Headings whose last line ends its page (nothing of what they introduce below them). */
export function strandedHeadings(pages: readonly BodyPage[], headings: ReadonlySet<string>, tocSection: string): string[] {
  const out: string[] = [];
  for (const p of pages) {
    if (p.lines.length < 2) continue;
    // On contents pages the entries repeat the headings' text; only the contents title is a heading there.
    const found = endsWithHeading(p.lines, p.section === tocSection ? new Set([tocSection]) : headings);
    if (found) out.push(`第 ${p.page} 页末行「${found}」`);
  }
  return out;
}

/** Pages of a section (a page with a running header) with fewer than `min` body lines. */
export function shortPages(pages: readonly BodyPage[], min = 3): string[] {
  return pages.filter((p) => p.section !== undefined && p.lineCount < min).map((p) => `第 ${p.page} 页（${p.section}）只有 ${p.lineCount} 行：${p.lines.map((l) => l.text).join(' / ')}`);
}

/** Bookmark titles (every h1 and h2 of the handbook), flattened. */
export function outlineTitles(doc: mupdf.Document): string[] {
  const out: string[] = [];
  const walk = (items: mupdf.OutlineItem[] | undefined) => {
    for (const it of items ?? []) {
      if (it.title) out.push(it.title.replace(/\s+/g, ''));
      walk(it.down);
    }
  };
  walk(doc.loadOutline());
  return out;
}
