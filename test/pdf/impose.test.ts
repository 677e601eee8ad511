import * as mupdf from 'mupdf';
import { PDFDocument, PDFName, StandardFonts, rgb } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { bookletOrder, imposeBooklet } from '../../src/pdf/impose.js';
import { openPdf, pageBox, pageLines } from '../helpers/pdf.js';
import { pt } from '../helpers/small-handbook.js';

/*
 * Booklet imposition on small documents made here, so every placement can be
 * checked exactly: each page is grey inside its TrimBox and red in the bleed
 * around it, and says "P<n>" in its lower left corner.
 */

const BLEED = pt(3);
const date = new Date('2026-11-01T00:00:00Z');

/** `drawn` pages of trim size `w` × `h` points with a bleed, then `blank` pages with no content at all. */
async function handbook(drawn: number, blank: number, w: number, h: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle('示例县便民服务手册');
  doc.setAuthor('示例县文化体育和旅游局');
  doc.setProducer('handbook test');
  doc.setCreator('handbook');
  doc.setCreationDate(date);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= drawn + blank; i++) {
    const page = doc.addPage([w + 2 * BLEED, h + 2 * BLEED]);
    page.setTrimBox(BLEED, BLEED, w, h);
    page.setBleedBox(0, 0, w + 2 * BLEED, h + 2 * BLEED);
    if (i > drawn) continue;
    page.drawRectangle({ x: 0, y: 0, width: w + 2 * BLEED, height: h + 2 * BLEED, color: rgb(1, 0, 0) });
    page.drawRectangle({ x: BLEED, y: BLEED, width: w, height: h, color: rgb(0.8, 0.8, 0.8) });
    page.drawText(`P${i}`, { x: BLEED + 10, y: BLEED + 10, size: 12, font });
  }
  return doc.save({ useObjectStreams: false });
}

/** The sheet rendered at `scale` px per point (y down), as RGB at a point. */
function raster(doc: mupdf.Document, index: number, scale = 1): (x: number, y: number) => [number, number, number] {
  const pix = doc.loadPage(index).toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceRGB, false);
  const width = pix.getWidth();
  const p = pix.getPixels();
  return (x, y) => {
    const i = (Math.floor(y * scale) * width + Math.floor(x * scale)) * 3;
    return [p[i]!, p[i + 1]!, p[i + 2]!];
  };
}

const GREY = [204, 204, 204];
const WHITE = [255, 255, 255];

function labels(doc: mupdf.Document, index: number, mid: number): { left: string; right: string } {
  const lines = pageLines(doc, index).filter((l) => /^P\d+$/.test(l.text.trim()));
  const at = (side: 'left' | 'right') => lines.filter((l) => (side === 'left' ? l.x < mid : l.x >= mid)).map((l) => l.text.trim()).join(',');
  return { left: at('left'), right: at('right') };
}

describe('bookletOrder', () => {
  it('pairs the outer pages first, front then back of each sheet', () => {
    expect(bookletOrder(4)).toEqual([[4, 1], [2, 3]]);
    expect(bookletOrder(12)).toEqual([[12, 1], [2, 11], [10, 3], [4, 9], [8, 5], [6, 7]]);
    expect(bookletOrder(0)).toEqual([]);
  });
});

