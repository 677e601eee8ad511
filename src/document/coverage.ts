import type * as fontkit from 'fontkit';

/**
 * Font fallback for pdfmake, which has none: a character missing from a
 * font prints as an empty box. Walking the finished document definition,
 * each text is split into runs, each run set in the first family of its
 * font's fallback chain that has every character of the run. Text its own
 * font covers stays exactly as it was (one string, no extra nodes).
 */

export interface FallbackSetup {
  /** pdfmake styles, to know which font a style class selects. */
  styles: Record<string, Record<string, unknown>>;
  defaultFont: string;
  /** main family → itself and its fallbacks, in order. */
  chains: ReadonlyMap<string, readonly string[]>;
  /** The face that prints a family in a weight. */
  face(family: string, bold: boolean): fontkit.Font;
}

export interface CoverageReport {
  /** Every distinct character printed, with the family that prints it. */
  printedBy: Map<string, string>;
  /** Characters set in a fallback: character → fallback family. */
  fallback: Map<string, string>;
  /** Characters no family of their chain has: character → main family. */
  missing: Map<string, string>;
}

type Node = Record<string, unknown>;

interface Inherited {
  font: string;
  bold: boolean;
}

/**
 * Characters that need no glyph of their own (pdfmake lays them out as space
 * or breaks): what /[\s\u200b-\u200d\u2060\ufeff]/ matches, tested by code
 * point because this runs for every character printed.
 */
export function needsNoGlyph(cp: number): boolean {
  if (cp <= 0x20) return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d);
  if (cp < 0xa0) return false;
  return (
    cp === 0xa0 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200d) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x2060 ||
    cp === 0x3000 ||
    cp === 0xfeff
  );
}

/** One face: a family in a weight. */
const faceKey = (family: string, bold: boolean) => `${family}\u0000${bold ? 'b' : 'n'}`;

export class FontFallback {
  readonly report: CoverageReport = { printedBy: new Map(), fallback: new Map(), missing: new Map() };
  private readonly has = new Map<string, Map<number, boolean>>();
  /** Per font and weight: texts already found covered by that font alone (their characters are reported). */
  private readonly covered = new Map<string, Set<string>>();

  constructor(private readonly setup: FallbackSetup) {}

  /** Applies fallback to a content tree in place (pdfmake content, a header, a footer). */
  apply(content: unknown, inherited: Inherited = { font: this.setup.defaultFont, bold: false }): void {
    if (Array.isArray(content)) {
      for (const c of content) this.apply(c, inherited);
      return;
    }
    if (content === null || typeof content !== 'object') return;
    const node = content as Node;
    const cur = this.resolve(node, inherited);
    if ('text' in node && !('pageReference' in node)) node.text = this.splitText(node.text, cur);
    // continuedHeading: a continuable block's heading for its continuation pages (continuation.ts).
    for (const key of ['stack', 'columns', 'ul', 'ol', 'section', 'continuedHeading']) if (key in node) this.apply(node[key], cur);
    // A section's running header and folio are built per page: wrap them, and
    // build one now so their characters are counted before layout.
    for (const key of ['header', 'footer']) {
      const fn = node[key];
      if (typeof fn !== 'function') continue;
      node[key] = (...args: unknown[]) => {
        const made: unknown = fn(...args);
        this.apply(made);
        return made;
      };
      this.apply(fn(1, 1, { width: 0, height: 0 }));
    }
    const table = node.table as { body?: unknown[][] } | undefined;
    if (table?.body) for (const row of table.body) this.apply(row, cur);
    const toc = node.toc as { title?: unknown } | undefined;
    if (toc?.title) this.apply(toc.title, cur);
  }

  private resolve(node: Node, inherited: Inherited): Inherited {
    let { font, bold } = inherited;
    const names = ([] as unknown[]).concat(node.style ?? []).flat(3);
    for (const name of names) {
      const style = typeof name === 'string' ? this.setup.styles[name] : undefined;
      if (typeof style?.font === 'string') font = style.font;
      if (typeof style?.bold === 'boolean') bold = style.bold;
    }
    if (typeof node.font === 'string') font = node.font;
    if (typeof node.bold === 'boolean') bold = node.bold;
    return { font, bold };
  }

