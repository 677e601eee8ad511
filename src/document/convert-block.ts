import fs from 'node:fs';
import path from 'node:path';
import { checkUrl } from '../catalogue/url.js';
import type { MarkupElement, MarkupNode } from '../markup/nodes.js';
import { classesOf } from '../markup/nodes.js';
import { isInlineElement } from '../markup/vocabulary.js';
import { printableUrl } from '../layout/helpers.js';
import type { Content, ConvertContext } from './context.js';
import { convertInlines, plainText } from './convert-inline.js';
import { convertTable, lineLayout } from './convert-table.js';
import { estimateFirstPart, estimateHeight, estimateLines } from './estimate.js';
import { qrCanvas, qrSymbol } from './qr.js';
import { KEEP_WHOLE } from './settle.js';
import { uriOf } from './uri.js';
import { mm, parseLength } from './units.js';

/** Headings and the blocks a template marks keep with what follows them (see keepsWithNext). */
interface LeadIn {
  nodes: Content[];
  elements: MarkupElement[];
}

/**
 * Converts block children, applying <pagebreak/> to the block that follows it.
 *
 * With `keepWithNext` (a section's, the document's or a div's children: blocks
 * stacked one under the other) a heading, or a block marked
 * keep-with-next="yes", is laid out only where the start of what follows fits
 * below it: see joinLeadIn and convertKeep. In cells, list items and columns
 * blocks sit beside or inside others, and a page break falls inside a row.
 */
export function convertBlocks(nodes: readonly MarkupNode[], ctx: ConvertContext, keepWithNext = false): Content[] {
  const out: Content[] = [];
  // The markup each entry of `out` came from, for keeping a short ending with the paragraph before it.
  const sources: MarkupElement[][] = [];
  let breakNext = false;
  let leadIn: LeadIn | undefined;
  const push = (content: Content, from: MarkupElement[]) => {
    if (breakNext && typeof content === 'object') {
      content.pageBreak = 'before';
      breakNext = false;
    }
    out.push(content);
    sources.push(from);
  };
  const flushLeadIn = () => {
    if (leadIn) leadIn.nodes.forEach((n, i) => push(n, [leadIn!.elements[i]!]));
    leadIn = undefined;
  };
  for (const node of groupInlineRuns(nodes)) {
    if (node.kind === 'element' && node.name === 'pagebreak') {
      flushLeadIn();
      breakNext = true;
      continue;
    }
    const el = node.kind === 'element' ? node : undefined;
    // A keep block takes what leads into it in itself, kept together with it or with its first lines.
    const takesLeadIn = leadIn !== undefined && el?.name === 'keep';
    const content = !el ? { text: (node as { text: string }).text, style: 'p' } : takesLeadIn ? convertKeep(el, ctx, leadIn) : convertBlock(el, ctx);
    if (content === undefined) continue;
    if (el) ctx.tagRegion(el, content);
    if (takesLeadIn) {
      push(content, [...leadIn!.elements, el!]);
      leadIn = undefined;
    } else if (keepWithNext && el && (keepsWithNext(el) || (leadIn && (el.name === 'space' || el.name === 'rule')))) {
      // A space or rule under a heading goes with it: it introduces nothing by itself.
      leadIn ??= { nodes: [], elements: [] };
      leadIn.nodes.push(content);
      leadIn.elements.push(el);
    } else if (leadIn) {
      push(joinLeadIn(leadIn, content, el, ctx), el ? [...leadIn.elements, el] : leadIn.elements);
      leadIn = undefined;
    } else push(content, el ? [el] : []);
  }
  flushLeadIn();
  if (keepWithNext) keepShortEnding(out, sources, ctx);
  return out;
}

/**
 * A section that ends with under three lines (a heading and a one-row table)
 * may leave them alone on its last page. When the block before is a short
 * paragraph, the two are kept together: the page before gives up a few lines
 * so the last one holds enough to read as a page. A longer paragraph cannot
 * be split where pdfmake would break it, so the ending stays as it is.
 */
