import type { Handbook } from '../catalogue/model.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Template } from '../layout/template.js';
import type { Theme } from '../layout/theme.js';
import type { MarkupElement } from '../markup/nodes.js';
import { toTraditional } from '../markup/script.js';
import type { Script } from '../markup/script.js';
import { CompletenessCheck } from './completeness.js';
import { ConvertContext } from './context.js';
import type { Content } from './context.js';
import { convertBlocks, length } from './convert-block.js';
import { findItemBlocks, findItemRegions } from './item-regions.js';
import { fillContents } from './contents.js';
import { paperSize } from '../catalogue/paper.js';
import { pdfmakeStyles } from './styles.js';
import { mm } from './units.js';

/** pdfmake's document definition; pdfmake 0.3 ships no types, so this stays loose on purpose. */
export type DocumentDefinition = Record<string, unknown> & { content: Content[] };

export interface DefinitionInput {
  handbook: Handbook;
  theme: Theme;
  markup: MarkupElement;
  /** Theme file, where theme-level problems are reported. */
  themeFile: string;
  /** Fixed timestamp for the PDF's dates, so equal input gives equal bytes. */
  date: Date;
  /** Bleed on every side, in points: the page grows by it and backgrounds reach into it. */
  bleed?: number;
  /** Room outside the bleed for crop marks, in points; nothing is drawn there but the marks. */
  slug?: number;
  /** Template folders, where images may come from. */
  assetDirs?: readonly string[];
  /** The template the markup came from: what its item blocks print is what the build must show. */
  template?: Template;
  /** The edition's script (the markup is already in it; item data is not). */
  script?: Script;
}

/**
 * Builds the pdfmake document definition from the markup tree: page size and
 * margins from the paper and theme, styles from the theme, one pdfmake
 * section per <section> with its own running header and folio.
 */
export function buildDefinition(input: DefinitionInput): {
  value: DocumentDefinition | undefined;
  diagnostics: Diagnostic[];
  /** Marks the finished definition's item texts and checks the laid-out pages for them. */
  completeness?: CompletenessCheck;
} {
  const { handbook, theme, markup } = input;
  const paper = paperSize(handbook.paper);
  if (!paper) {
    return { value: undefined, diagnostics: [diagnostic('error', 'schema/invalid-paper', `纸张规格「${handbook.paper}」无法识别`)] };
  }
  // With bleed the pdfmake page is the trim plus the bleed on each side; the
  // margins grow by the same amount so the type area stays where it was.
  const bleed = input.bleed ?? 0;
  const slug = input.slug ?? 0;
  const edge = bleed + slug;
  const page = { width: mm(paper.width) + 2 * edge, height: mm(paper.height) + 2 * edge };
  const margins = [
    mm(theme.margins.left) + edge,
    mm(theme.margins.top) + edge,
    mm(theme.margins.right) + edge,
    mm(theme.margins.bottom) + edge,
  ] as const;
  const body = { width: page.width - margins[0] - margins[2], height: page.height - margins[1] - margins[3] };
  const printed = input.script === 'hant' ? toTraditional : (text: string) => text;
  const items = handbook.categories.flatMap((c) => c.items);
  const regions = input.template ? findItemRegions(markup, findItemBlocks(input.template), items, printed) : [];
  const { styles, problems } = pdfmakeStyles(theme);
  const ctx = new ConvertContext(theme, body, input.assetDirs ?? [], styles, regionStarts(regions), printed('（续）'));
  for (const p of problems) ctx.diagnostics.push(diagnostic('error', 'theme/invalid', p, { file: input.themeFile }));

  const content: Content[] = [];
  for (const child of markup.children) {
    if (child.kind === 'element' && child.name === 'section') content.push(convertSection(child, ctx, handbook, margins, bleed, slug));
    else if (child.kind === 'element') content.push(...convertBlocks([child], ctx));
  }
  if (ctx.diagnostics.length > 0) return { value: undefined, diagnostics: ctx.diagnostics };
  fillContents(ctx);

  const definition: DocumentDefinition = {
    pageSize: page,
    pageMargins: [...margins],
    content,
    styles,
    defaultStyle: {
      font: theme.fonts.body,
      fontSize: theme.size,
      lineHeight: theme.lineHeight,
      color: theme.colors.text,
    },
    info: {
      title: handbook.title,
      author: handbook.locality.agency,
      subject: `${handbook.catalogueTitle}（第${handbook.edition.number}版）`,
      keywords: ['政务公开', '便民服务手册', handbook.domain, handbook.locality.name].join(', '),
      creator: 'handbook 便民服务手册生成器',
      producer: 'handbook (pdfmake)',
      creationDate: input.date,
      modDate: input.date,
    },
    language: 'zh-CN',
    displayTitle: true,
    compress: true,
  };
  return { value: definition, diagnostics: [], ...(regions.length > 0 && { completeness: new CompletenessCheck(regions, printed) }) };
}

