// The library's encoder alone: its main module also loads the PNG, SVG and
// terminal renderers (and pngjs), which a PDF never uses.
import { create as createQr } from 'qrcode/lib/core/qrcode.js';
import { mm } from './units.js';
import { MAX_BIT_SYMBOL, linesOf, linesPenalty, setModule } from './qr-penalty.js';
import type { Lines } from './qr-penalty.js';
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
  // Encoded with mask 0, then the mask chosen here (see bestMasked).
  const qr = createQr([{ data: Buffer.from(uriOf(url), 'utf8'), mode: 'byte' }], { errorCorrectionLevel: ecc, maskPattern: 0 });
  const n = qr.modules.size;
  const data = bestMasked(qr.modules.data, qr.modules.reservedBit, n, qr.errorCorrectionLevel.bit);
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

/** Per symbol size: the modules the format bits go in, as [row, column] pairs (see formatModules). */
const formatCache = new Map<number, number[]>();

/**
 * Where the qrcode library puts the format bits: bit i (= pair index / 2)
 * in both copies, pair by pair, then the dark module, which is always set.
 */
function formatModules(n: number): number[] {
  let at = formatCache.get(n);
  if (!at) {
    at = [];
    for (let i = 0; i < 15; i++) {
      at.push(i < 6 ? i : i < 8 ? i + 1 : n - 15 + i, 8);
      at.push(8, i < 8 ? n - i - 1 : i < 9 ? 15 - i : 14 - i);
    }
    at.push(n - 8, 8);
    formatCache.set(n, at);
  }
  return at;
}

/** Whether format module `f` (an index into formatModules' pairs) is dark under these format bits. */
const formatModuleOn = (bits: number, f: number) => f >= 60 || ((bits >> (f >> 2)) & 1) === 1;

/** Writes the format bits where the qrcode library puts them (both copies, and the dark module). */
function putFormat(grid: Uint8Array, n: number, bits: number): void {
  const at = formatModules(n);
  for (let f = 0; f < at.length; f += 2) grid[at[f]! * n + at[f + 1]!] = formatModuleOn(bits, f) ? 1 : 0;
}

/** Per symbol size: each mask pattern as XOR bits, zero on reserved modules (the same for every symbol of a version). */
const maskCache = new Map<number, Uint8Array[]>();

function masksFor(n: number, reserved: Uint8Array): Uint8Array[] {
  let masks = maskCache.get(n);
  if (!masks) {
    masks = [];
    for (let p = 0; p < 8; p++) {
      const m = new Uint8Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (!reserved[i * n + j] && maskAt(p, i, j)) m[i * n + j] = 1;
      masks.push(m);
    }
    maskCache.set(n, masks);
  }
  return masks;
}

/**
 * The symbol under the mask with the lowest penalty, as the qrcode library
 * chooses it (same penalties N1–N4, same order, first lowest wins), so the
 * modules are the library's own. Its search applies and undoes each mask
 * through method calls per module and was most of the encoding time; here
 * each candidate is one XOR and one row-major pass over a flat array.
 */
function bestMasked(masked0: Uint8Array, reserved: Uint8Array, n: number, eccBits: number): Uint8Array {
  const masks = masksFor(n, reserved);
  const size = n * n;
  const grid = new Uint8Array(size);
  const mask0 = masks[0]!;
  // Undo mask 0 and apply mask p in one pass.
  const apply = (p: number) => {
    const mask = masks[p]!;
    for (let k = 0; k < size; k++) grid[k] = masked0[k]! ^ mask0[k]! ^ mask[k]!;
    putFormat(grid, n, formatBits(eccBits, p));
  };
  let best = 0;
  if (n <= MAX_BIT_SYMBOL) {
    best = bestMaskByLines(masked0, n, eccBits, masks);
  } else {
    const columns = { run: new Int32Array(n), last: new Int8Array(n), bits: new Int32Array(n) };
    let lowest = Infinity;
    for (let p = 0; p < 8; p++) {
      apply(p);
      const score = penalty(grid, n, columns);
      if (score < lowest) {
        lowest = score;
        best = p;
      }
    }
  }
  apply(best);
  return grid;
}

/** Per symbol size: each mask pattern's rows and columns as word pairs (see qr-penalty.ts). */
const maskLinesCache = new Map<number, Lines[]>();

/**
 * The mask bestMasked chooses, for symbols up to 64 modules a side: the
 * unmasked symbol becomes rows and columns of bits once, and each mask is
 * an XOR of those with the mask's, plus its format bits, scored line by line.
 */
