import { createRequire } from 'node:module';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { MIN_MODULE_MM, QUIET_ZONE, formatBits, gridPenalty, qrSymbol } from '../../src/document/qr.js';
import { mm } from '../../src/document/units.js';

describe('qrSymbol', () => {
  const url = 'https://zwgk.county.example/gbds/xzxk-01.html';
  const symbol = qrSymbol(url, 22, 'M');

  it('is one path whose rectangles cover exactly the dark modules', () => {
    const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
    const dark = new Set<string>();
    for (let i = 0; i < symbol.rects.length; i += 4) {
      const [x0, y, w, h] = symbol.rects.slice(i, i + 4) as [number, number, number, number];
      expect(h).toBe(1);
      for (let x = x0; x < x0 + w; x++) dark.add(`${x - QUIET_ZONE},${y - QUIET_ZONE}`);
    }
    let expected = 0;
    for (let y = 0; y < qr.modules.size; y++) {
      for (let x = 0; x < qr.modules.size; x++) {
        if (qr.modules.data[y * qr.modules.size + x]) {
          expected++;
          expect(dark.has(`${x},${y}`), `${x},${y}`).toBe(true);
        }
      }
    }
    expect(dark.size).toBe(expected);
  });

  it('includes a 4-module quiet zone and is at least the asked size', () => {
    expect(symbol.size).toBeCloseTo(mm(22), 5);
    expect(symbol.module * (symbol.modules + 2 * QUIET_ZONE)).toBeCloseTo(symbol.size, 9);
    expect(Math.min(...symbol.rects.filter((_, i) => i % 4 < 2))).toBe(QUIET_ZONE);
  });

  it('grows rather than print modules below 0.4 mm', () => {
    const long = qrSymbol(`https://zwgk.county.example/${'x'.repeat(200)}`, 20, 'M');
    expect(long.module).toBeGreaterThanOrEqual(mm(MIN_MODULE_MM) - 1e-9);
    expect(long.size).toBeGreaterThan(mm(20));
  });
});

describe('mask choice', () => {
  it('gives the modules the qrcode library chooses itself, for every level and many lengths', () => {
    const levels = ['L', 'M', 'Q', 'H'] as const;
    let checked = 0;
    for (const ecc of levels) {
      for (let len = 1; len <= 140; len += 3) {
        const url = `https://zwgk.county.example/${'gbds/xzxk-'.repeat(8).slice(0, len)}${len}.html`;
        const ours = qrSymbol(url, 22, ecc);
        const lib = QRCode.create([{ data: Buffer.from(url, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: ecc });
        const n = lib.modules.size;
        const rects: number[] = [];
        for (let y = 0; y < n; y++) {
          for (let x = 0; x < n; ) {
            if (!lib.modules.data[y * n + x]) {
              x++;
              continue;
            }
            const start = x;
            while (x < n && lib.modules.data[y * n + x]) x++;
            rects.push(start + QUIET_ZONE, y + QUIET_ZONE, x - start, 1);
          }
        }
        expect(ours.rects, `${ecc} ${url}`).toEqual(rects);
        checked++;
      }
    }
    expect(checked).toBe(4 * 47);
  });

  it('scores a grid as the library does (N1–N4), on random grids of every size and on real symbols', () => {
    const penalties = createRequire(import.meta.url)('qrcode/lib/core/mask-pattern.js') as Record<string, (m: unknown) => number>;
    const libraryScore = (data: Uint8Array, size: number) => {
      const matrix = { size, data, get: (r: number, c: number) => data[r * size + c] };
      return penalties.getPenaltyN1!(matrix) + penalties.getPenaltyN2!(matrix) + penalties.getPenaltyN3!(matrix) + penalties.getPenaltyN4!(matrix);
    };
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);
    for (let n = 21; n <= 101; n += 2) {
      for (let t = 0; t < 6; t++) {
        // Sparse, dense and even grids: long runs, finder-like patterns and blocks all occur.
        const density = [0.1, 0.5, 0.9][t % 3]!;
        const grid = Uint8Array.from({ length: n * n }, () => (next() < density ? 1 : 0));
        const expected = libraryScore(grid, n);
        // Lines of bits up to 64 modules a side, module by module beyond (and for any size on request).
        expect(gridPenalty(grid, n), `n ${n} density ${density}`).toBe(expected);
        expect(gridPenalty(grid, n, true), `n ${n} density ${density}, by module`).toBe(expected);
      }
    }
    for (const url of ['https://zwgk.county.example/gbds/c0-12.html', 'x'.repeat(300)]) {
      const lib = QRCode.create(url, { errorCorrectionLevel: 'M' });
      expect(gridPenalty(lib.modules.data, lib.modules.size)).toBe(libraryScore(lib.modules.data, lib.modules.size));
    }
  });

  it('computes the format bits of ISO/IEC 18004 annex C', async () => {
    const formatInfo = createRequire(import.meta.url)('qrcode/lib/core/format-info.js') as { getEncodedBits(ecl: { bit: number }, mask: number): number };
    for (let ecc = 0; ecc < 4; ecc++) for (let mask = 0; mask < 8; mask++) expect(formatBits(ecc, mask)).toBe(formatInfo.getEncodedBits({ bit: ecc }, mask));
    expect(formatBits(1, 0)).toBe(0b111011111000100); // L, mask 0: the standard's own example
  });
});
