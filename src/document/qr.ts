// The library's encoder alone: its main module also loads the PNG, SVG and
// terminal renderers (and pngjs), which a PDF never uses.
import { create as createQr } from 'qrcode/lib/core/qrcode.js';
import { mm } from './units.js';
import type { Cmyk } from '../layout/theme.js';
import { uriOf } from './uri.js';

/** Quiet zone around the symbol, in modules (ISO/IEC 18004 asks for 4). */
export const QUIET_ZONE = 4;
/** Smallest module a phone camera reads reliably from print (SPEC: ≥ 0.4 mm). */
export const MIN_MODULE_MM = 0.4;

export interface QrSymbol {
  /** Modules per side, without the quiet zone. */
  modules: number;
  version: number;
  /** Side of the whole symbol including the quiet zone, in points. */
  size: number;
  /** Side of one module, in points. */
  module: number;
  /**
   * The dark modules as rectangles [x, y, width, height, ...] in module units
   * (origin: the top-left of the quiet zone), drawn scaled by `module`: each
   * row's runs of dark modules make one rectangle. Whole numbers keep the
   * page content short.
   */
  rects: number[];
}

/**
 * Encodes a URL as a QR symbol drawn as one vector path of rectangles, so
 * the page holds one fill operation per code rather than one per module.
 * An address with Chinese in it is encoded as its ASCII URI (see uriOf).
 */
export function qrSymbol(url: string, sizeMm: number, ecc: 'L' | 'M' | 'Q' | 'H'): QrSymbol {
  // One byte-mode segment: URLs are byte data anyway, and the library's search
  // for the best mix of modes cost more than the rest of the encoding. The
  // bytes are ASCII, so no ECI header is needed to say how to read them.
  // The library chooses the mask (lowest ISO/IEC 18004 penalty).
  const qr = createQr([{ data: Buffer.from(uriOf(url), 'utf8'), mode: 'byte' }], { errorCorrectionLevel: ecc });
  const n = qr.modules.size;
  const data = qr.modules.data;
  const total = n + 2 * QUIET_ZONE;
  // Grow rather than print modules too small to scan.
  const size = Math.max(mm(sizeMm), mm(MIN_MODULE_MM) * total);
  const rects: number[] = [];
  for (let y = 0; y < n; y++) {
    let x = 0;
    while (x < n) {
      if (!data[y * n + x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < n && data[y * n + x]) x++;
      rects.push(start + QUIET_ZONE, y + QUIET_ZONE, x - start, 1);
    }
  }
  return { modules: n, version: qr.version, size, module: size / total, rects };
}

/** The pdfmake canvas for a symbol: a white quiet zone and the dark path, both in CMYK. */
export function qrCanvas(symbol: QrSymbol, dark: Cmyk, link?: string): Record<string, unknown> {
  return {
    canvas: [
      // `link` on a rect is ours (patches/pdfmake): an annotation over the symbol, quiet zone included.
      { type: 'rect', x: 0, y: 0, w: symbol.size, h: symbol.size, color: [0, 0, 0, 0], ...(link && { link }) },
      // `rects` and `scale` are ours (patches/pdfmake): one fill of rectangles in module units.
      { type: 'path', rects: symbol.rects, scale: symbol.module, color: dark },
    ],
    width: symbol.size,
    height: symbol.size,
  };
}