function keepShortEnding(out: Content[], sources: MarkupElement[][], ctx: ConvertContext): void {
  const n = out.length;
  if (n < 2) return;
  const last = sources[n - 1]!;
  const before = sources[n - 2]!;
  const prev = out[n - 2];
  // Nested unbreakable blocks misplace canvas vectors in pdfmake 0.3: QR codes stay out of this.
  const hasQr = (els: MarkupElement[]): boolean => els.some((el) => el.name === 'qr' || hasQr(el.children.filter((c): c is MarkupElement => c.kind === 'element')));
  if (last.length === 0 || lineCount(last, ctx) >= 3 || hasQr(last)) return;
  if (before.length !== 1 || before[0]!.name !== 'p' || lineCount(before, ctx) > 5 || typeof prev !== 'object' || prev.pageBreak) return;
  out.splice(n - 2, 2, { unbreakable: true, stack: [prev, out[n - 1]!] });
}

/** About how many lines of text blocks print, as a reader counts them (a table row is a line). */
function lineCount(els: readonly MarkupElement[], ctx: ConvertContext): number {
  let lines = 0;
  for (const el of els) {
    const rows = el.children.filter((c) => c.kind === 'element').length;
    if (/^(p|h[1-3])$/.test(el.name)) {
      const size = (ctx.styles[el.name]?.fontSize as number | undefined) ?? ctx.theme.size;
      lines += estimateLines(plainText(el.children), size, ctx.body.width);
    } else if (['table', 'ul', 'ol'].includes(el.name)) lines += rows;
    else if (el.name !== 'space' && el.name !== 'rule') lines += Math.ceil(estimateHeight(el, ctx.body.width, ctx.theme) / (ctx.theme.size * ctx.theme.lineHeight * 1.45));
  }
  return lines;
}

/** Headings keep with what follows unless keep-with-next="no"; other blocks when keep-with-next="yes". */
function keepsWithNext(el: MarkupElement): boolean {
  const value = el.attrs['keep-with-next'];
  return /^h[1-3]$/.test(el.name) ? value !== 'no' : value === 'yes';
}

/** Points of the page body the lead-in's blocks are estimated to take. */
function leadInHeight(leadIn: LeadIn, ctx: ConvertContext): number {
  return leadIn.elements.reduce((sum, el) => sum + estimateHeight(el, ctx.body.width, ctx.theme), 0);
}

/**
 * A lead-in and the block after it, so that the lead-in is placed only where
 * the block's first part fits below it: the lead-in is an unbreakable block
 * ending in that much empty room, and the block takes the room back with a
 * negative margin (pdfmake moves an unbreakable block that does not fit to
 * the next page). One layout pass, no measuring: the first part's height is
 * estimated (estimateFirstPart), erring tall, which at worst moves a heading
 * overleaf a line early. pdfmake's pageBreakBefore would lay out the whole
 * document again for each heading it moves.
 */
function joinLeadIn(leadIn: LeadIn, content: Content, el: MarkupElement | undefined, ctx: ConvertContext): Content {
  const room = Math.min(ctx.body.height * 0.5, el ? estimateFirstPart(el, ctx.body.width, ctx.theme) : ctx.theme.size * ctx.theme.lineHeight * 3);
  return reserved(leadIn.nodes, room, content);
}

/** `lead` kept on a page with `room` points free below it, which `rest` then takes back. */
function reserved(lead: Content[], room: number, rest: Content): Record<string, unknown> {
  return {
    stack: [
      // The room is the margin of a stack inside the unbreakable block: pdfmake measures a
      // block with its inner margins, not its own.
      { unbreakable: true, stack: [{ stack: lead, margin: [0, 0, 0, room] }] },
      { stack: [rest], margin: [0, -room, 0, 0] },
    ],
  };
}

/**
 * In mixed content (a cell, a list item, a column) consecutive text and
 * inline elements form one paragraph.
 */
function groupInlineRuns(nodes: readonly MarkupNode[]): MarkupNode[] {
  if (!nodes.some((n) => n.kind === 'element' && !isInlineElement(n.name))) {
    return nodes.length === 0 ? [] : [{ kind: 'element', name: 'p', attrs: {}, children: [...nodes] }];
  }
  const out: MarkupNode[] = [];
  let run: MarkupNode[] = [];
  const flush = () => {
    if (run.some((n) => n.kind === 'element' || n.text.trim() !== '')) out.push({ kind: 'element', name: 'p', attrs: {}, children: run });
    run = [];
  };
  for (const n of nodes) {
    if (n.kind === 'text' || isInlineElement(n.name)) run.push(n);
    else {
      flush();
      out.push(n);
    }
  }
  flush();
  return out;
}

