import type { Theme } from '../layout/theme.js';
import type { MarkupElement, MarkupNode } from '../markup/nodes.js';
import { textOf } from '../markup/nodes.js';
import { isInlineElement } from '../markup/vocabulary.js';
import { mm, parseLength } from './units.js';

const WIDE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u{20000}-\u{3ffff}]/u;

/** Width of text in ems: CJK and full-width forms are one em, the rest about 0.6. */
function ems(text: string): number {
  let n = 0;
  for (const ch of text) n += WIDE.test(ch) ? 1 : 0.6;
  return n;
}

/**
 * A generous estimate of how tall a block will be at `width` points, used
 * only to decide whether it can be kept on one page. It errs towards "too
 * tall" (line height rounded up, table cells narrower than they will be),
 * which at worst lets pdfmake split a block that would have fitted.
 */
export function estimateHeight(node: MarkupNode, width: number, theme: Theme): number {
  if (node.kind === 'text') return lines(node.text, theme.size, width) * theme.size * theme.lineHeight * 1.5;
  const el = node;
  switch (el.name) {
    case 'qr':
      return mm(Number.parseFloat(el.attrs.size ?? '') || theme.qr.size) + theme.size * 2.5;
    case 'columns': {
      const cols = el.children.filter((c): c is MarkupElement => c.kind === 'element');
      const fixed = cols.map((c) => (c.attrs.width && c.attrs.width !== '*' && c.attrs.width !== 'auto' ? parseLength(c.attrs.width) ?? 0 : 0));
      const autos = cols.map((c) => (c.attrs.width === 'auto' ? autoWidth(c, theme) : 0));
      const flexible = cols.filter((c) => !c.attrs.width || c.attrs.width === '*').length || 1;
      const rest = Math.max(width * 0.3, width - fixed.reduce((a, b) => a + b, 0) - autos.reduce((a, b) => a + b, 0));
      return Math.max(0, ...cols.map((c, i) => estimateHeight(c, fixed[i] || autos[i] || rest / flexible, theme)));
    }
    case 'table': {
      const rows = el.children.filter((c): c is MarkupElement => c.kind === 'element');
      const columns = Math.max(1, ...rows.map((r) => r.children.filter((c) => c.kind === 'element').length));
      const cellWidth = Math.max(width * 0.25, (width / columns) * (columns === 2 ? 1.4 : 1));
      return rows.reduce(
        (sum, r) => sum + Math.max(0, ...r.children.map((c) => estimateHeight(c, cellWidth, theme))) + 4,
        0,
      );
    }
    default: {
      const textLike = !el.children.some((c) => c.kind === 'element' && !isInlineElement(c.name));
      if (textLike) {
        const size = el.name === 'h1' ? theme.size * 1.7 : el.name === 'h2' ? theme.size * 1.25 : theme.size;
        return lines(textOf(el), size, width) * size * theme.lineHeight * 1.5 + size * 0.5;
      }
      return el.children.reduce((sum, c) => sum + estimateHeight(c, width, theme), 0);
    }
  }
}

function lines(text: string, size: number, width: number): number {
  return text
    .split('\n')
    .reduce((n, part) => n + Math.max(1, Math.ceil((ems(part) * size) / Math.max(size, width))), 0);
}

function autoWidth(col: MarkupElement, theme: Theme): number {
  const qr = col.children.find((c): c is MarkupElement => c.kind === 'element' && c.name === 'qr');
  return qr ? mm(Number.parseFloat(qr.attrs.size ?? '') || theme.qr.size) : 0;
}
