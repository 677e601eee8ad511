/**
 * ISO/IEC 18004 7.8.3 mask penalties (N1 + N2 + N3 + N4, as the qrcode
 * library counts them) for symbols up to 64 modules a side (versions 1–11),
 * computed on whole rows and columns at a time: each line is two 32-bit
 * words, `lo` for modules 0–31 and `hi` for 32–63, bit j for module j.
 *
 * A cold build runs this code before V8 has optimized it, where the number
 * of operations is what counts: 8 masks per symbol, and a module-by-module
 * pass is ~15 operations per module; here a line of up to 64 modules is
 * about 120.
 */

/** Set bits of every 16-bit number, for popcounts without a call; made on first use (not for `--version`). */
let POP16: Uint8Array | undefined;
function pop16(): Uint8Array {
  if (!POP16) {
    const t = new Uint8Array(65536);
    for (let i = 1; i < 65536; i++) t[i] = t[i >> 1]! + (i & 1);
    POP16 = t;
  }
  return POP16;
}

/** Word pairs for the line shifted by k = 0…10 modules towards its start. */
const SHIFT_LO = new Int32Array(11);
const SHIFT_HI = new Int32Array(11);

// N3's 1:1:3:1:1 patterns with four light modules on one side, module by module from the start,
// as the word to XOR a line with so that matching modules read 1: 0 where dark, −1 where light.
const FINDER_THEN_LIGHT = [0, -1, 0, 0, 0, -1, 0, -1, -1, -1, -1];
const LIGHT_THEN_FINDER = [-1, -1, -1, -1, 0, -1, 0, 0, 0, -1, 0];

/** Words with bits 0…count−1 set (count in 0…64). */
const lowWord = (count: number) => (count >= 32 ? -1 : count <= 0 ? 0 : (1 << count) - 1);
const highWord = (count: number) => (count >= 64 ? -1 : count <= 32 ? 0 : (1 << (count - 32)) - 1);

export const MAX_BIT_SYMBOL = 64;

/**
 * The penalty of a symbol given as its rows and its columns (n ≤ 64).
 * N1: a run of L ≥ 5 modules of one colour scores L − 2: it has L − 4 starts
 * of five equal modules, one of which begins the run. N2: 3 per 2×2 block of
 * one colour. N3: 40 per pattern. N4: 10 per 5 % the dark share is from half.
 */
export function linesPenalty(rowLo: Int32Array, rowHi: Int32Array, colLo: Int32Array, colHi: Int32Array, n: number): number {
  const P = pop16();
  const sLo = SHIFT_LO;
  const sHi = SHIFT_HI;
  const pairsLo = lowWord(n - 1);
  const pairsHi = highWord(n - 1);
  const startsLo = lowWord(n - 10);
  const startsHi = highWord(n - 10);
  let points = 0;
  let dark = 0;
  let aboveLo = 0;
  let aboveHi = 0;
  for (let pass = 0; pass < 2; pass++) {
    const LO = pass === 0 ? rowLo : colLo;
    const HI = pass === 0 ? rowHi : colHi;
    for (let i = 0; i < n; i++) {
      const lo = LO[i]!;
      const hi = HI[i]!;
      sLo[0] = lo;
      sHi[0] = hi;
      for (let k = 1; k <= 10; k++) {
        sLo[k] = (lo >>> k) | (hi << (32 - k));
        sHi[k] = hi >>> k;
      }
      // N1. e: module j equals module j + 1; w: modules j … j + 4 all equal.
      const eLo = ~(lo ^ sLo[1]!) & pairsLo;
      const eHi = ~(hi ^ sHi[1]!) & pairsHi;
      const wLo = eLo & ((eLo >>> 1) | (eHi << 31)) & ((eLo >>> 2) | (eHi << 30)) & ((eLo >>> 3) | (eHi << 29));
      const wHi = eHi & (eHi >>> 1) & (eHi >>> 2) & (eHi >>> 3);
      const firstLo = wLo & ~(wLo << 1);
      const firstHi = wHi & ~((wHi << 1) | (wLo >>> 31));
      points +=
        P[wLo & 0xffff]! + P[wLo >>> 16]! + P[wHi & 0xffff]! + P[wHi >>> 16]! +
        2 * (P[firstLo & 0xffff]! + P[firstLo >>> 16]! + P[firstHi & 0xffff]! + P[firstHi >>> 16]!);
      // N3.
      let aLo = startsLo;
      let aHi = startsHi;
      let bLo = startsLo;
      let bHi = startsHi;
      for (let k = 0; k <= 10; k++) {
        // XOR with the pattern's flip (0 for dark, −1 for light) leaves a 1 where the module matches.
        const fa = FINDER_THEN_LIGHT[k]!;
        const fb = LIGHT_THEN_FINDER[k]!;
        aLo &= sLo[k]! ^ fa;
        aHi &= sHi[k]! ^ fa;
        bLo &= sLo[k]! ^ fb;
        bHi &= sHi[k]! ^ fb;
      }
      points += 40 * (P[aLo & 0xffff]! + P[aLo >>> 16]! + P[aHi & 0xffff]! + P[aHi >>> 16]! + P[bLo & 0xffff]! + P[bLo >>> 16]! + P[bHi & 0xffff]! + P[bHi >>> 16]!);
      if (pass === 0) {
        // N2, with the row above; N4's dark modules.
        if (i > 0) {
          const blockLo = ~(lo ^ LO[i - 1]!) & eLo & aboveLo;
          const blockHi = ~(hi ^ HI[i - 1]!) & eHi & aboveHi;
          points += 3 * (P[blockLo & 0xffff]! + P[blockLo >>> 16]! + P[blockHi & 0xffff]! + P[blockHi >>> 16]!);
        }
        aboveLo = eLo;
        aboveHi = eHi;
        dark += P[lo & 0xffff]! + P[lo >>> 16]! + P[hi & 0xffff]! + P[hi >>> 16]!;
      }
    }
  }
  return points + Math.abs(Math.ceil((dark * 100) / (n * n) / 5) - 10) * 10;
}

/** A symbol's rows and columns as word pairs (n ≤ 64). */
export interface Lines {
  rowLo: Int32Array;
  rowHi: Int32Array;
  colLo: Int32Array;
  colHi: Int32Array;
}

/** Sets (or clears) the module at row i, column j in both its row and its column. */
export function setModule(lines: Lines, i: number, j: number, on: boolean): void {
  const row = j < 32 ? lines.rowLo : lines.rowHi;
  const col = i < 32 ? lines.colLo : lines.colHi;
  const rowBit = 1 << (j & 31);
  const colBit = 1 << (i & 31);
  if (on) {
    row[i]! |= rowBit;
    col[j]! |= colBit;
  } else {
    row[i]! &= ~rowBit;
    col[j]! &= ~colBit;
  }
}

/** A grid's rows and columns as word pairs (n ≤ 64). */
export function linesOf(grid: Uint8Array, n: number): Lines {
  const rowLo = new Int32Array(n);
  const rowHi = new Int32Array(n);
  const colLo = new Int32Array(n);
  const colHi = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) {
      if (!grid[row + j]) continue;
      if (j < 32) rowLo[i]! |= 1 << j;
      else rowHi[i]! |= 1 << (j - 32);
      if (i < 32) colLo[j]! |= 1 << i;
      else colHi[j]! |= 1 << (i - 32);
    }
  }
  return { rowLo, rowHi, colLo, colHi };
}
