import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { MIN_MODULE_MM, QUIET_ZONE, qrSymbol } from '../../src/document/qr.js';
import { mm } from '../../src/document/units.js';
import { uriOf } from '../../src/document/uri.js';
import { buildHandbook } from '../../src/index.js';
import { decodeAllQrCodes, decodeQrImage, expectStandardQuietZones, measureQrQuietZones, openPdf, pageLines } from '../helpers/pdf.js';

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

/** The dark modules of a library-made symbol as qrSymbol's rectangles: each row's runs, offset by the quiet zone. */
function rectsOf(modules: { size: number; data: Uint8Array }): number[] {
  const n = modules.size;
  const rects: number[] = [];
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; ) {
      if (!modules.data[y * n + x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < n && modules.data[y * n + x]) x++;
      rects.push(start + QUIET_ZONE, y + QUIET_ZONE, x - start, 1);
    }
  }
  return rects;
}

/** A symbol drawn as a phone camera would see it printed: 4 pixels a module, white quiet zone, black rectangles. */
function pixelsOf(symbol: ReturnType<typeof qrSymbol>) {
  const px = 4;
  const side = (symbol.modules + 2 * QUIET_ZONE) * px;
  const data = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let k = 0; k < symbol.rects.length; k += 4) {
    const [x0, y0, w, h] = symbol.rects.slice(k, k + 4) as [number, number, number, number];
    for (let y = y0 * px; y < (y0 + h) * px; y++) data.fill(0, (y * side + x0 * px) * 4, (y * side + (x0 + w) * px) * 4);
  }
  // Opaque: the fill above blackened the alpha channel too.
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return { data, width: side, height: side };
}

describe('encoding', () => {
  it('decodes to its address, at the asked error correction level, for every level and short to long addresses', async () => {
    for (const ecc of ['L', 'M', 'Q', 'H'] as const) {
      for (const len of [1, 40, 120, 300]) {
        const url = `https://zwgk.county.example/${'gbds/xzxk-01/'.repeat(30).slice(0, len)}`;
        const symbol = qrSymbol(url, 22, ecc);
        const decoded = await decodeQrImage(pixelsOf(symbol));
        expect(decoded, `${ecc} ${len}`).toEqual([{ data: url, ecLevel: ecc, version: String(symbol.version) }]);
        expect(symbol.modules).toBe(17 + 4 * symbol.version);
      }
    }
  });

  it('is one byte-mode segment of the URI, with the mask the qrcode library chooses', () => {
    for (const ecc of ['L', 'M', 'Q', 'H'] as const) {
      for (const url of ['https://zwgk.county.example/gbds/xzxk-01.html', `https://例子.中国/${'公开/'.repeat(9)}`]) {
        const lib = QRCode.create([{ data: Buffer.from(uriOf(url), 'ascii'), mode: 'byte' }], { errorCorrectionLevel: ecc });
        expect(qrSymbol(url, 22, ecc).rects, `${ecc} ${url}`).toEqual(rectsOf(lib.modules));
      }
    }
    // Upper-case letters and digits alone would fit the smaller alphanumeric mode, which the library picks on its own.
    const upper = 'HTTPS://ZWGK.COUNTY.EXAMPLE/GBDS/XZXK-0123456789';
    expect(qrSymbol(upper, 22, 'M').modules).toBeGreaterThan(QRCode.create(upper, { errorCorrectionLevel: 'M' }).modules.size);
  });

  it('leaves a quiet zone of 4 light modules on every side', () => {
    for (const len of [1, 300]) {
      const symbol = qrSymbol(`https://zwgk.county.example/${'x'.repeat(len)}`, 22, 'M');
      const xs = [];
      const ys = [];
      for (let k = 0; k < symbol.rects.length; k += 4) {
        const [x, y, w] = symbol.rects.slice(k, k + 3) as [number, number, number];
        xs.push(x, x + w);
        ys.push(y, y + 1);
      }
      // The finder patterns reach every edge of the symbol: dark modules start 4 in and end 4 before the edge.
      expect([Math.min(...xs), Math.min(...ys)]).toEqual([4, 4]);
      expect([Math.max(...xs), Math.max(...ys)]).toEqual([symbol.modules + 4, symbol.modules + 4]);
      expect(symbol.size).toBeCloseTo(symbol.module * (symbol.modules + 8), 9);
    }
  });

  it('is the same symbol every time', () => {
    const url = 'https://zwgk.county.example/gbds/xzxk-01.html';
    const first = qrSymbol(url, 22, 'M');
    for (let i = 0; i < 3; i++) expect(qrSymbol(url, 22, 'M')).toEqual(first);
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
