import { PDFDocument, PDFName, cmyk } from 'pdf-lib';
import { mm } from '../document/units.js';
import { MARK_WEIGHT, cropMarkSegments, foldMarkSegments } from './marks.js';

/**
 * Sheets for 2-up booklets: the standard sheet twice the page (A5 → A4,
 * A4 → A3, B5 → B4, 16开 → 8开), landscape. Other sizes get a sheet of
 * exactly two pages plus room for marks.
 */
const sheets: { page: [number, number]; sheet: [number, number]; name: string }[] = [
  { page: [148, 210], sheet: [297, 210], name: 'A4' },
  { page: [210, 297], sheet: [420, 297], name: 'A3' },
  { page: [176, 250], sheet: [353, 250], name: 'B4' },
  { page: [185, 260], sheet: [370, 260], name: '8K' },
];

/** Room kept free at the sheet edge for marks and the printer's unprintable margin. */
const SHEET_MARGIN = mm(8);
const MARK_OFFSET = mm(1.5);

/**
 * The booklet order of an n-page document (n a multiple of 4), as the
 * [left, right] page numbers of each sheet side: front of sheet 1 is
 * [n, 1], its back [2, n-1], and so on.
 */
export function bookletOrder(n: number): [number, number][] {
  const sides: [number, number][] = [];
  for (let i = 0; i < n / 4; i++) {
    sides.push([n - 2 * i, 2 * i + 1]);
    sides.push([2 * i + 2, n - 2 * i - 1]);
  }
  return sides;
}

/**
 * Imposes a finished handbook as 2-up booklet sheets for duplex printing,
 * folding and stapling. Each page is taken by its TrimBox, scaled (down only)
 * to leave a margin for marks, and pairs are placed spine to spine with fold
 * and trim marks. Pages are padded to a multiple of 4 with blanks.
 */
export async function imposeBooklet(input: Uint8Array, trim: { width: number; height: number }): Promise<{ bytes: Uint8Array; sheetName: string; sides: number }> {
  const src = await PDFDocument.load(input, { updateMetadata: false });
  const out = await PDFDocument.create({ updateMetadata: false });
  // Same dates and titles as the handbook, so the imposed file is reproducible too.
  out.setTitle(`${src.getTitle() ?? ''}（拼版）`);
  out.setAuthor(src.getAuthor() ?? '');
  out.setProducer(src.getProducer() ?? '');
  out.setCreator(src.getCreator() ?? '');
  const created = src.getCreationDate();
  if (created) {
    out.setCreationDate(created);
    out.setModificationDate(created);
  }

  const wMm = Math.round(trim.width / mm(1));
  const hMm = Math.round(trim.height / mm(1));
  const known = sheets.find((s) => Math.abs(s.page[0] - wMm) <= 1 && Math.abs(s.page[1] - hMm) <= 1);
  const sheetW = known ? mm(known.sheet[0]) : 2 * trim.width + 2 * SHEET_MARGIN;
  const sheetH = known ? mm(known.sheet[1]) : trim.height + 2 * SHEET_MARGIN;
  const scale = Math.min(1, (sheetW - 2 * SHEET_MARGIN) / (2 * trim.width), (sheetH - 2 * SHEET_MARGIN) / trim.height);
  const w = trim.width * scale;
  const h = trim.height * scale;
  const x0 = (sheetW - 2 * w) / 2;
  const y0 = (sheetH - h) / 2;

  const pages = src.getPages();
  const n = Math.ceil(pages.length / 4) * 4;
  // A blank padding page has no content stream, and nothing to draw.
  const drawn = pages.filter((p) => p.node.Contents() !== undefined);
  // A form XObject carries no annotations, so the pages' links would only be
  // copied as objects nothing refers to (a sixth of the demo booklet's bytes).
  for (const p of drawn) p.node.delete(PDFName.of('Annots'));
  // One embedPages call for every page: pdf-lib copies the source pages with one
  // object copier per call, so the font programs, font dictionaries and images
  // the pages share are copied once. A call per page (embedPage) copied them
  // again for every page: the demo's booklet was 19 times the handbook's size.
  const embeddedPages = await out.embedPages(
    drawn,
    drawn.map((p) => {
      const t = p.getTrimBox();
      return { left: t.x, bottom: t.y, right: t.x + t.width, top: t.y + t.height };
    }),
  );
  const embedded = pages.map((p) => {
    const k = drawn.indexOf(p);
    return k < 0 ? undefined : embeddedPages[k];
  });
  for (const [left, right] of bookletOrder(n)) {
    const sheet = out.addPage([sheetW, sheetH]);
    [left, right].forEach((number, k) => {
      const page = embedded[number - 1];
      if (page) sheet.drawPage(page, { x: x0 + k * w, y: y0, width: w, height: h });
    });
    const registration = cmyk(1, 1, 1, 1);
    for (const [x1, y1, x2, y2] of cropMarkSegments({ x: x0, y: y0, width: 2 * w, height: h }, MARK_OFFSET)) {
      sheet.drawLine({ start: { x: x1, y: y1 }, end: { x: x2, y: y2 }, thickness: MARK_WEIGHT, color: registration });
    }
    for (const [x1, y1, x2, y2] of foldMarkSegments(x0 + w, { y: y0, height: h }, MARK_OFFSET)) {
      sheet.drawLine({ start: { x: x1, y: y1 }, end: { x: x2, y: y2 }, thickness: MARK_WEIGHT, color: registration, dashArray: [1.5, 1.5] });
    }
  }
  const bytes = await out.save({ useObjectStreams: false });
  return { bytes, sheetName: known?.name ?? `${Math.round(sheetW / mm(1))}×${Math.round(sheetH / mm(1))}mm`, sides: n / 2 };
}
