import type { Content } from './context.js';

/*
 * Whether a keep block fits a page, measured rather than estimated.
 *
 * A <keep> is kept together (pdfmake's `unbreakable`) only when it surely
 * fits a page: an unbreakable block taller than a page loses what passes
 * its first page. The estimate (estimate.ts) answers at once for most
 * blocks; one it cannot tell (a large-print card is about a page tall) is
 * converted to flow on with its heading repeated, carrying the kept-together
 * form beside it. Before layout, those blocks are laid out alone, each from
 * the top of a page, in one small document; the ones that end on the page
 * they start on become kept-together blocks. The rest flow on.
 */

type Node = Record<string, unknown>;

/** On a block that may still be kept together: that form of it (same content nodes). Not pdfmake's. */
export const KEEP_WHOLE = 'keepWhole';

/** Lays out a document and returns pdfmake's pages (what the page items say is not read, only where each block starts). */
export type Layout = (definition: Node) => Promise<{ items: { type: string; item: Node }[] }[]>;

/** The blocks to measure, in document order. */
function candidates(content: unknown, found: Node[] = []): Node[] {
  if (Array.isArray(content)) {
    for (const c of content) candidates(c, found);
    return found;
  }
  if (content === null || typeof content !== 'object') return found;
  const node = content as Node;
  if (KEEP_WHOLE in node) found.push(node);
  for (const key of ['section', 'stack', 'columns', 'ul', 'ol']) if (key in node) candidates(node[key], found);
  const table = node.table as { body?: unknown[][] } | undefined;
  if (table?.body) for (const row of table.body) candidates(row, found);
  return found;
}

/**
 * Turns each block that fits a page into its kept-together form, in place.
 * `definition` must be final but for that (font fallback applied): the
 * measure uses its page, styles and texts.
 */
export async function settleKeeps(definition: Node & { content: Content[] }, layout: Layout): Promise<void> {
  const blocks = candidates(definition.content);
  if (blocks.length === 0) return;
  const content = blocks.map((b, i) => ({ ...(copy(b[KEEP_WHOLE], i) as Node), unbreakable: false, ...(i > 0 && { pageBreak: 'before' }) }));
  const pages = await layout({
    pageSize: definition.pageSize,
    pageMargins: definition.pageMargins,
    styles: definition.styles,
    defaultStyle: definition.defaultStyle,
    content,
  });
  // The page each block starts on: the first with something of it.
  const start: number[] = [];
  pages.forEach((page, p) => {
    for (const { item } of page.items) {
      const i = (item.inlines as Node[] | undefined)?.[0]?.[MEASURED] ?? item[MEASURED];
      if (typeof i === 'number' && start[i] === undefined) start[i] = p;
    }
  });
  blocks.forEach((block, i) => {
    const whole = block[KEEP_WHOLE] as Node;
    delete block[KEEP_WHOLE];
    const end = i + 1 < blocks.length ? start[i + 1] : pages.length;
    if (start[i] === undefined || end === undefined || end - start[i]! !== 1) return;
    for (const key of ['stack', 'table', 'layout', 'style', 'margin', 'continuedHeading']) delete block[key];
    Object.assign(block, whole);
  });
}

/**
 * The number that tells a measured block's pieces: on text nodes the style
 * property the completeness check also uses (pdfmake hands it to every inline
 * and draws nothing with it: see completeness.ts), on vectors and images a
 * property pdfmake keeps when it places them.
 */
const MEASURED = 'decorationThickness';

/**
 * A deep copy for a layout of its own (pdfmake writes into the nodes it lays
 * out), every piece marked with `i`, without what only the real document may
 * have once: ids, bookmarks and table-of-contents entries.
 */
function copy(value: unknown, i: number): unknown {
  if (Array.isArray(value)) return value.map((v) => copy(v, i));
  if (value === null || typeof value !== 'object') return value;
  const out: Node = {};
  for (const [key, v] of Object.entries(value as Node)) {
    if (key === 'id' || key === 'tocItem' || key === 'outline' || key === KEEP_WHOLE) continue;
    out[key] = typeof v === 'function' ? v : copy(v, i);
  }
  if ('text' in out || out.type !== undefined || 'image' in out) out[MEASURED] = i;
  return out;
}