/** A single block element, or undefined for elements that print nothing. */
export function convertBlock(el: MarkupElement, ctx: ConvertContext): Record<string, unknown> | undefined {
  const cls = classesOf(el);
  switch (el.name) {
    case 'h1':
    case 'h2':
    case 'h3':
      return convertHeading(el, cls, ctx);
    case 'p':
      return paragraph(el, ['p', ...cls], ctx);
    case 'div':
      return { stack: convertBlocks(el.children, ctx, true), style: cls };
    case 'keep':
      return convertKeep(el, ctx);
    case 'box':
      return convertBox(el, cls, ctx);
    case 'columns':
      return {
        columns: el.children
          .filter((c): c is MarkupElement => c.kind === 'element')
          .map((c) => column(columnWidth(c.attrs.width, c, ctx), convertBlocks(c.children, ctx), classesOf(c))),
        columnGap: el.attrs.gap ? length(el.attrs.gap, el, ctx) : mm(4),
        style: cls,
      };
    case 'table':
      // A table whose rows were all conditional (an address the locality did not give...) prints nothing.
      return el.children.some((c) => c.kind === 'element') ? convertTable(el, cls, ctx, convertBlocks) : undefined;
    case 'ul':
    case 'ol':
      return {
        [el.name]: el.children.filter((c): c is MarkupElement => c.kind === 'element').map((li) => ({ stack: convertBlocks(li.children, ctx), style: classesOf(li) })),
        style: cls,
      };
    case 'qr':
      return convertQr(el, ctx);
    case 'img':
      return convertImage(el, ctx);
    case 'toc': {
      // Filled once every heading is converted (contents.ts).
      const node: Record<string, unknown> = { stack: [] };
      ctx.contentsNodes.push({ node, title: el.attrs.title ?? '目录' });
      return node;
    }
    case 'space':
      return { text: '', margin: [0, el.attrs.height ? length(el.attrs.height, el, ctx) : mm(4), 0, 0] };
    case 'rule': {
      const weight = el.attrs.weight ? length(el.attrs.weight, el, ctx) : 0.5;
      const color = ctx.color(el.attrs.color ?? 'rule', el);
      return {
        table: { widths: ['*'], body: [[{ text: '', fontSize: 0.1, lineHeight: 1 }]] },
        layout: { ...lineLayout(color, 0), hLineWidth: (i: number) => (i === 0 ? weight : 0), paddingTop: () => 0, paddingBottom: () => 0 },
        style: cls.length ? cls : 'rule',
      };
    }
    case 'section':
      ctx.error('markup/misplaced', '<section> 只能放在最外层', el);
      return undefined;
    default:
      ctx.error('markup/misplaced', `<${el.name}> 不能放在这里`, el);
      return undefined;
  }
}

/**
 * A <keep> block, with what leads into it (a category's heading and lead
 * before its first card) taken in: kept together with it when they fit a
 * page, else placed with the block's heading and first lines (continuable).
 *
 * pdfmake drops everything past the first page of an unbreakable block (the
 * whole block when it does not fit a fresh page either), so only blocks that
 * surely fit on one page are kept together; the others flow on, their
 * heading repeated on each page they continue on. The estimate is within a
 * few per cent: under 0.8 of a page a block surely fits, over 1.6 it surely
 * does not; in between it is measured before layout and kept together if it
 * fits (settle.ts).
 */
function convertKeep(el: MarkupElement, ctx: ConvertContext, leadIn?: LeadIn): Record<string, unknown> {
  const cls = classesOf(el);
  // A keep's own heading is handled by the keep (kept whole, or continuable with room below it).
  const stack = convertBlocks(el.children, ctx);
  const lead = leadIn?.nodes ?? [];
  const estimate = estimateHeight(el, ctx.body.width, ctx.theme) + (leadIn ? leadInHeight(leadIn, ctx) : 0);
  const whole = () => (lead.length > 0 ? { stack: [...lead, { stack, style: cls }], unbreakable: true } : { stack, style: cls, unbreakable: true });
  if (estimate <= ctx.body.height * 0.8) return whole();
  const flowing =
    continuable(el, stack, cls, ctx, lead) ??
    (lead.length > 0 ? reserved(lead, ctx.theme.size * ctx.theme.lineHeight * 1.5 * 3, { stack, style: cls }) : { stack, style: cls });
  if (estimate <= ctx.body.height * 1.6) flowing[KEEP_WHOLE] = whole();
  return flowing;
}

/**
 * A column: its one block itself when it has nothing else and no class (a
 * stack around it would lay out the same, as one more node for pdfmake to
 * measure and place on every card), else a stack of its blocks.
 */
