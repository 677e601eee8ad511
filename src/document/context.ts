import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Cmyk, Theme } from '../layout/theme.js';
import type { MarkupElement } from '../markup/nodes.js';
import { ContinuationTracker } from './continuation.js';
import type { PdfStyle } from './styles.js';

export type Content = Record<string, unknown> | string;

/** A heading listed in the table of contents. */
export interface ContentsEntry {
  id: string;
  level: 'h1' | 'h2';
  /** The heading's text nodes (copied into the contents, as pdfmake's own toc would show them). */
  text: unknown;
}

/** The property naming the item region (an index) a definition node prints. Not pdfmake's. */
export const REGION = 'itemRegion';

/** What the markup → pdfmake conversion needs to know and where it reports. */
export class ConvertContext {
  readonly diagnostics: Diagnostic[] = [];
  private headingCount = 0;
  /** The id of the last h1 with a bookmark, parent for h2 bookmarks. */
  lastH1?: string;
  /** Continuable blocks, for the continuation headings their sections print. */
  readonly continuation = new ContinuationTracker();
  /** How many blocks were made continuable (a section with any prints continuation headings). */
  continued = 0;
  /** Headings for the table of contents, in document order (contents.ts). */
  readonly contentsEntries: ContentsEntry[] = [];
  /** Each <toc>'s node, filled in once every heading is converted. */
  readonly contentsNodes: { node: Record<string, unknown>; title: string }[] = [];

  constructor(
    readonly theme: Theme,
    /** Width and height of the page body in points. */
    readonly body: { width: number; height: number },
    /** Template folders, nearest first: the only place images may come from. */
    readonly assetDirs: readonly string[] = [],
    /** pdfmake styles by class name. */
    readonly styles: Readonly<Record<string, PdfStyle>> = {},
    /** Markup elements where an item's printing starts → the region's index. */
    readonly regions: ReadonlyMap<MarkupElement, number> = new Map(),
    /** 「（续）」 in the edition's script. */
    readonly continuedLabel = '（续）',
  ) {}

  nextHeadingId(level: string): string {
    this.headingCount++;
    return `${level}-${this.headingCount}`;
  }

  /** Marks the node(s) converted from `el` as printing its item region, when it starts one. */
  tagRegion(el: MarkupElement, node: Content | undefined): void {
    const region = this.regions.get(el);
    if (region !== undefined && node !== undefined && typeof node === 'object') node[REGION] = region;
  }

  color(name: string, el: MarkupElement): Cmyk {
    const c = this.theme.colors[name];
    if (c) return c;
    this.error('markup/unknown-color', `颜色「${name}」未在主题的 colors 中定义`, el, `可用颜色：${Object.keys(this.theme.colors).join('、')}`);
    return this.theme.colors.text!;
  }

  error(code: string, message: string, el: MarkupElement, hint?: string): void {
    this.diagnostics.push(
      diagnostic('error', code, message, el.origin && { file: el.origin.file, line: el.origin.line, column: 1 }, hint ? { hint } : {}),
    );
  }
}
