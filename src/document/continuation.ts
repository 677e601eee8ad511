import type { Content } from './context.js';

/*
 * A keep-together block taller than a page (a card with a long 公开内容)
 * flows on to the next pages, and each page it continues on starts with its
 * heading again, marked 「（续）」.
 *
 * pdfmake repeats only a table's header rows, and repeats them unchanged
 * (pdfmake issue #531); a repeated heading would also repeat its bookmark
 * and named destination, and move its table-of-contents page to the last
 * copy. So the heading stays where it is, once, and the rest of the block
 * becomes a one-cell table whose top padding keeps a band free at the top of
 * every page the cell continues on (pdfmake moves a broken row's content
 * down by its top padding on each new page); on the first page a negative
 * margin takes the band back, so that page looks as it did. The section's
 * background, which pdfmake lays out when it adds a page, prints the heading
 * with 「（续）」 in the band while such a block is being laid out: the
 * table's padding callbacks say when its row starts and ends.
 */

type Node = Record<string, unknown>;

/** A block that may continue: its heading for continuation pages and how much room it keeps. */
export interface ContinuedBlock {
  /** The heading with the label, laid out afresh on each continuation page. */
  continuedHeading: Node;
  /** Points kept free at the top of each continuation page. */
  band: number;
  /** Points of the block's content the heading must have below it on its page. */
  keepWithHeading: number;
}

/** Which continuable block pdfmake is laying out, told by their tables' padding callbacks. */
export class ContinuationTracker {
  private readonly open: ContinuedBlock[] = [];

  /** The innermost block being laid out, if any. */
  get current(): ContinuedBlock | undefined {
    return this.open[this.open.length - 1];
  }

  /**
   * The block as pdfmake nodes: its heading, kept on a page with room for
   * the first lines below it (an unbreakable block of the heading and that
   * much space, which the content then takes back), and the rest in a
   * one-cell table. pdfmake calls the table's paddingTop once, when its row
   * starts, and paddingBottom twice: when the row starts and when it ends
   * (TableProcessor.beginRow / endRow). Between the two, a page pdfmake adds
   * is one the block continues on.
   */
  wrap(block: ContinuedBlock, heading: Content, rest: Content[], style: unknown): Node {
    let bottomCalls = 0;
    return {
      stack: [
        // The room is the margin of a stack inside the unbreakable block: pdfmake measures a
        // block with its inner margins, not its own.
        { unbreakable: true, stack: [{ stack: [heading], margin: [0, 0, 0, block.keepWithHeading] }] },
        {
          table: { widths: ['*'], body: [[{ stack: rest, margin: [0, -block.band, 0, 0] }]] },
          layout: {
            hLineWidth: () => 0,
            vLineWidth: () => 0,
            paddingLeft: () => 0,
            paddingRight: () => 0,
            paddingTop: () => {
              this.open.push(block);
              bottomCalls = 0;
              return block.band;
            },
            paddingBottom: () => {
              if (++bottomCalls === 2) this.open.splice(this.open.lastIndexOf(block), 1);
              return 0;
            },
          },
          margin: [0, -block.keepWithHeading, 0, 0],
        },
      ],
      style,
      // Read by coverage.ts (font fallback for its text), never by pdfmake.
      continuedHeading: block.continuedHeading,
    };
  }

  /**
   * The continuation heading for a page being added, as background content
   * (page coordinates), or undefined when no continuable block is open.
   * `left`, `top` and `right` are the page's margins, in points: a
   * continuable block (a card) spans the page body.
   */
  headingFor(pageWidth: number, left: number, top: number, right: number): Node | undefined {
    const block = this.current;
    if (!block) return undefined;
    return {
      absolutePosition: { x: left, y: top },
      table: { widths: [Math.max(1, pageWidth - right - left)], body: [[structuredClone(block.continuedHeading)]] },
      layout: { hLineWidth: () => 0, vLineWidth: () => 0, paddingLeft: () => 0, paddingRight: () => 0, paddingTop: () => 0, paddingBottom: () => 0 },
    };
  }
}
