import { printableUrl } from '../layout/helpers.js';
import type { StyleData, Theme } from '../layout/theme.js';
import type { MarkupElement, MarkupNode } from '../markup/nodes.js';
import { classesOf, textOf } from '../markup/nodes.js';
import { isInlineElement } from '../markup/vocabulary.js';
import { mm, parseLength } from './units.js';

/** Width of a character in ems: CJK and full-width forms are one em, the rest about 0.6. */
function emsOf(c: number): number {
  if ((c >= 0x2e80 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xffef)) return 1;
  // A surrogate pair is an ideograph of planes 2–3: one em for its two units.
  if (c >= 0xd800 && c <= 0xdfff) return 0.5;
  return 0.6;
}

/**
 * A line's height as a multiple of size × lineHeight: pdfmake's line is the
 * face's ascender to descender, 1.448 em in Noto Sans SC and 1.437 in Noto
 * Serif SC; 1.5 errs on the tall side.
 */
const LINE = 1.5;

/** Type size and line height in effect, handed down to what an element holds. */
interface Look {
  size: number;
  lineHeight: number;
}

/**
 * An estimate of how tall a block will be at `width` points, used to decide
 * whether a <keep> can be kept on one page and table rows whole. It follows
 * the conversion (convert-block.ts, convert-table.ts): the theme's styles
 * for sizes, line heights and margins, column and cell widths as pdfmake
 * will share them out; and errs towards "too tall" (every paragraph's lines
 * rounded up, lines a little taller than the faces make them). On the demo
 * it is within 6 % of the laid-out height, mostly above it, below where a
 * heading wraps one character earlier than counted. pdfmake loses what an
 * unbreakable block puts past its first page, so callers keep a wide margin
 * and measure what falls in it (settle.ts).
 */
export function estimateHeight(node: MarkupNode, width: number, theme: Theme, look: Look = rootLook(theme)): number {
  if (node.kind === 'text') return estimateLines(node.text, look.size, width) * look.size * look.lineHeight * LINE;
  const el = node;
  switch (el.name) {
    case 'qr':
      return qrHeight(el, theme);
    case 'space':
      return el.attrs.height ? lengthOf(el.attrs.height, theme) : mm(4);
    case 'rule': {
      const style = styleOf(theme, classesOf(el).length ? classesOf(el) : ['rule']);
      return verticalMargins(style, theme) + (el.attrs.weight ? lengthOf(el.attrs.weight, theme) : 0.5) + 1;
    }
    case 'columns':
      return columnsHeight(el, width, theme, lookFor(styleOf(theme, classesOf(el)), look, theme));
    case 'table': {
      const style = styleOf(theme, classesOf(el));
      return estimateRowHeights(el, width, theme, lookFor(style, look, theme)).reduce((sum, h) => sum + h, 0) + verticalMargins(style, theme);
    }
    case 'box': {
      const style = styleOf(theme, classesOf(el));
      const pad = el.attrs.padding ? lengthOf(el.attrs.padding, theme) : mm(3);
      return blocksHeight(el.children, width - 2 * pad, theme, lookFor(style, look, theme)) + 2 * pad + 2 + verticalMargins(style, theme);
    }
    case 'p':
    case 'h1':
    case 'h2':
    case 'h3':
      return paragraphHeight(textOf(el), width, theme, look, styleOf(theme, [el.name, ...classesOf(el)]));
    default: {
      const style = styleOf(theme, classesOf(el));
      const inner = lookFor(style, look, theme);
      const indent = el.name === 'ul' || el.name === 'ol' ? 12 : 0;
      return blocksHeight(el.children, width - indent, theme, inner) + verticalMargins(style, theme);
    }
  }
}

/**
 * Each row's estimated height, cell padding and rules included, in a table
 * `width` points wide: its cells share the width as its `widths` say.
 */