function bestMaskByLines(masked0: Uint8Array, n: number, eccBits: number, masks: Uint8Array[]): number {
  let maskLines = maskLinesCache.get(n);
  if (!maskLines) {
    maskLines = masks.map((m) => linesOf(m, n));
    maskLinesCache.set(n, maskLines);
  }
  // Mask 0 undone, and the format modules cleared: each mask sets its own.
  const unmasked = linesOf(masked0, n);
  const first = maskLines[0]!;
  for (let i = 0; i < n; i++) {
    unmasked.rowLo[i]! ^= first.rowLo[i]!;
    unmasked.rowHi[i]! ^= first.rowHi[i]!;
    unmasked.colLo[i]! ^= first.colLo[i]!;
    unmasked.colHi[i]! ^= first.colHi[i]!;
  }
  const format = formatModules(n);
  for (let f = 0; f < format.length; f += 2) setModule(unmasked, format[f]!, format[f + 1]!, false);
  const lines: Lines = { rowLo: new Int32Array(n), rowHi: new Int32Array(n), colLo: new Int32Array(n), colHi: new Int32Array(n) };
  const { rowLo, rowHi, colLo, colHi } = lines;
  let best = 0;
  let lowest = Infinity;
  for (let p = 0; p < 8; p++) {
    const mask = maskLines[p]!;
    for (let i = 0; i < n; i++) {
      rowLo[i] = unmasked.rowLo[i]! ^ mask.rowLo[i]!;
      rowHi[i] = unmasked.rowHi[i]! ^ mask.rowHi[i]!;
      colLo[i] = unmasked.colLo[i]! ^ mask.colLo[i]!;
      colHi[i] = unmasked.colHi[i]! ^ mask.colHi[i]!;
    }
    const bits = formatBits(eccBits, p);
    for (let f = 0; f < format.length; f += 2) if (formatModuleOn(bits, f)) setModule(lines, format[f]!, format[f + 1]!, true);
    const score = linesPenalty(rowLo, rowHi, colLo, colHi, n);
    if (score < lowest) {
      lowest = score;
      best = p;
    }
  }
  return best;
}

/** The penalty of a whole grid (n × n modules, 0 or 1), for tests against the library's own: by lines up to 64 modules, else module by module. */
export function gridPenalty(grid: Uint8Array, n: number, byModule = n > MAX_BIT_SYMBOL): number {
  if (!byModule) {
    const { rowLo, rowHi, colLo, colHi } = linesOf(grid, n);
    return linesPenalty(rowLo, rowHi, colLo, colHi, n);
  }
  return penalty(grid, n, { run: new Int32Array(n), last: new Int8Array(n), bits: new Int32Array(n) });
}

/**
 * ISO/IEC 18004 7.8.3 penalties N1 + N2 + N3 + N4, computed as the qrcode
 * library does, in one row-major pass: columns keep their runs and bit
 * windows in `columns` as the rows go by.
 */
function penalty(g: Uint8Array, n: number, columns: { run: Int32Array; last: Int8Array; bits: Int32Array }): number {
  const { run: colRun, last: colLast, bits: colBits } = columns;
  colRun.fill(0);
  colLast.fill(-1);
  colBits.fill(0);
  let points = 0;
  let dark = 0;
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let run = 0;
    let last = -1;
    let bits = 0;
    for (let j = 0; j < n; j++) {
      const v = g[row + j]!;
      dark += v;
      // N1: runs of five or more (3 points, +1 for each module more), in the row…
      if (v === last) run++;
      else {
        if (run >= 5) points += run - 2;
        last = v;
        run = 1;
      }
      // …and in column j.
      if (v === colLast[j]) colRun[j]!++;
      else {
        if (colRun[j]! >= 5) points += colRun[j]! - 2;
        colLast[j] = v;
        colRun[j] = 1;
      }
      // N3: 1:1:3:1:1 finder-like patterns with four light modules on one side.
      bits = ((bits << 1) & 0x7ff) | v;
      if (j >= 10 && (bits === 0x5d0 || bits === 0x05d)) points += 40;
      const cb = ((colBits[j]! << 1) & 0x7ff) | v;
      colBits[j] = cb;
      if (i >= 10 && (cb === 0x5d0 || cb === 0x05d)) points += 40;
      // N2: 2×2 blocks of one colour.
      if (i > 0 && j > 0) {
        const sum = v + g[row + j - 1]! + g[row - n + j]! + g[row - n + j - 1]!;
        if (sum === 0 || sum === 4) points += 3;
      }
    }
    if (run >= 5) points += run - 2;
  }
  for (let j = 0; j < n; j++) if (colRun[j]! >= 5) points += colRun[j]! - 2;
  // N4: how far the share of dark modules is from half.
  return points + Math.abs(Math.ceil((dark * 100) / (n * n) / 5) - 10) * 10;
}