function column(width: unknown, blocks: Content[], style: string[]): Record<string, unknown> {
  const only = blocks.length === 1 && style.length === 0 ? blocks[0] : undefined;
  if (typeof only === 'object' && !('unbreakable' in only) && !('columns' in only)) return { ...only, width };
  return { width, stack: blocks, style };
}

/**
 * A keep block that starts with a heading and may not fit a page: its
 * content flows on, and each page it continues on starts with the heading
 * and 「（续）」 (see continuation.ts); `lead` goes above its heading. Undefined
 * for a block without a heading.
 */
function continuable(el: MarkupElement, stack: Content[], cls: string[], ctx: ConvertContext, lead: Content[] = []): Record<string, unknown> | undefined {
  const first = el.children.find((c): c is MarkupElement => c.kind === 'element');
  const heading = stack[0];
  if (!first || !/^h[1-3]$/.test(first.name) || typeof heading !== 'object' || !Array.isArray(heading.text)) return undefined;
  const style: Record<string, unknown> = {};
  for (const name of [first.name, ...classesOf(first)]) Object.assign(style, ctx.styles[name]);
  const size = typeof style.fontSize === 'number' ? style.fontSize : ctx.theme.size;
  const lineHeight = typeof style.lineHeight === 'number' ? style.lineHeight : ctx.theme.lineHeight;
  const margin = Array.isArray(style.margin) ? (style.margin as number[]) : [0, 0, 0, 0];
  const label = ctx.continuedLabel;
  // Room for the heading with its label, generously: a font's line is about
  // 1.45 times its size for the Noto faces, taken as 1.6, so the copy never
  // reaches into the text below; at worst the gap under it is a little wider.
  const lines = estimateLines(plainText(first.children) + label, size, ctx.body.width);
  const band = (margin[1] ?? 0) + lines * size * lineHeight * 1.6 + (margin[3] ?? 0);
  const continuedHeading = { text: [...structuredClone(heading.text as unknown[]), label], style: heading.style };
  // A heading alone at the foot of a page, its block starting overleaf, reads as a mistake: it
  // moves on unless about three lines of body text fit below it.
  const keepWithHeading = 3 * ctx.theme.size * ctx.theme.lineHeight * 1.45;
  ctx.continued++;
  // What leads into the block stays with its heading, above the room kept for its first lines.
  const opening = lead.length > 0 ? { stack: [...lead, heading] } : heading;
  return ctx.continuation.wrap({ continuedHeading, band, keepWithHeading }, opening, stack.slice(1), cls);
}

function paragraph(el: MarkupElement, style: string[], ctx: ConvertContext): Record<string, unknown> {
  const inlines = convertInlines(el.children, ctx);
  const align = el.attrs.align ? { alignment: el.attrs.align } : {};
  // pdfmake resolves a page reference only on a text node of its own.
  const only = inlines.length === 1 ? inlines[0] : undefined;
  if (typeof only === 'object' && 'pageReference' in only) return { ...only, style, ...align };
  return { text: inlines, style, ...align };
}

function convertHeading(el: MarkupElement, cls: string[], ctx: ConvertContext): Record<string, unknown> {
  const level = el.name;
  const node: Record<string, unknown> = { text: convertInlines(el.children, ctx), style: [level, ...cls], headlineLevel: Number(level[1]) };
  const id = el.attrs.id ?? ctx.nextHeadingId(level);
  node.id = id;
  if (el.attrs.toc !== 'no' && level !== 'h3') ctx.contentsEntries.push({ id, level: level as 'h1' | 'h2', text: node.text });
  if (el.attrs.bookmark !== 'no' && level !== 'h3') {
    node.outline = true;
    node.outlineText = plainText(el.children);
    if (level === 'h1') ctx.lastH1 = id;
    else if (ctx.lastH1) node.outlineParentId = ctx.lastH1;
  }
  return node;
}

function convertBox(el: MarkupElement, cls: string[], ctx: ConvertContext): Record<string, unknown> {
  const fill = el.attrs.fill ? ctx.color(el.attrs.fill, el) : undefined;
  const pad = el.attrs.padding ? length(el.attrs.padding, el, ctx) : mm(3);
  const border = el.attrs.border ? ctx.color(el.attrs.border, el) : undefined;
  return {
    table: { widths: ['*'], body: [[{ stack: convertBlocks(el.children, ctx), ...(fill && { fillColor: fill }) }]] },
    layout: {
      ...lineLayout(border ?? ctx.theme.colors.text!, border ? 0.75 : 0),
      paddingLeft: () => pad,
      paddingRight: () => pad,
      paddingTop: () => pad,
      paddingBottom: () => pad,
    },
    style: cls,
  };
}

