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
 */
export function qrSymbol(url: string, sizeMm: number, ecc: 'L' | 'M' | 'Q' | 'H'): QrSymbol {
  // One byte-mode segment: URLs are byte data anyway, and the library's search
  // for the best mix of modes cost more than the rest of the encoding.
  // Encoded with mask 0, then the mask chosen here (see bestMasked).
  const qr = QRCode.create([{ data: Buffer.from(url, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: ecc, maskPattern: 0 });
  const n = qr.modules.size;
  const data = bestMasked(qr.modules.data, qr.modules.reservedBit, n, ECC_BITS[ecc]);
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
export function qrCanvas(symbol: QrSymbol, dark: Cmyk): Record<string, unknown> {
  return {
    canvas: [
      { type: 'rect', x: 0, y: 0, w: symbol.size, h: symbol.size, color: [0, 0, 0, 0] },
      // `rects` and `scale` are ours (patches/pdfmake): one fill of rectangles in module units.
      { type: 'path', rects: symbol.rects, scale: symbol.module, color: dark },
    ],
    width: symbol.size,
    height: symbol.size,
  };
}

/** The format information's two error-correction-level bits (ISO/IEC 18004, table 12). */
const ECC_BITS = { L: 1, M: 0, Q: 3, H: 2 } as const;

/** Whether mask pattern `p` inverts the module at row i, column j (ISO/IEC 18004, table 10). */
function maskAt(p: number, i: number, j: number): boolean {
  switch (p) {
    case 0: return (i + j) % 2 === 0;
    case 1: return i % 2 === 0;
    case 2: return j % 3 === 0;
    case 3: return (i + j) % 3 === 0;
    case 4: return (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0;
    case 5: return ((i * j) % 2) + ((i * j) % 3) === 0;
    case 6: return (((i * j) % 2) + ((i * j) % 3)) % 2 === 0;
    default: return (((i * j) % 3) + ((i + j) % 2)) % 2 === 0;
  }
}

/** The 15 format bits for an error correction level and a mask: BCH(15, 5), then XOR 0x5412. */
export function formatBits(eccBits: number, mask: number): number {
  const data = (eccBits << 3) | mask;
  let d = data << 10;
  for (let shift = 4; shift >= 0; shift--) if (d & (1 << (shift + 10))) d ^= 0x537 << shift;
  return ((data << 10) | d) ^ 0x5412;
}

/** Writes the format bits where the qrcode library puts them (both copies, and the dark module). */
function putFormat(grid: Uint8Array, n: number, bits: number): void {
  for (let i = 0; i < 15; i++) {
    const mod = (bits >> i) & 1;
    grid[(i < 6 ? i : i < 8 ? i + 1 : n - 15 + i) * n + 8] = mod;
    grid[8 * n + (i < 8 ? n - i - 1 : i < 9 ? 15 - i : 14 - i)] = mod;
  }
  grid[(n - 8) * n + 8] = 1;
}

/**
 * The symbol under the mask with the lowest penalty, as the qrcode library
 * chooses it (same penalties N1–N4, same order, first lowest wins), so the
 * modules are the library's own. Its search applies and undoes each mask
 * through method calls per module and was most of the encoding time; here
 * each candidate is one pass over a flat array.
 */
function bestMasked(masked0: Uint8Array, reserved: Uint8Array, n: number, eccBits: number): Uint8Array {
  const base = Uint8Array.from(masked0);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (!reserved[i * n + j] && maskAt(0, i, j)) base[i * n + j]! ^= 1;
  const grid = new Uint8Array(n * n);
  const apply = (p: number) => {
    grid.set(base);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (!reserved[i * n + j] && maskAt(p, i, j)) grid[i * n + j]! ^= 1;
    putFormat(grid, n, formatBits(eccBits, p));
  };
  let best = 0;
  let lowest = Infinity;
  for (let p = 0; p < 8; p++) {
    apply(p);
    const score = penalty(grid, n);
    if (score < lowest) {
      lowest = score;
      best = p;
    }
  }
  apply(best);
  return grid;
}

/** ISO/IEC 18004 7.8.3 penalties N1 + N2 + N3 + N4, computed as the qrcode library does. */
function penalty(g: Uint8Array, n: number): number {
  let points = 0;
  for (let a = 0; a < n; a++) {
    // N1 (runs of five or more) and N3 (1:1:3:1:1 finder-like patterns) along row a and column a.
    let runRow = 0;
    let runCol = 0;
    let lastRow = -1;
    let lastCol = -1;
    let bitsRow = 0;
    let bitsCol = 0;
    for (let b = 0; b < n; b++) {
      const r = g[a * n + b]!;
      const c = g[b * n + a]!;
      if (r === lastRow) runRow++;
      else {
        if (runRow >= 5) points += 3 + runRow - 5;
        lastRow = r;
        runRow = 1;
      }
      if (c === lastCol) runCol++;
      else {
        if (runCol >= 5) points += 3 + runCol - 5;
        lastCol = c;
        runCol = 1;
      }
      bitsRow = ((bitsRow << 1) & 0x7ff) | r;
      bitsCol = ((bitsCol << 1) & 0x7ff) | c;
      if (b >= 10) {
        if (bitsRow === 0x5d0 || bitsRow === 0x05d) points += 40;
        if (bitsCol === 0x5d0 || bitsCol === 0x05d) points += 40;
      }
    }
    if (runRow >= 5) points += 3 + runRow - 5;
    if (runCol >= 5) points += 3 + runCol - 5;
  }
  // N2: 2×2 blocks of one colour.
  for (let i = 0; i < n - 1; i++) {
    for (let j = 0; j < n - 1; j++) {
      const sum = g[i * n + j]! + g[i * n + j + 1]! + g[(i + 1) * n + j]! + g[(i + 1) * n + j + 1]!;
      if (sum === 0 || sum === 4) points += 3;
    }
  }
  // N4: how far the share of dark modules is from half.
  let dark = 0;
  for (let i = 0; i < n * n; i++) dark += g[i]!;
  return points + Math.abs(Math.ceil((dark * 100) / (n * n) / 5) - 10) * 10;
}