describe('imposeBooklet', () => {
  it('puts A5 pages on A4 sheets in booklet order, padding to a multiple of 4', async () => {
    const trim = { width: pt(148), height: pt(210) };
    const r = await imposeBooklet(await handbook(5, 0, trim.width, trim.height), trim);
    expect(r.sheetName).toBe('A4');
    expect(r.sides).toBe(4);
    const sheets = openPdf(r.bytes);
    expect(sheets.countPages()).toBe(4);
    const order = bookletOrder(8);
    for (let s = 0; s < 4; s++) {
      expect(pageBox(sheets, s, 'MediaBox').map((v) => v.toFixed(1))).toEqual([0, 0, pt(297), pt(210)].map((v) => v.toFixed(1)));
      const [left, right] = order[s]!;
      const name = (n: number) => (n <= 5 ? `P${n}` : '');
      expect(labels(sheets, s, pt(297) / 2), `side ${s + 1}`).toEqual({ left: name(left), right: name(right) });
    }
  });

  it('scales the pages down only as far as the sheet margin needs, centred, without their bleed', async () => {
    // A5 on A4: 8 mm margin at the top and bottom means a scale of 194/210.
    const trim = { width: pt(148), height: pt(210) };
    const r = await imposeBooklet(await handbook(4, 0, trim.width, trim.height), trim);
    const sheet = raster(openPdf(r.bytes), 0);
    const scale = 194 / 210;
    const w = pt(148) * scale;
    const h = pt(210) * scale;
    const x0 = (pt(297) - 2 * w) / 2;
    const y0 = (pt(210) - h) / 2;
    // Just inside each page's corners: grey; just outside: white (no red bleed anywhere).
    for (const [x, y] of [[x0 + 2, y0 + 2], [x0 + 2 * w - 2, y0 + h - 2], [x0 + w - 2, y0 + 2], [x0 + w + 2, y0 + h - 2]] as const) expect(sheet(x, y)).toEqual(GREY);
    for (const [x, y] of [[x0 - 2, pt(105)], [x0 + 2 * w + 2, pt(105)], [pt(148.5) - 40, y0 - 2], [pt(148.5) + 40, y0 + h + 2]] as const) expect(sheet(x, y)).toEqual(WHITE);
  });

  it('gives another size a sheet of two pages plus margins, at full size', async () => {
    const trim = { width: pt(120), height: pt(180) };
    const r = await imposeBooklet(await handbook(2, 2, trim.width, trim.height), trim);
    expect(r.sheetName).toBe('256×196mm');
    expect(r.sides).toBe(2);
    const sheets = openPdf(r.bytes);
    expect(pageBox(sheets, 0, 'MediaBox').map((v) => v.toFixed(1))).toEqual([0, 0, pt(256), pt(196)].map((v) => v.toFixed(1)));
    // [4, 1]: the padding page 4 is blank (white), page 1 is at full size 8 mm in from the sheet edge.
    const sheet = raster(sheets, 0);
    expect(sheet(pt(8) + 2, pt(100))).toEqual(WHITE);
    expect(sheet(pt(128) + 2, pt(8) + 2)).toEqual(GREY);
    expect(sheet(pt(248) - 2, pt(188) - 2)).toEqual(GREY);
    expect(sheet(pt(248) + 2, pt(100))).toEqual(WHITE);
    expect(labels(sheets, 0, pt(128))).toEqual({ left: '', right: 'P1' });
    expect(labels(sheets, 1, pt(128))).toEqual({ left: 'P2', right: '' });
  });

  it('draws crop marks at the corners and fold marks at the spine, outside the pages', async () => {
    const trim = { width: pt(120), height: pt(180) };
    const r = await imposeBooklet(await handbook(4, 0, trim.width, trim.height), trim);
    const sheet = raster(openPdf(r.bytes), 0, 4);
    // Hairlines (0.25 pt): inked at all, not white.
    const dark = (c: number[]) => c.some((v) => v < 200);
    // Crop marks start 1.5 mm outside the trim and are 5 mm long; the fold mark sits on the spine (x = 128 mm).
    expect(dark(sheet(pt(8) - pt(4), pt(8)))).toBe(true); // top left, horizontal
    expect(dark(sheet(pt(8), pt(8) - pt(4)))).toBe(true); // top left, vertical
    expect(dark(sheet(pt(248) + pt(4), pt(188)))).toBe(true); // bottom right, horizontal
    expect(dark(sheet(pt(248), pt(188) + pt(4)))).toBe(true); // bottom right, vertical
    // Fold marks: dashed, so some of the 5 mm is inked and some not.
    const column = (from: number, to: number) => Array.from({ length: 40 }, (_, i) => dark(sheet(pt(128), from + ((to - from) * (i + 0.5)) / 40)));
    for (const fold of [column(pt(1.5), pt(6.5)), column(pt(189.5), pt(194.5))]) {
      expect(fold.filter(Boolean).length).toBeGreaterThan(10);
      expect(fold.filter((d) => !d).length).toBeGreaterThan(10);
    }
    expect(dark(sheet(pt(8) - pt(0.5), pt(8)))).toBe(false); // the gap between trim and mark
  });

  it('keeps the handbook’s dates and names, so the booklet is reproducible', async () => {
    const trim = { width: pt(148), height: pt(210) };
    const input = await handbook(4, 0, trim.width, trim.height);
    const r = await imposeBooklet(input, trim);
    const again = await imposeBooklet(input, trim);
    expect(Buffer.from(again.bytes).equals(Buffer.from(r.bytes))).toBe(true);
    const out = await PDFDocument.load(r.bytes, { updateMetadata: false });
    expect(out.getTitle()).toBe('示例县便民服务手册（拼版）');
    expect(out.getAuthor()).toBe('示例县文化体育和旅游局');
    expect(out.getProducer()).toBe('handbook test');
    expect(out.getCreator()).toBe('handbook');
    expect(out.getCreationDate()?.toISOString()).toBe(date.toISOString());
    expect(out.getModificationDate()?.toISOString()).toBe(date.toISOString());
  });

  it('matches the standard sheets within 1 mm, and only when both sides match', async () => {
    const near = { width: pt(149), height: pt(211) };
    expect((await imposeBooklet(await handbook(4, 0, near.width, near.height), near)).sheetName).toBe('A4');
    const half = { width: pt(148), height: pt(180) };
    expect((await imposeBooklet(await handbook(4, 0, half.width, half.height), half)).sheetName).toBe('312×196mm');
    const off = { width: pt(146), height: pt(210) };
    expect((await imposeBooklet(await handbook(4, 0, off.width, off.height), off)).sheetName).toBe('308×226mm');
  });

  it('adds no names or dates of its own to a handbook that has none', async () => {
    const doc = await PDFDocument.create({ updateMetadata: false });
    for (let i = 0; i < 4; i++) doc.addPage([pt(148), pt(210)]).drawCircle({ x: 50, y: 50, size: 10 });
    const r = await imposeBooklet(await doc.save(), { width: pt(148), height: pt(210) });
    const out = await PDFDocument.load(r.bytes, { updateMetadata: false });
    expect(out.getTitle()).toBe('（拼版）');
    expect([out.getAuthor(), out.getProducer(), out.getCreator()]).toEqual(['', '', '']);
    expect(out.getCreationDate()).toBeUndefined();
    expect(out.getModificationDate()).toBeUndefined();
  });

  it('copies no link annotations into the sheets', async () => {
    const trim = { width: pt(148), height: pt(210) };
    const doc = await PDFDocument.load(await handbook(4, 0, trim.width, trim.height));
    const link = doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [0, 0, 10, 10], A: { S: 'URI', URI: 'https://zwgk.county.example/' } });
    doc.getPage(0).node.set(PDFName.of('Annots'), doc.context.obj([doc.context.register(link)]));
    const r = await imposeBooklet(await doc.save({ useObjectStreams: false }), trim);
    expect(Buffer.from(r.bytes).toString('latin1')).not.toContain('zwgk.county.example');
  });
});
