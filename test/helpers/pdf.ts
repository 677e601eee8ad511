import { inflateSync } from 'node:zlib';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import * as mupdf from 'mupdf';
import { expect } from 'vitest';

const require = createRequire(import.meta.url);

/** A PDF opened with MuPDF, the way a reader application sees it. */
export function openPdf(bytes: Uint8Array): mupdf.PDFDocument {
  return mupdf.Document.openDocument(bytes, 'application/pdf') as mupdf.PDFDocument;
}

export interface TextLine {
  text: string;
  /** Origin of the first character, in points from the top left of the page. */
  x: number;
  y: number;
  /** Font size of every character on the line (a line may mix sizes). */
  sizes: number[];
  fonts: string[];
  /** Fill colour of the same characters, as mupdf reports it (RGB, 0–1). */
  colors: number[][];
}

/** Every text line of a page, with the exact font and size of its characters. */
export function pageLines(doc: mupdf.Document, index: number): TextLine[] {
  const lines: TextLine[] = [];
  let current: TextLine | undefined;
  doc
    .loadPage(index)
    .toStructuredText('preserve-whitespace')
    .walk({
      beginLine() {
        current = { text: '', x: NaN, y: NaN, sizes: [], fonts: [], colors: [] };
      },
      onChar(c: string, origin: [number, number], font: mupdf.Font, size: number, _quad: unknown, color: number[]) {
        if (!current) return;
        if (current.text === '') [current.x, current.y] = origin;
        current.text += c;
        if (c.trim() !== '') {
          current.sizes.push(size);
          current.fonts.push(font.getName());
          current.colors.push(color);
        }
      },
      endLine() {
        if (current) lines.push(current);
        current = undefined;
      },
    });
  return lines;
}

/** Page texts with all white space removed, which is how Chinese text compares reliably. */
export function compactPageTexts(doc: mupdf.Document): string[] {
  return pageTexts(doc).map((t) => t.replace(/\s+/g, ''));
}

export function pageTexts(doc: mupdf.Document): string[] {
  const out: string[] = [];
  for (let i = 0; i < doc.countPages(); i++) out.push(doc.loadPage(i).toStructuredText('preserve-whitespace').asText());
  return out;
}

export interface FoundQr {
  page: number;
  data: string;
  ecLevel: string;
}

let zxingReady = false;

/**
 * Renders each page at `dpi` with MuPDF and decodes every QR code on it with
 * zxing-cpp (zxing-wasm), which finds all symbols in one image. The WASM
 * binary is loaded from the installed package, never fetched.
 */
export async function decodeAllQrCodes(doc: mupdf.Document, dpi = 150): Promise<FoundQr[]> {
  const found: FoundQr[] = [];
  const scale = dpi / 72;
  for (let i = 0; i < doc.countPages(); i++) {
    const pixmap = doc.loadPage(i).toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceRGB, true);
    const image = { data: new Uint8ClampedArray(pixmap.getPixels()), width: pixmap.getWidth(), height: pixmap.getHeight() };
    for (const r of await decodeQrImage(image)) found.push({ page: i + 1, data: r.data, ecLevel: r.ecLevel });
    pixmap.destroy();
  }
  return found;
}

/** Every valid QR code in an RGBA image, decoded with zxing-cpp (see decodeAllQrCodes), with its symbol version. */
export async function decodeQrImage(image: { data: Uint8ClampedArray; width: number; height: number }): Promise<{ data: string; ecLevel: string; version: string }[]> {
  if (!zxingReady) {
    const wasm = fs.readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
    prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) } });
    zxingReady = true;
  }
  const results = await readBarcodes({ ...image, colorSpace: 'srgb' }, { formats: ['QRCode'], maxNumberOfSymbols: 50, tryHarder: true });
  return results.filter((r) => r.isValid).map((r) => ({ data: r.text, ecLevel: r.ecLevel, version: r.version }));
}

/**
 * The decompressed content of every FlateDecode stream in the file, for
 * looking at page operators (colour operators, paths) as a printer would.
 */
