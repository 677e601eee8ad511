import { fieldName } from '../catalogue/fields.js';
import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { REGION } from './context.js';
import type { ItemRegion } from './item-regions.js';
import { compact } from './item-regions.js';

/*
 * Completeness as an invariant: a built handbook shows every field of every
 * item its template prints, whole. Checked after layout, on what pdfmake
 * actually placed, because that is where text was lost before (an
 * unbreakable row taller than a page vanished without a word).
 *
 * Before layout, every text node of an item's printing gets its number;
 * after layout, the pieces of text found on the pages give each text node's
 * printed text, and each item's printing (its text nodes in document order)
 * must contain every field value it prints.
 *
 * The number travels as the node's decorationThickness. pdfmake resolves a
 * text node's style onto every inline it lays out, through line breaks,
 * page breaks and repeated table headers; decorationThickness is part of
 * that style and does nothing without a decoration, which the markup cannot
 * ask for. A property of our own on the texts would reach the inlines too,
 * but only by making every text piece an object and giving every inline a
 * new shape: that cost 50-100 ms of a 300-item build; this costs nothing.
 * A table of contents lays its headings out again under its own style, so
 * its copies carry no number.
 */

/** The style property that carries a text node's number to its inlines (see above). */
const LEAF = 'decorationThickness';

type Node = Record<string, unknown>;

/** The part of pdfmake's laid-out pages this check reads (pdfkitDoc._pdfMakePages). */
export interface LaidOutPage {
  items: { type: string; item: { inlines?: Record<string, unknown>[] } }[];
}

/** A built handbook lacks something an item must show: the build must not produce it. */
export class IncompleteLayoutError extends Error {
  readonly diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic[]) {
    const lines = diagnostics.map((d) => `  ${d.message}`);
    super(`排版后的手册缺少事项内容，没有生成 PDF：\n${lines.join('\n')}\n这是模板或排版程序的问题，不是数据的问题。`);
    this.name = 'IncompleteLayoutError';
    this.diagnostics = diagnostics;
  }
}

export class CompletenessCheck {
  /** Per region, its text nodes (leaf numbers) in document order. */
  private readonly leaves: number[][];
  private leafCount = 0;
  /** Regions found in the definition: one whose elements made no node (an empty table) is not followed. */
  private readonly found = new Set<number>();

  constructor(
    private readonly regions: readonly ItemRegion[],
    /** A data text as the edition prints it (the script applied). */
    private readonly printed: (text: string) => string,
  ) {
    this.leaves = regions.map(() => []);
  }

  /**
   * Numbers the texts of every item region in a document definition. Runs
   * after font fallback, which rewrites texts, and before layout.
   */
  mark(content: unknown, region?: number): void {
    if (Array.isArray(content)) {
      for (const c of content) this.mark(c, region);
      return;
    }
    if (content === null || typeof content !== 'object') return;
    const node = content as Node;
    const own = node[REGION];
    if (typeof own === 'number') this.found.add(own);
    const r = typeof own === 'number' ? own : region;
    if ('text' in node) {
      if (r !== undefined && !('pageReference' in node) && !('textReference' in node) && node.text !== '') {
        const leaf = this.leafCount++;
        this.leaves[r]!.push(leaf);
        node[LEAF] = leaf;
      }
      return;
    }
    for (const key of ['section', 'stack', 'columns', 'ul', 'ol']) if (key in node) this.mark(node[key], r);
    const table = node.table as { body?: unknown[][] } | undefined;
    if (table?.body) for (const row of table.body) this.mark(row, r);
  }

  /** What is missing from the laid-out pages: one error per item and field not printed whole. */
  verify(pages: readonly LaidOutPage[]): Diagnostic[] {
    const printed: string[] = new Array<string>(this.leafCount).fill('');
    for (const page of pages) {
      for (const entry of page.items) {
        if (entry.type !== 'line') continue;
        for (const inline of entry.item.inlines ?? []) {
          const leaf = inline[LEAF];
          if (typeof leaf === 'number') printed[leaf] += inline.text as string;
        }
      }
    }
    const problems: Diagnostic[] = [];
    // Values repeat from item to item (全社会, 主动, the same law): each is made comparable once.
    const comparable = new Map<string, string>();
    const expected = (v: string) => {
      let c = comparable.get(v);
      if (c === undefined) comparable.set(v, (c = compact(this.printed(v))));
      return c;
    };
    this.regions.forEach((region, r) => {
      if (!this.found.has(r)) return;
      const text = compact(this.leaves[r]!.map((leaf) => printed[leaf]).join(''));
      const { item } = region;
      for (const field of region.fields) {
        const value = item[field];
        const values = Array.isArray(value) ? value : [value as string];
        if (values.every((v) => text.includes(expected(v)))) continue;
        problems.push(
          diagnostic('error', 'layout/incomplete', `事项 ${item.id}「${item.name}」的${fieldName(field)}没有完整印出`, item.fieldOrigins[field] ?? item.origin, {
            itemId: item.id,
            field,
          }),
        );
      }
    });
    return problems;
  }
}
