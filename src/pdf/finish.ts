import { PDFArray, PDFDocument, PDFName, PDFNumber } from 'pdf-lib';
import type { PDFPage } from 'pdf-lib';
import { mm } from '../document/units.js';
import { drawCropMarks } from './marks.js';
import { addPdfA } from './pdfa.js';
import type { PdfAMetadata } from './pdfa.js';

export interface FinishOptions {
  /** Trim size of a page, points. */
  trim: { width: number; height: number };
  /** Bleed already laid out around each page, points. */
  bleed: number;
  /** Crop marks outside the bleed. */
  marks: boolean;
  /** Pad the page count to a multiple of this (1: no padding). */
  pagesMultiple: number;
  /** The last page is a back cover: padding goes before it. */
  backCover: boolean;
  /** PDF/A-2b identification, XMP metadata and output intent. */
  pdfa?: PdfAMetadata;
}

/** Gap between the bleed edge and a crop mark. */
const MARK_GAP = mm(1);

/**
 * Print finishing on the laid-out PDF: blank pages for saddle stitching,
 * TrimBox/BleedBox/MediaBox on every page, crop marks, PDF/A. pdfkit writes
 * none of these, so the PDF is reopened with pdf-lib and saved again without
 * touching its metadata dates (updateMetadata: false) to stay reproducible.
 */
export async function finishPdf(input: Uint8Array, options: FinishOptions): Promise<{ bytes: Uint8Array; pageCount: number; blankPages: number }> {
  const doc = await PDFDocument.load(input, { updateMetadata: false });
  const blankPages = padPages(doc, options);

  const { width, height } = options.trim;
  const b = options.bleed;
  // The slug is the space outside the bleed where the marks go.
  const slug = options.marks ? MARK_GAP + mm(5) + mm(1) : 0;
  for (const page of doc.getPages()) {
    if (slug > 0) {
      page.translateContent(slug, slug);
      shiftAnnotations(page, slug);
    }
    const media = { x: 0, y: 0, width: width + 2 * (b + slug), height: height + 2 * (b + slug) };
    page.setMediaBox(media.x, media.y, media.width, media.height);
    page.setCropBox(media.x, media.y, media.width, media.height);
    page.setBleedBox(slug, slug, width + 2 * b, height + 2 * b);
    page.setTrimBox(slug + b, slug + b, width, height);
    if (options.marks) drawCropMarks(page, { x: slug + b, y: slug + b, width, height }, b + MARK_GAP);
  }
  if (options.pdfa) addPdfA(doc, options.pdfa);
  const bytes = await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
  return { bytes, pageCount: doc.getPageCount(), blankPages };
}

/**
 * Saddle stitching needs a page count that is a multiple of 4. Blank pages go
 * before the back cover, so the back cover stays the last page.
 */
function padPages(doc: PDFDocument, options: FinishOptions): number {
  const count = doc.getPageCount();
  const multiple = Math.max(1, Math.floor(options.pagesMultiple));
  const missing = (multiple - (count % multiple)) % multiple;
  if (missing === 0 || count === 0) return 0;
  const size = doc.getPage(0).getSize();
  const at = options.backCover ? count - 1 : count;
  for (let i = 0; i < missing; i++) doc.insertPage(at, [size.width, size.height]);
  return missing;
}

/** Link rectangles are in page space; they move with the content. */
function shiftAnnotations(page: PDFPage, by: number): void {
  const annots = page.node.Annots();
  if (!annots) return;
  for (let i = 0; i < annots.size(); i++) {
    const annot = annots.lookup(i);
    const rect = (annot as { lookup?: (k: PDFName, t: typeof PDFArray) => PDFArray | undefined }).lookup?.(PDFName.of('Rect'), PDFArray);
    if (!rect) continue;
    for (let k = 0; k < 4; k++) {
      const n = rect.lookup(k, PDFNumber);
      rect.set(k, PDFNumber.of(n.asNumber() + by));
    }
  }
}
