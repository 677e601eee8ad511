import type { Cmyk } from '../layout/theme.js';
import type { MarkupElement, MarkupNode } from '../markup/nodes.js';
import { classesOf } from '../markup/nodes.js';
import type { Content, ConvertContext } from './context.js';
import { estimateRowHeights } from './estimate.js';
import { parseLength } from './units.js';

type BlockConverter = (nodes: readonly MarkupNode[], ctx: ConvertContext) => Content[];

/**
 * A pdfmake table layout with every line colour set explicitly in CMYK:
 * pdfmake's default line colour is RGB black, which separates into four inks.
 */
export function lineLayout(color: Cmyk, width: number) {
  return {
    hLineWidth: () => width,
    vLineWidth: () => width,
    hLineColor: () => color,
    vLineColor: () => color,
  };
}

function layoutFor(name: string | undefined, headerRows: number, ctx: ConvertContext, el: MarkupElement) {
  const rule = ctx.theme.colors.rule ?? ctx.theme.colors.text!;
  const strong = ctx.theme.colors.text!;
  const padding = {
    paddingLeft: () => 3,
    paddingRight: () => 3,
    paddingTop: () => 1,
    paddingBottom: () => 1,
  };
  switch (name ?? 'lines') {
    case 'grid':
      return { ...lineLayout(rule, 0.5), ...padding };
    case 'none':
      return { ...lineLayout(rule, 0), ...padding };
    case 'lines':
      return {
        ...lineLayout(rule, 0.5),
        hLineWidth: (i: number, node: { table: { body: unknown[] } }) =>
          i === 0 || i === node.table.body.length ? 0.9 : i === headerRows ? 0.75 : 0.4,
        hLineColor: (i: number, node: { table: { body: unknown[] } }) =>
          i === 0 || i === node.table.body.length || i === headerRows ? strong : rule,
        vLineWidth: () => 0,
        ...padding,
      };
    default:
      ctx.error('markup/bad-attribute', `<table> 的 layout「${name}」无法识别`, el, '可用：lines、grid、none。');
      return { ...lineLayout(rule, 0.5), ...padding };
  }
}

/**
 * Converts a <table>. pdfmake wants every row to have one entry per column,
 * with empty placeholders under col- and row-spans, so the grid is filled
 * here from the markup's colspan/rowspan.
 */
export function convertTable(el: MarkupElement, cls: string[], ctx: ConvertContext, convertBlocks: BlockConverter): Record<string, unknown> {
  const rows = el.children.filter((c): c is MarkupElement => c.kind === 'element');
  const body: Content[][] = [];
  const pendingRowSpans: number[] = [];
  for (const tr of rows) {
    const row: Content[] = [];
    let col = 0;
    const skipSpanned = () => {
      while ((pendingRowSpans[col] ?? 0) > 0) {
        pendingRowSpans[col]!--;
        row.push({});
        col++;
      }
    };
    for (const cell of tr.children) {
      if (cell.kind !== 'element') continue;
      skipSpanned();
      const colSpan = Math.max(1, Number(cell.attrs.colspan ?? 1) || 1);
      const rowSpan = Math.max(1, Number(cell.attrs.rowspan ?? 1) || 1);
      const cellCls = classesOf(cell);
      const blocks = convertBlocks(cell.children, ctx);
      const content: Record<string, unknown> =
        blocks.length === 1 && typeof blocks[0] === 'object' ? { ...blocks[0] } : { stack: blocks };
      content.style = [cell.name, ...cellCls, ...toArray(content.style)];
      if (colSpan > 1) content.colSpan = colSpan;
      if (rowSpan > 1) content.rowSpan = rowSpan;
      if (cell.attrs.align) content.alignment = cell.attrs.align;
      if (cell.attrs.fill) content.fillColor = ctx.color(cell.attrs.fill, cell);
      ctx.tagRegion(tr, content);
      row.push(content);
      for (let k = 0; k < colSpan; k++) {
        if (rowSpan > 1) pendingRowSpans[col + k] = rowSpan - 1;
        if (k > 0) row.push({});
      }
      col += colSpan;
    }
    skipSpanned();
    body.push(row);
  }
  const columns = Math.max(0, ...body.map((r) => r.length));
  for (const r of body) while (r.length < columns) r.push({ text: '' });
  const headerRows = Number(el.attrs['header-rows'] ?? 0) || 0;
  // A row pdfmake may not break is laid out as an unbreakable block, and one
  // taller than a page is dropped whole, silently (pdfmake issues #961, #1159,
  // #2806). Rows are kept whole only when every one surely fits half a page;
  // otherwise they break across pages like text.
  const rowsFit = estimateRowHeights(el, ctx.body.width, ctx.theme).every((h) => h <= ctx.body.height * 0.5);
  return {
    table: {
      widths: widthsFor(el.attrs.widths, columns, el, ctx),
      headerRows,
      dontBreakRows: rowsFit,
      body,
    },
    layout: layoutFor(el.attrs.layout, headerRows, ctx, el),
    style: cls,
  };
}

function toArray(v: unknown): unknown[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function widthsFor(spec: string | undefined, columns: number, el: MarkupElement, ctx: ConvertContext): (number | string)[] {
  if (!spec) return Array.from({ length: columns }, () => '*');
  const parts = spec.split(',').map((s) => s.trim());
  if (parts.length !== columns) {
    ctx.error('markup/bad-attribute', `<table> 的 widths 给了 ${parts.length} 列，表格实际有 ${columns} 列`, el);
  }
  return Array.from({ length: columns }, (_, i) => {
    const p = parts[i] ?? '*';
    if (p === '*' || p === 'auto' || /^\d+(\.\d+)?%$/.test(p)) return p;
    const v = parseLength(p);
    if (v === undefined) {
      ctx.error('markup/bad-length', `列宽「${p}」无法识别`, el, '写成 *、auto、30mm、20% 或数字（磅）。');
      return '*';
    }
    return v * ctx.theme.scale;
  });
}