export function inflatedStreams(bytes: Uint8Array): string[] {
  const text = Buffer.from(bytes).toString('latin1');
  const out: string[] = [];
  const re = /<<([^]*?)>>\s*stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (!/\/FlateDecode/.test(m[1]!)) continue;
    try {
      out.push(inflateSync(Buffer.from(text.slice(start, end), 'latin1')).toString('latin1'));
    } catch {
      // Not every stream ends exactly before its newline; the rest still count.
    }
  }
  return out;
}

/** A page box ([x0, y0, x1, y1] in points) as written in the page dictionary. */
export function pageBox(doc: mupdf.PDFDocument, index: number, box: 'MediaBox' | 'TrimBox' | 'BleedBox'): number[] {
  const array = (doc.loadPage(index) as mupdf.PDFPage).getObject().get(box);
  const out: number[] = [];
  for (let i = 0; i < array.length; i++) out.push(array.get(i).asNumber());
  return out;
}

export interface EmbeddedResources {
  /** Font descriptors in the file, one per embedded font (subset) unless a font was copied again. */
  fontDescriptors: number;
  /** Distinct font program streams (FontFile, FontFile2, FontFile3) the descriptors point to. */
  fontPrograms: number;
  /** Image XObjects (soft masks included). */
  images: number;
}

/**
 * Counts every object of the file, referenced or not, so that a resource a
 * tool copied again (or left behind) shows up even where no page uses it.
 */
export function embeddedResources(doc: mupdf.PDFDocument): EmbeddedResources {
  const programs = new Set<number>();
  let fontDescriptors = 0;
  let images = 0;
  const isName = (o: mupdf.PDFObject, name: string) => o.isName() && o.asName() === name;
  for (let i = 1; i < doc.countObjects(); i++) {
    const o = doc.newIndirect(i);
    if (!o.isDictionary()) continue;
    if (isName(o.get('Type'), 'FontDescriptor')) {
      fontDescriptors++;
      for (const key of ['FontFile', 'FontFile2', 'FontFile3']) {
        const program = o.get(key);
        if (program.isIndirect()) programs.add(program.asIndirect());
      }
    }
    if (o.isStream() && isName(o.get('Subtype'), 'Image')) images++;
  }
  return { fontDescriptors, fontPrograms: programs.size, images };
}

export interface QrQuietZone {
  page: number;
  /** The white square the layout draws for the code (its quiet zone included), in points. */
  area: [number, number, number, number];
  /** Side of one module, in points: the symbol's width over its modules. */
  module: number;
  /** Modules across the symbol: 17 + 4·version, the nearest to `across`. */
  modules: number;
  /** The symbol's width over the finder pattern's width / 7. */
  across: number;
  /** White margin between the symbol and the edge of its area, in modules: left, top, right, bottom. */
  margins: [number, number, number, number];
  /** Pixels inside the quiet zone that are not white (anything drawn over it). */
  marked: number;
}

/**
 * Measures each QR code's quiet zone on the rendered page, as a scanner sees
 * it: the code's area is the white square painted under it (found by
 * running the page through a device that records fills), the symbol is
 * the dark pixels inside it at `scale` × 72 dpi, its module size from the
 * top-left finder pattern (ISO/IEC 18004: 7 modules wide) and its width.
 */
