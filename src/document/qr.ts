import QRCode from 'qrcode';
import { mm } from './units.js';
import type { Cmyk } from '../layout/theme.js';

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
   * One SVG path covering every dark module, in module units (origin: the
   * top-left of the quiet zone), drawn scaled by `module`. Whole numbers keep
   * the path short to write and to parse.
   */
  path: string;
}

/**
 * Encodes a URL as a QR symbol drawn as a single vector path: each row's
 * runs of dark modules become one rectangle, so the page holds one fill
 * operation per code rather than one per module.
 */
export function qrSymbol(url: string, sizeMm: number, ecc: 'L' | 'M' | 'Q' | 'H'): QrSymbol {
  const qr = QRCode.create(url, { errorCorrectionLevel: ecc });
  const n = qr.modules.size;
  const data = qr.modules.data;
  const total = n + 2 * QUIET_ZONE;
  // Grow rather than print modules too small to scan.
  const size = Math.max(mm(sizeMm), mm(MIN_MODULE_MM) * total);
  // Joined once: growing one string rune by rune leaves a long chain of string pieces in memory.
  const rects: string[] = [];
  for (let y = 0; y < n; y++) {
    let x = 0;
    while (x < n) {
      if (!data[y * n + x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < n && data[y * n + x]) x++;
      rects.push(`M${start + QUIET_ZONE} ${y + QUIET_ZONE}h${x - start}v1h${start - x}z`);
    }
  }
  return { modules: n, version: qr.version, size, module: size / total, path: rects.join('') };
}

/** The pdfmake canvas for a symbol: a white quiet zone and the dark path, both in CMYK. */
export function qrCanvas(symbol: QrSymbol, dark: Cmyk): Record<string, unknown> {
  return {
    canvas: [
      { type: 'rect', x: 0, y: 0, w: symbol.size, h: symbol.size, color: [0, 0, 0, 0] },
      // `scale` is ours (patches/pdfmake): the path is drawn in module units.
      { type: 'path', d: symbol.path, scale: symbol.module, color: dark },
    ],
    width: symbol.size,
    height: symbol.size,
  };
}
