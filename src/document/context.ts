import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Cmyk, Theme } from '../layout/theme.js';
import type { MarkupElement } from '../markup/nodes.js';

export type Content = Record<string, unknown> | string;

/** What the markup → pdfmake conversion needs to know and where it reports. */
export class ConvertContext {
  readonly diagnostics: Diagnostic[] = [];
  private headingCount = 0;
  /** The id of the last h1 with a bookmark, parent for h2 bookmarks. */
  lastH1?: string;

  constructor(
    readonly theme: Theme,
    /** Width and height of the page body in points. */
    readonly body: { width: number; height: number },
    /** Template folders, nearest first: the only place images may come from. */
    readonly assetDirs: readonly string[] = [],
  ) {}

  nextHeadingId(level: string): string {
    this.headingCount++;
    return `${level}-${this.headingCount}`;
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
