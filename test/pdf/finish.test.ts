import os from 'node:os';
import path from 'node:path';
import * as mupdf from 'mupdf';
import { describe, expect, it } from 'vitest';
import { buildHandbook } from '../../src/index.js';
import type { PrintOptions } from '../../src/index.js';
import { inflatedStreams, openPdf, pageLines } from '../helpers/pdf.js';
import { pt, smallHandbook } from '../helpers/small-handbook.js';

/*
 * Print finishing (src/pdf/finish.ts) in-process: the page boxes, crop marks,
 * blank pages before the back cover and PDF/A, on the PDF buildHandbook
 * returns. test/e2e/print.test.ts checks the same through the CLI.
 */



async function build(print: PrintOptions, extra = ''): Promise<{ doc: mupdf.PDFDocument; bytes: Uint8Array; pageCount: number; blankPages: number }> {
  const { pdf, pageCount, blankPages } = await buildHandbook(smallHandbook(path.join(os.tmpdir(), 'handbook-finish-'), 1, extra), { print });
  return { doc: openPdf(pdf), bytes: pdf, pageCount, blankPages };
}

function box(doc: mupdf.PDFDocument, index: number, name: string): string[] {
  const array = (doc.loadPage(index) as mupdf.PDFPage).getObject().get(name);
  const out: string[] = [];
  for (let i = 0; i < array.length; i++) out.push(array.get(i).asNumber().toFixed(2));
  return out;
}

const fixed = (values: number[]) => values.map((v) => v.toFixed(2));
const text = (doc: mupdf.Document, index: number) => pageLines(doc, index).map((l) => l.text).join('').replace(/\s+/g, '');

describe('page count', () => {
  it('pads to a multiple of 4 with blank pages before the back cover', async () => {
    const { doc, pageCount, blankPages } = await build({});
    expect(doc.countPages()).toBe(8);
    expect({ pageCount, blankPages }).toEqual({ pageCount: 8, blankPages: 1 });
    expect(text(doc, 7)).toContain('示例县文化体育和旅游局');
    expect(text(doc, 6)).toBe('');
    expect(text(doc, 5)).not.toBe('');
    // A blank page has the size of the others.
    expect(box(doc, 6, 'MediaBox')).toEqual(box(doc, 0, 'MediaBox'));
  });

  it('pads to any multiple asked, and not at all for 1', async () => {
    const three = (await build({ pagesMultiple: 3 })).doc;
    expect(three.countPages()).toBe(9);
    expect(text(three, 8)).toContain('示例县文化体育和旅游局');
    expect([text(three, 6), text(three, 7)]).toEqual(['', '']);
    expect(text(three, 5)).not.toBe('');
    const { doc: one, blankPages } = await build({ pagesMultiple: 1 });
    expect(blankPages).toBe(0);
    expect(one.countPages()).toBe(7);
    for (let i = 0; i < 7; i++) expect(text(one, i), `page ${i + 1}`).not.toBe('');
  });

  it('puts the blank pages last when the last page is no back cover (a poster)', async () => {
    const single = await build({ pagesMultiple: 1 }, 'template: poster\n');
    const n = single.doc.countPages();
    const padded = await build({ pagesMultiple: n + 2 }, 'template: poster\n');
    expect(padded.doc.countPages()).toBe(n + 2);
    expect(padded.blankPages).toBe(2);
    for (let i = 0; i < n; i++) expect(text(padded.doc, i), `page ${i + 1}`).toBe(text(single.doc, i));
    expect([text(padded.doc, n), text(padded.doc, n + 1)]).toEqual(['', '']);
  });
});

describe('page boxes and marks', () => {
  it('without bleed or marks, every box is the A5 trim', async () => {
    const { doc, bytes } = await build({ pagesMultiple: 1 });
    const a5 = fixed([0, 0, pt(148), pt(210)]);
    for (let i = 0; i < doc.countPages(); i++) for (const name of ['MediaBox', 'CropBox', 'BleedBox', 'TrimBox']) expect(box(doc, i, name)).toEqual(a5);
    expect(Buffer.from(bytes).toString('latin1')).not.toContain('pdfaid:part');
    expect(inflatedStreams(bytes).some((c) => /1 1 1 1 SCN/.test(c))).toBe(false);
  });

  it('with 3 mm bleed: the page grows by the bleed and TrimBox is the A5 inside it', async () => {
    const { doc } = await build({ bleedMm: 3, pagesMultiple: 1 });
    for (let i = 0; i < doc.countPages(); i++) {
      for (const name of ['MediaBox', 'CropBox', 'BleedBox']) expect(box(doc, i, name)).toEqual(fixed([0, 0, pt(154), pt(216)]));
      expect(box(doc, i, 'TrimBox')).toEqual(fixed([pt(3), pt(3), pt(151), pt(213)]));
    }
  });

  it('with marks: a 7 mm slug around the bleed, crop marks in it on every page, and PDF/A when asked', async () => {
    const { doc, bytes } = await build({ bleedMm: 3, marks: true, pagesMultiple: 1, pdfa: true });
    const s = pt(7);
    for (let i = 0; i < doc.countPages(); i++) {
      expect(box(doc, i, 'MediaBox')).toEqual(fixed([0, 0, pt(154) + 2 * s, pt(216) + 2 * s]));
      expect(box(doc, i, 'CropBox')).toEqual(fixed([0, 0, pt(154) + 2 * s, pt(216) + 2 * s]));
      expect(box(doc, i, 'BleedBox')).toEqual(fixed([s, s, s + pt(154), s + pt(216)]));
      expect(box(doc, i, 'TrimBox')).toEqual(fixed([s + pt(3), s + pt(3), s + pt(151), s + pt(213)]));
    }
    // The trim corner is 10 mm in from the sheet; marks run from 4 to 9 mm outside it (1 mm gap past the bleed, 5 mm long).
    const scale = 4;
    for (const index of [0, doc.countPages() - 1]) {
      const pix = doc.loadPage(index).toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceRGB, false);
      const p = pix.getPixels();
      const inked = (x: number, y: number) => {
        const i = (Math.floor(pt(y) * scale) * pix.getWidth() + Math.floor(pt(x) * scale)) * 3;
        return p[i]! < 200 || p[i + 1]! < 200 || p[i + 2]! < 200;
      };
      const far = 10 + 148 + 3; // the right trim edge plus 3 mm
      expect([inked(3.5, 10), inked(10, 3.5), inked(far + 0.5 + 3, 10), inked(158, 226.5)], `page ${index + 1}`).toEqual([true, true, true, true]);
      // The gap and the slug corner stay white.
      expect([inked(6.5, 10), inked(3.5, 3.5)], `page ${index + 1}`).toEqual([false, false]);
    }
    expect(Buffer.from(bytes).toString('latin1')).toContain('pdfaid:part');
    // In registration colour, 100 % of every ink, so the marks print on each plate.
    expect(inflatedStreams(bytes).filter((c) => /1 1 1 1 SCN/.test(c))).toHaveLength(doc.countPages());
  });
});