  private splitText(text: unknown, cur: Inherited): unknown {
    if (typeof text === 'string') return this.runs(text, cur);
    if (Array.isArray(text)) {
      const out: unknown[] = [];
      for (const part of text) {
        if (typeof part === 'string') {
          const r = this.runs(part, cur);
          if (Array.isArray(r)) out.push(...r);
          else out.push(r);
        } else {
          this.apply(part, cur);
          out.push(part);
        }
      }
      return out;
    }
    if (text && typeof text === 'object') this.apply(text, cur);
    return text;
  }

  /** The string itself when its font covers it, else runs by family. */
  private runs(text: string, cur: Inherited): string | unknown[] {
    // Labels and values repeat across items: a text its font was found to cover needs no second look.
    const key = faceKey(cur.font, cur.bold);
    let covered = this.covered.get(key);
    if (!covered) {
      covered = new Set();
      this.covered.set(key, covered);
    }
    if (covered.has(text)) return text;
    if (this.coveredByOwnFont(text, cur)) {
      covered.add(text);
      return text;
    }
    // The chain starts with cur.font itself; its coverage tables are looked up once per text.
    const chain = (this.setup.chains.get(cur.font) ?? [cur.font]).map((family) => ({ family, has: this.coverage(family, cur.bold) }));
    const runs: { text: string; font: string }[] = [];
    for (const ch of text) {
      let family = runs.length ? runs[runs.length - 1]!.font : cur.font;
      const cp = ch.codePointAt(0)!;
      if (!needsNoGlyph(cp)) {
        const found = chain.find((c) => c.has(cp))?.family;
        family = found ?? cur.font;
        if (found === undefined) this.report.missing.set(ch, cur.font);
        else if (found !== cur.font) this.report.fallback.set(ch, found);
        if (!this.report.printedBy.has(ch)) this.report.printedBy.set(ch, family);
      }
      const last = runs[runs.length - 1];
      if (last && last.font === family) last.text += ch;
      else runs.push({ text: ch, font: family });
    }
    if (runs.length <= 1 && (runs[0]?.font ?? cur.font) === cur.font) {
      covered.add(text);
      return text;
    }
    return runs.map((r) => (r.font === cur.font ? r.text : { text: r.text, font: r.font }));
  }

  /**
   * The common case first: every character in the text's own font. Checked
   * by code point without building runs (a text is one string or a run per
   * character otherwise). Characters are reported as they are found covered,
   * as the general path would report them (its chain starts with this font),
   * so stopping at one that is not leaves nothing to undo.
   */
  private coveredByOwnFont(text: string, cur: Inherited): boolean {
    const has = this.coverage(cur.font, cur.bold);
    const printedBy = this.report.printedBy;
    for (let i = 0; i < text.length; ) {
      const cp = text.codePointAt(i)!;
      const width = cp > 0xffff ? 2 : 1;
      if (!needsNoGlyph(cp)) {
        if (!has(cp)) return false;
        const ch = width === 1 ? text[i]! : text.slice(i, i + 2);
        if (!printedBy.has(ch)) printedBy.set(ch, cur.font);
      }
      i += width;
    }
    return true;
  }

  /** Whether a family's face has a code point, remembered per face. */
  private coverage(family: string, bold: boolean): (cp: number) => boolean {
    const key = faceKey(family, bold);
    let cache = this.has.get(key);
    if (!cache) {
      cache = new Map();
      this.has.set(key, cache);
    }
    const known = cache;
    return (cp) => {
      let hit = known.get(cp);
      if (hit === undefined) {
        hit = this.setup.face(family, bold).hasGlyphForCodePoint(cp);
        known.set(cp, hit);
      }
      return hit;
    };
  }
}