/** The element where each region's printing starts → the region's index. */
function regionStarts(regions: readonly { roots: readonly MarkupElement[] }[]): Map<MarkupElement, number> {
  const starts = new Map<MarkupElement, number>();
  regions.forEach((r, i) => {
    for (const root of r.roots) starts.set(root, i);
  });
  return starts;
}

function convertSection(
  el: MarkupElement,
  ctx: ConvertContext,
  handbook: Handbook,
  margins: readonly [number, number, number, number],
  bleed: number,
  slug: number,
): Record<string, unknown> {
  const theme = ctx.theme;
  const header = el.attrs.header;
  const continuedBefore = ctx.continued;
  const section: Record<string, unknown> = { section: convertBlocks(el.children, ctx, true) };
  ctx.tagRegion(el, section);
  section.header =
    header === undefined || header === ''
      ? null
      : () => ({
          margin: [margins[0], bleed + slug + (margins[1] - bleed - slug) * 0.42, margins[2], 0],
          stack: [
            {
              columns: [
                { text: handbook.title, style: 'running-header' },
                { text: header, style: 'running-header', alignment: 'right', width: 'auto' },
              ],
            },
            {
              canvas: [{ type: 'line', x1: 0, y1: 2, x2: ctx.body.width, y2: 2, lineWidth: 0.4, lineColor: theme.colors.rule ?? theme.colors.text }],
            },
          ],
        });
  section.footer =
    el.attrs.footer === 'none'
      ? null
      : (page: number) => ({ text: String(page), style: 'folio', alignment: 'center', margin: [0, (margins[3] - bleed - slug) * 0.3, 0, 0] });
  let background: ((page: number, size: { width: number; height: number }) => Content | null) | undefined;
  if (el.attrs.background) {
    // A background is full-bleed: it starts at the page edge, which includes
    // the bleed, so no white line shows after trimming. `band` limits it to a
    // strip from the top edge down to that depth below the trim.
    const color = ctx.color(el.attrs.background, el);
    const band = el.attrs.band ? length(el.attrs.band, el, ctx) + bleed : undefined;
    background = (_: number, size: { width: number; height: number }) => ({
      canvas: [{ type: 'rect', x: slug, y: slug, w: size.width - 2 * slug, h: band ?? size.height - 2 * slug, color }],
    });
  }
  if (ctx.continued > continuedBefore) {
    // pdfmake lays out a page's background when it adds the page: a page
    // added while a block is continuing starts with the block's heading.
    const own = background;
    const tracker = ctx.continuation;
    background = (page, size) => {
      const heading = tracker.headingFor(size.width, margins[0], margins[1], margins[2]);
      const made = own?.(page, size);
      return heading ? (made ? { stack: [made, heading] } : heading) : (made ?? null);
    };
  }
  if (background) section.background = background;
  return section;
}
