import type { KitDoc, KitRef } from './kit.js';
import { MARK_GAP, MARK_WEIGHT, cropMarkSegments } from './marks.js';
import { addPdfA } from './pdfa.js';
import type { PdfAMetadata } from './pdfa.js';

export interface FinishOptions {
  /** Trim size of a page, points. */
  trim: { width: number; height: number };
  /** Bleed laid out around each page, points. */
  bleed: number;
  /** Room laid out outside the bleed for crop marks, points (0: no marks). */
  slug: number;
  /** Pad the page count to a multiple of this (1: no padding). */
  pagesMultiple: number;
  /** The last page is a back cover: padding goes before it. */
  backCover: boolean;
  /** PDF/A-2b identification, XMP metadata and colour definitions. */
  pdfa?: PdfAMetadata;
}

/**
 * Print finishing on pdfkit's document after pdfmake laid it out and before
 * it is written (pages are buffered): blank pages for saddle stitching, the
 * page boxes pdfkit does not write, crop marks and PDF/A. Working here rather
 * than re-reading the finished file keeps a large handbook's build fast.
 */
export function finishDocument(doc: KitDoc, options: FinishOptions): { pageCount: number; blankPages: number } {
  const blankPages = padPages(doc, options);
  const { width, height } = options.trim;
  const { bleed: b, slug: s } = options;
  const count = doc.bufferedPageRange().count;
  for (let i = 0; i < count; i++) {
    doc.switchToPage(i);
    const media = [0, 0, width + 2 * (b + s), height + 2 * (b + s)];
    const page = doc.page.dictionary.data;
    page.MediaBox = media;
    page.CropBox = media;
    page.BleedBox = [s, s, s + width + 2 * b, s + height + 2 * b];
    page.TrimBox = [s + b, s + b, s + b + width, s + b + height];
    if (s > 0) {
      doc.save().lineWidth(MARK_WEIGHT).strokeColor([100, 100, 100, 100]);
      for (const [x1, y1, x2, y2] of cropMarkSegments({ x: s + b, y: s + b, width, height }, b + MARK_GAP)) doc.moveTo(x1, y1).lineTo(x2, y2).stroke();
      doc.restore();
    }
  }
  if (options.pdfa) addPdfA(doc, options.pdfa);
  return { pageCount: count, blankPages };
}

/**
 * Saddle stitching needs a page count that is a multiple of 4. Blank pages
 * are added at the end, then moved before the back cover in the page tree,
 * so the back cover stays the last page.
 */
function padPages(doc: KitDoc, options: FinishOptions): number {
  const count = doc.bufferedPageRange().count;
  const multiple = Math.max(1, Math.floor(options.pagesMultiple));
  const missing = (multiple - (count % multiple)) % multiple;
  if (missing === 0 || count === 0) return 0;
  doc.switchToPage(0);
  const size: [number, number] = [doc.page.width, doc.page.height];
  for (let i = 0; i < missing; i++) doc.addPage({ size, margin: 0 });
  if (options.backCover) {
    const kids = (doc._root.data.Pages as KitRef).data.Kids as unknown[];
    const blanks = kids.splice(count, missing);
    kids.splice(count - 1, 0, ...blanks);
  }
  return missing;
}