export function measureQrQuietZones(doc: mupdf.Document, scale = 8): QrQuietZone[] {
  const out: QrQuietZone[] = [];
  for (let i = 0; i < doc.countPages(); i++) {
    const page = doc.loadPage(i);
    const fills: { box: number[]; white: boolean }[] = [];
    const device = new mupdf.Device({
      fillPath(path, _evenOdd, ctm, colorspace, color) {
        const box = [Infinity, Infinity, -Infinity, -Infinity];
        const point = (x: number, y: number) => {
          const px = ctm[0] * x + ctm[2] * y + ctm[4];
          const py = ctm[1] * x + ctm[3] * y + ctm[5];
          box[0] = Math.min(box[0]!, px);
          box[1] = Math.min(box[1]!, py);
          box[2] = Math.max(box[2]!, px);
          box[3] = Math.max(box[3]!, py);
        };
        path.walk({ moveTo: point, lineTo: point, curveTo: (_a, _b, _c, _d, x, y) => point(x, y) });
        const cmyk = colorspace.getName() === 'DeviceCMYK';
        fills.push({ box, white: cmyk ? color.every((c) => c === 0) : color.every((c) => c === 1) });
      },
    });
    page.run(device, mupdf.Matrix.identity);
    device.close();
    // A code's area: a white square (at least 10 mm) with a dark fill inside it.
    const areas = fills.filter(
      (f, k) =>
        f.white &&
        Math.abs(f.box[2]! - f.box[0]! - (f.box[3]! - f.box[1]!)) < 0.5 &&
        f.box[2]! - f.box[0]! > 28 &&
        fills.some((g, j) => j !== k && !g.white && g.box[0]! >= f.box[0]! && g.box[1]! >= f.box[1]! && g.box[2]! <= f.box[2]! && g.box[3]! <= f.box[3]!),
    );
    if (areas.length === 0) continue;
    const pixmap = page.toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceGray, false);
    const width = pixmap.getWidth();
    const pixels = pixmap.getPixels();
    const [ox, oy] = pixmap.getBounds();
    const at = (x: number, y: number) => pixels[(y - oy!) * width + (x - ox!)]!;
    for (const { box } of areas) {
      // Pixels wholly inside the area.
      const [x0, y0, x1, y1] = [Math.ceil(box[0]! * scale), Math.ceil(box[1]! * scale), Math.floor(box[2]! * scale) - 1, Math.floor(box[3]! * scale) - 1];
      let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
      for (let y = y0; y <= y1; y++) {
        for (let x = x0; x <= x1; x++) {
          if (at(x, y) >= 128) continue;
          left = Math.min(left, x);
          right = Math.max(right, x);
          top = Math.min(top, y);
          bottom = Math.max(bottom, y);
        }
      }
      // The finder's top row: a dark run 7 modules long from the symbol's top-left corner.
      const row = top + 1;
      let run = 0;
      while (left + run <= x1 && at(left + run, row) < 128) run++;
      // Across, the symbol is 17 + 4·version modules: the finder gives the count, the width the module.
      const across = (right - left + 1) / (run / 7);
      const modules = 17 + 4 * Math.max(1, Math.round((across - 17) / 4));
      const module = (right - left + 1) / modules;
      const margin = (px: number) => px / module;
      // Anything not white between the symbol (less one pixel of anti-aliasing) and the area's edge.
      let marked = 0;
      for (let y = y0; y <= y1; y++) {
        for (let x = x0; x <= x1; x++) {
          const inSymbol = x >= left - 1 && x <= right + 1 && y >= top - 1 && y <= bottom + 1;
          if (!inSymbol && at(x, y) < 250) marked++;
        }
      }
      out.push({
        page: i + 1,
        area: box as [number, number, number, number],
        module: module / scale,
        modules,
        across,
        margins: [margin(left - x0), margin(top - y0), margin(x1 - right), margin(y1 - bottom)],
        marked,
      });
    }
    pixmap.destroy();
  }
  return out;
}

/** ISO/IEC 18004's quiet zone: at least 4 modules of white on every side of each symbol, with nothing drawn in it. */
export function expectStandardQuietZones(zones: QrQuietZone[]): void {
  for (const z of zones) {
    const where = `QR code on page ${z.page} at ${z.area.map((v) => v.toFixed(1)).join(',')}`;
    // The measure is sound: the finder pattern and the symbol's width agree on a symbol size.
    expect(Math.abs(z.across - z.modules), `${where}: ${z.across} modules across`).toBeLessThan(0.6);
    // One pixel of the rendering (an eighth of a point) is the tolerance.
    for (const m of z.margins) expect(m, `${where}: quiet zone ${z.margins.map((v) => v.toFixed(2)).join(' ')} modules`).toBeGreaterThan(3.9);
    expect(z.marked, `${where}: pixels drawn in the quiet zone`).toBe(0);
  }
}