export function estimateRowHeights(table: MarkupElement, width: number, theme: Theme, look: Look = rootLook(theme)): number[] {
  const rows = table.children.filter((c): c is MarkupElement => c.kind === 'element');
  const columns = Math.max(1, ...rows.map((r) => r.children.filter((c) => c.kind === 'element').length));
  const widths = columnWidths(table.attrs.widths, columns, width, theme);
  return rows.map((row) => {
    let col = 0;
    let tallest = 0;
    for (const cell of row.children) {
      if (cell.kind !== 'element') continue;
      const span = Math.max(1, Number(cell.attrs.colspan ?? 1) || 1);
      let cellWidth = 6 * (span - 1);
      for (let c = col; c < col + span && c < widths.length; c++) cellWidth += widths[c]!;
      col += span;
      tallest = Math.max(tallest, cellHeight(cell, Math.max(1, cellWidth), theme, look));
    }
    // 1 pt padding above and below, and a rule of up to 0.9 pt.
    return tallest + 3;
  });
}

/** Lines a text takes at `size` in `width` points, rounded up per paragraph. */
export function estimateLines(text: string, size: number, width: number): number {
  const perLine = Math.max(size, width) / size;
  let lines = 0;
  let ems = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text.charCodeAt(i) === 10) {
      lines += Math.max(1, Math.ceil(ems / perLine));
      ems = 0;
    } else ems += emsOf(text.charCodeAt(i));
  }
  return lines;
}

const rootLook = (theme: Theme): Look => ({ size: theme.size, lineHeight: theme.lineHeight });

/** A cell: its class and td/th style, its text as one paragraph (style p) or its blocks. */
function cellHeight(cell: MarkupElement, width: number, theme: Theme, look: Look): number {
  const inner = lookFor(styleOf(theme, [cell.name, ...classesOf(cell)]), look, theme);
  return blocksHeight(cell.children, width, theme, inner);
}

/**
 * Stacked children: runs of text and inline elements make paragraphs
 * (style p, as convertBlocks groups them), block elements their own height.
 */
function blocksHeight(children: readonly MarkupNode[], width: number, theme: Theme, look: Look): number {
  let sum = 0;
  let run = '';
  const flush = () => {
    if (run.trim() === '') {
      run = '';
      return;
    }
    sum += paragraphHeight(run, width, theme, look, styleOf(theme, ['p']));
    run = '';
  };
  for (const c of children) {
    if (c.kind === 'text' || isInlineElement(c.name)) run += textOf(c);
    else if (/^(p|h[1-3])$/.test(c.name)) {
      flush();
      const style = styleOf(theme, [c.name, ...classesOf(c)]);
      sum += paragraphHeight(textOf(c), width, theme, look, style);
    } else {
      flush();
      sum += estimateHeight(c, width, theme, look);
    }
  }
  flush();
  return sum;
}

function paragraphHeight(text: string, width: number, theme: Theme, look: Look, style: StyleData): number {
  const { size, lineHeight } = lookFor(style, look, theme);
  return estimateLines(text, size, width) * size * lineHeight * LINE + verticalMargins(style, theme);
}

function columnsHeight(el: MarkupElement, width: number, theme: Theme, look: Look): number {
  const cols = el.children.filter((c): c is MarkupElement => c.kind === 'element');
  const gap = el.attrs.gap ? lengthOf(el.attrs.gap, theme) : mm(4);
  const fixed = cols.map((c) => {
    const w = c.attrs.width;
    if (w === undefined || w === '*') return 0;
    if (w === 'auto') return autoWidth(c, theme);
    if (/%$/.test(w)) return (width * Number.parseFloat(w)) / 100;
    return lengthOf(w, theme);
  });
  const flexible = cols.filter((c) => c.attrs.width === undefined || c.attrs.width === '*').length || 1;
  const rest = Math.max(width * 0.3, width - fixed.reduce((a, b) => a + b, 0) - gap * Math.max(0, cols.length - 1));
  return Math.max(0, ...cols.map((c, i) => blocksHeight(c.children, fixed[i] || rest / flexible, theme, lookFor(styleOf(theme, classesOf(c)), look, theme))));
}

/** A column sized to its content: a QR code's width, else (text) a quarter of the row, as a guess. */
function autoWidth(col: MarkupElement, theme: Theme): number {
  const qr = col.children.find((c): c is MarkupElement => c.kind === 'element' && c.name === 'qr');
  return qr ? qrSide(qr, theme) : 0;
}

