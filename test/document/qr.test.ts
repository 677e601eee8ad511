import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { MIN_MODULE_MM, QUIET_ZONE, formatBits, gridPenalty, qrSymbol } from '../../src/document/qr.js';
import { mm } from '../../src/document/units.js';
import { uriOf } from '../../src/document/uri.js';
import { buildHandbook } from '../../src/index.js';
import { decodeAllQrCodes, expectStandardQuietZones, measureQrQuietZones, openPdf, pageLines } from '../helpers/pdf.js';

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
    // ISO/IEC 18004: a quiet zone of at least 4 modules on every side (the number, not our constant).
    expect(symbol.size).toBeCloseTo(mm(22), 5);
    expect(symbol.module * (symbol.modules + 2 * 4)).toBeCloseTo(symbol.size, 9);
    expect(Math.min(...symbol.rects.filter((_, i) => i % 4 < 2))).toBe(4);
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

  it('gives the library’s modules for long addresses too (symbols over 64 modules a side, scored module by module)', () => {
    for (const [ecc, len] of [['L', 320], ['M', 260], ['Q', 200], ['H', 160]] as const) {
      const url = `https://zwgk.county.example/${'gbds/xzxk-01/'.repeat(30).slice(0, len)}`;
      const ours = qrSymbol(url, 22, ecc);
      const lib = QRCode.create([{ data: Buffer.from(uriOf(url), 'utf8'), mode: 'byte' }], { errorCorrectionLevel: ecc });
      const n = lib.modules.size;
      expect(n, `${ecc} ${len}`).toBeGreaterThan(64);
      expect(ours.modules).toBe(n);
      const dark = new Set<number>();
      for (let k = 0; k < ours.rects.length; k += 4) {
        const [x, y, w] = ours.rects.slice(k, k + 3) as [number, number, number];
        for (let i = 0; i < w; i++) dark.add((y - QUIET_ZONE) * n + x - QUIET_ZONE + i);
      }
      for (let k = 0; k < n * n; k++) if (Boolean(lib.modules.data[k]) !== dark.has(k)) throw new Error(`${ecc}: module ${k} differs from the library's`);
    }
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

/*
 * Issue #17, problem 10: an address with Chinese in it (an IRI) went into the
 * code as raw UTF-8 without an ECI header, which many decoders read as
 * Latin-1 or Shift-JIS. It is now the URI a browser would send: ASCII, so
 * byte mode needs no ECI. The printed caption stays readable.
 */
describe('addresses with Chinese in them', () => {
  const iri = 'https://例子.中国/公开/事项?id=一';
  const uri = new URL(iri).href;

  /** A one-item handbook whose address has Chinese in it. */
  function iriDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-iri-'));
    fs.writeFileSync(
      path.join(dir, 'catalogue.yaml'),
      `title: 测试目录\ndomain: 广播电视\ncategories:\n  - code: xzxk\n    name: 行政许可\n    items:\n      - id: xzxk-01\n        name: 设置卫星电视广播地面接收设施审批\n        content: [主体信息]\n        basis: [《广播电视管理条例》]\n        timeLimit: 信息形成（变更）20个工作日内\n        subject: 县级广播电视行政部门\n        channels: [政府网站]\n        audience: [全社会]\n        method: [主动]\n        levels: [县级]\n        url: ${iri}\n`,
    );
    fs.writeFileSync(path.join(dir, 'handbook.yaml'), 'catalogue: catalogue.yaml\nlocality: { name: 示例县, agency: 示例县文化体育和旅游局 }\nedition: { number: 1, date: 2026-11-01 }\n');
    return dir;
  }

  it('become URIs: punycode host, percent-encoded path and query; ASCII addresses stay as written', () => {
    expect(uriOf(iri)).toBe(uri);
    expect(uri).toBe('https://xn--fsqu00a.xn--fiqs8s/%E5%85%AC%E5%BC%80/%E4%BA%8B%E9%A1%B9?id=%E4%B8%80');
    expect(uriOf('https://zwgk.county.example/gbds/xzxk-01.html')).toBe('https://zwgk.county.example/gbds/xzxk-01.html');
    // WHATWG would add a slash and lower the scheme: codes already printed stay as they are.
    expect(uriOf('HTTPS://zwgk.county.example')).toBe('HTTPS://zwgk.county.example');
    expect(uriOf('https://zwgk.county.example/事项#第一')).toBe('https://zwgk.county.example/%E4%BA%8B%E9%A1%B9#%E7%AC%AC%E4%B8%80');
    expect(uriOf('不是网址')).toBe('不是网址');
  });

  it('are encoded as the URI, in one byte-mode segment of ASCII', () => {
    const ours = qrSymbol(iri, 22, 'M');
    expect(ours.rects).toEqual(qrSymbol(uri, 22, 'M').rects);
    const lib = QRCode.create([{ data: Buffer.from(uri, 'ascii'), mode: 'byte' }], { errorCorrectionLevel: 'M' });
    expect(ours.modules).toBe(lib.modules.size);
  });

  it('decode from the built PDF as the URI, link to it, and are printed readable under the code', async () => {
    const { pdf } = await buildHandbook(path.join(iriDir(), 'handbook.yaml'));
    const doc = openPdf(pdf);
    const codes = await decodeAllQrCodes(doc);
    expect(codes.map((c) => c.data)).toEqual([uri]);
    const page = codes[0]!.page - 1;
    const links = doc.loadPage(page).getLinks().map((l) => l.getURI());
    // The symbol and its caption: every link annotation holds the ASCII URI.
    expect(links.length).toBeGreaterThanOrEqual(2);
    expect(new Set(links)).toEqual(new Set([uri]));
    expect(pageLines(doc, page).map((l) => l.text.replace(/\s+/g, '')).join('')).toContain('例子.中国/公开/事项?id=一');
  });

  it('print with a quiet zone of at least 4 modules, measured on the rendered page', async () => {
    const { pdf } = await buildHandbook(path.join(iriDir(), 'handbook.yaml'));
    const zones = measureQrQuietZones(openPdf(pdf));
    expect(zones).toHaveLength(1);
    expectStandardQuietZones(zones);
  });
});
