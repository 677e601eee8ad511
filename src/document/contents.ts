import type { Content, ConvertContext } from './context.js';

/*
 * The table of contents, made here rather than by pdfmake's `toc` so that its
 * page breaks can be chosen: pdfmake lays its toc out as one table, which may
 * leave one or two entries alone on the last page. Rows look exactly as
 * pdfmake's toc made them (its measureToc: a heading's text and its page
 * number in a borderless table, each cell linking to the heading, explicit
 * zero margins), the page number being a pageReference to the heading's id.
 *
 * The rows are three tables laid one under the other, seamless (no borders,
 * same columns: the number column is sized by the same placeholder text in
 * each): the title with the first entries, kept together so the title never
 * ends a page alone; the middle, which breaks between any rows; and the last
 * entries, kept together so that the last page holds at least that many
 * lines — the page before gives up a line or two instead.
 */

/** Entries kept with the title, and at the end. */
const KEEP_FIRST = 2;
const KEEP_LAST = 3;

/** Fills every <toc> node with the contents of the document's headings. */
export function fillContents(ctx: ConvertContext): void {
  for (const { node, title } of ctx.contentsNodes) {
    const rows = ctx.contentsEntries.map((e) => [
      { text: structuredClone(e.text), linkToDestination: e.id, alignment: 'left', style: `toc-${e.level}`, margin: [0, 0, 0, 0] },
      { pageReference: e.id, alignment: 'right', style: 'toc-number', margin: [0, 0, 0, 0] },
    ]);
    const heading: Content = { text: title, style: 'toc-title' };
    if (rows.length <= KEEP_FIRST + KEEP_LAST) {
      node.stack = rows.length === 0 ? [heading] : [{ unbreakable: true, stack: [heading, table(rows)] }];
      continue;
    }
    const first = rows.slice(0, KEEP_FIRST);
    const middle = rows.slice(KEEP_FIRST, rows.length - KEEP_LAST);
    const last = rows.slice(rows.length - KEEP_LAST);
    node.stack = [
      { unbreakable: true, stack: [heading, table(first)] },
      ...(middle.length > 0 ? [table(middle)] : []),
      { unbreakable: true, stack: [table(last)] },
    ];
  }
}

function table(body: unknown[][]): Record<string, unknown> {
  return { table: { dontBreakRows: true, widths: ['*', 'auto'], body }, layout: 'noBorders' };
}