function convertQr(el: MarkupElement, ctx: ConvertContext): Record<string, unknown> | undefined {
  const url = el.attrs.url;
  if (!url) {
    ctx.error('markup/missing-attribute', '<qr> 缺少 url 属性', el);
    return undefined;
  }
  const sizeMm = el.attrs.size ? length(el.attrs.size, el, ctx) / mm(1) : ctx.theme.qr.size;
  const ecc = (el.attrs.ecc ?? ctx.theme.qr.ecc) as 'L' | 'M' | 'Q' | 'H';
  if (!['L', 'M', 'Q', 'H'].includes(ecc)) {
    ctx.error('markup/bad-attribute', `<qr> 的 ecc 只能是 L、M、Q 或 H`, el);
    return undefined;
  }
  const symbol = qrSymbol(url, sizeMm, ecc);
  // The symbol and its caption are links too, for the copy posted online; not
  // to what a PDF reader must not open (URLs from the catalogue were checked
  // already; one written in a template may be anything). The link is the
  // address the code holds (ASCII); the caption stays readable.
  const link = checkUrl(url) ? undefined : uriOf(url);
  const stack: Content[] = [qrCanvas(symbol, ctx.theme.colors.text!, link)];
  if (el.attrs.caption !== 'no') stack.push({ text: el.attrs.caption ?? printableUrl(url), style: 'qr-caption', width: symbol.size, ...(link && { link }) });
  // No `unbreakable` here: nested unbreakable blocks misplace canvas vectors in pdfmake 0.3.
  return { stack, width: symbol.size };
}

/**
 * An image from the template folder (a logo, a map). Paths are relative to
 * the template; an absolute path, a `..` that leaves the folder, or a
 * symbolic link pointing outside it is refused: templates come from many
 * hands and must not make the tool read other files.
 */
function convertImage(el: MarkupElement, ctx: ConvertContext): Record<string, unknown> | undefined {
  const src = el.attrs.src ?? '';
  if (!src || path.isAbsolute(src) || /^[a-z][a-z0-9+.-]*:/i.test(src)) {
    ctx.error('markup/path-outside', `图片路径「${src}」必须是模板文件夹内的相对路径`, el, '把图片放进模板文件夹，写成 src="logo.png"。');
    return undefined;
  }
  if (!/\.(png|jpe?g)$/i.test(src)) {
    ctx.error('markup/bad-attribute', `图片「${src}」不是 PNG 或 JPEG 文件`, el);
    return undefined;
  }
  for (const dir of ctx.assetDirs) {
    const file = path.resolve(dir, src);
    if (!fs.existsSync(file)) continue;
    const root = fs.realpathSync(dir);
    const real = fs.realpathSync(file);
    if (path.relative(root, real).startsWith('..') || path.isAbsolute(path.relative(root, real))) {
      ctx.error('markup/path-outside', `图片「${src}」指向模板文件夹之外`, el, '图片必须放在模板文件夹内（不能用 .. 或指向外部的快捷方式/符号链接）。');
      return undefined;
    }
    const width = el.attrs.width ? length(el.attrs.width, el, ctx) : undefined;
    return { image: real, ...(width !== undefined && { width }), ...(el.attrs.align && { alignment: el.attrs.align }) };
  }
  ctx.error('markup/image-not-found', `找不到图片「${src}」`, el, '图片路径相对于模板文件夹（含 theme.yaml 的文件夹）。');
  return undefined;
}

function columnWidth(value: string | undefined, el: MarkupElement, ctx: ConvertContext): number | string {
  if (value === undefined || value === '*' || value === 'auto') return value ?? '*';
  if (/^\d+(\.\d+)?%$/.test(value)) return value;
  return length(value, el, ctx);
}

/**
 * A markup length in points. Lengths scale with the paper's type scale, so a
 * label column sized for four characters still fits them on A4.
 */
export function length(value: string, el: MarkupElement, ctx: ConvertContext): number {
  const v = parseLength(value);
  if (v === undefined) {
    ctx.error('markup/bad-length', `长度「${value}」无法识别`, el, '写成 4mm、10pt 或数字（磅）。');
    return 0;
  }
  return v * ctx.theme.scale;
}