function qrSide(el: MarkupElement, theme: Theme): number {
  return el.attrs.size ? lengthOf(el.attrs.size, theme) : mm(theme.qr.size);
}

function qrHeight(el: MarkupElement, theme: Theme): number {
  const side = qrSide(el, theme);
  if (el.attrs.caption === 'no') return side;
  const style = styleOf(theme, ['qr-caption']);
  const caption = el.attrs.caption ?? printableUrl(el.attrs.url ?? '');
  return side + paragraphHeight(caption, side, theme, rootLook(theme), style);
}

/** Table column widths as pdfmake shares them out: fixed and percentage first, the rest in equal parts. */
function columnWidths(spec: string | undefined, columns: number, width: number, theme: Theme): number[] {
  const parts = spec ? spec.split(',').map((s) => s.trim()) : [];
  const inner = width - 6 * columns;
  const known = Array.from({ length: columns }, (_, i) => {
    const p = parts[i] ?? '*';
    if (p === '*' || p === 'auto') return undefined;
    if (/%$/.test(p)) return (width * Number.parseFloat(p)) / 100;
    const v = parseLength(p);
    return v === undefined ? undefined : v * theme.scale;
  });
  const rest = Math.max(width * 0.2, inner - known.reduce<number>((a, b) => a + (b ?? 0), 0));
  const flexible = known.filter((k) => k === undefined).length || 1;
  return known.map((k) => k ?? rest / flexible);
}

const merged = new WeakMap<Theme, Map<string, StyleData>>();

/** The theme styles of class names merged in order, later names winning, as pdfmake merges a style list. */
function styleOf(theme: Theme, names: readonly string[]): StyleData {
  let cache = merged.get(theme);
  if (!cache) merged.set(theme, (cache = new Map()));
  const key = names.join(' ');
  let out = cache.get(key);
  if (!out) {
    out = {};
    for (const name of names) Object.assign(out, theme.styles[name]);
    cache.set(key, out);
  }
  return out;
}

/** What a style makes of the size and line height it is handed (sizes scale with the paper, as in styles.ts). */
function lookFor(style: StyleData, look: Look, theme: Theme): Look {
  return { size: style.size !== undefined ? style.size * theme.scale : look.size, lineHeight: style.lineHeight ?? look.lineHeight };
}

function verticalMargins(style: StyleData, theme: Theme): number {
  const m = style.margin;
  if (m === undefined) return 0;
  const [top, bottom] = typeof m === 'number' ? [m, m] : [m[1], m[3]];
  return mm(top + bottom) * theme.scale;
}

function lengthOf(value: string, theme: Theme): number {
  return (parseLength(value) ?? 0) * theme.scale;
}

/**
 * How tall the first part of a block is that a heading before it must keep
 * on its page: a paragraph's first two lines (all of it if shorter), a
 * table's header rows and first row, a list's first item; another block
 * whole, up to three body lines. Errs tall, as estimateHeight does.
 */
export function estimateFirstPart(el: MarkupElement, width: number, theme: Theme): number {
  const look = rootLook(theme);
  const top = (style: StyleData) => {
    const m = style.margin;
    return m === undefined ? 0 : mm(typeof m === 'number' ? m : m[1]) * theme.scale;
  };
  switch (el.name) {
    case 'p':
    case 'h1':
    case 'h2':
    case 'h3': {
      const style = styleOf(theme, [el.name, ...classesOf(el)]);
      const { size, lineHeight } = lookFor(style, look, theme);
      return top(style) + Math.min(2, estimateLines(textOf(el), size, width)) * size * lineHeight * LINE;
    }
    case 'table': {
      const style = styleOf(theme, classesOf(el));
      const rows = estimateRowHeights(el, width, theme, lookFor(style, look, theme));
      const header = Math.max(0, Number(el.attrs['header-rows'] ?? 0) || 0);
      return top(style) + rows.slice(0, header + 1).reduce((sum, h) => sum + h, 0);
    }
    case 'ul':
    case 'ol': {
      const first = el.children.find((c) => c.kind === 'element');
      return estimateHeight({ ...el, children: first ? [first] : [] }, width, theme);
    }
    default:
      return Math.min(estimateHeight(el, width, theme), 3 * look.size * look.lineHeight * LINE);
  }
}
