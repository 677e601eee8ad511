import { inflateSync } from 'node:zlib';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import * as mupdf from 'mupdf';

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
  if (!zxingReady) {
    const wasm = fs.readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
    prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) } });
    zxingReady = true;
  }
  const found: FoundQr[] = [];
  const scale = dpi / 72;
  for (let i = 0; i < doc.countPages(); i++) {
    const pixmap = doc.loadPage(i).toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceRGB, true);
    const image = { data: new Uint8ClampedArray(pixmap.getPixels()), width: pixmap.getWidth(), height: pixmap.getHeight(), colorSpace: 'srgb' as const };
    const results = await readBarcodes(image, { formats: ['QRCode'], maxNumberOfSymbols: 50, tryHarder: true });
    for (const r of results) if (r.isValid) found.push({ page: i + 1, data: r.text, ecLevel: r.ecLevel });
    pixmap.destroy();
  }
  return found;
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
