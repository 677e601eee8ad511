import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as mupdf from 'mupdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { checkHandbook } from '../../src/index.js';
import { printableUrl } from '../../src/layout/helpers.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { openPdf } from '../helpers/pdf.js';

/*
 * The copy posted online: each QR code, and the URL printed under it, is a
 * link (a URI annotation) to the URL in the code. Checked as a reader sees
 * the PDF: MuPDF's links and text, and the codes found in the rendered page.
 */

const demo = path.join(repoRoot, 'data/示例县/handbook.yaml');
const urls = checkHandbook(demo)
  .handbook!.categories.flatMap((c) => c.items)
  .map((i) => i.url)
  .filter((u): u is string => u !== undefined);
const require = createRequire(import.meta.url);
const dpi = 150;

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
interface Qr {
  url: string;
  /** The symbol without its quiet zone, in points from the top left of the page. */
  box: Box;
  /** Modules per side. */
  modules: number;
}
interface Link {
  url: string;
  box: Box;
}
interface Line {
  text: string;
  box: Box;
  /** The box of each character that is not white space. */
  chars: Box[];
}
interface Page {
  number: number;
  qrs: Qr[];
  /** Links to web addresses; the table of contents' links inside the document are left out. */
  links: Link[];
  lines: Line[];
}

const boxOf = (r: number[]): Box => ({ x0: r[0]!, y0: r[1]!, x1: r[2]!, y1: r[3]! });
const within = (inner: Box, outer: Box, slack = 0) =>
  inner.x0 >= outer.x0 - slack && inner.y0 >= outer.y0 - slack && inner.x1 <= outer.x1 + slack && inner.y1 <= outer.y1 + slack;
const show = (b: Box) => [b.x0, b.y0, b.x1, b.y1].map((v) => v.toFixed(1)).join(' ');

function prepareZxing(): void {
  const wasm = fs.readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
  prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) } });
}

/** Every QR code on a page with where it is (decodeAllQrCodes gives the data alone). */
async function findQrs(page: mupdf.Page): Promise<Qr[]> {
  const scale = dpi / 72;
  const [left, top] = page.getBounds();
  const pixmap = page.toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceRGB, true);
  const image = { data: new Uint8ClampedArray(pixmap.getPixels()), width: pixmap.getWidth(), height: pixmap.getHeight(), colorSpace: 'srgb' as const };
  const results = await readBarcodes(image, { formats: ['QRCode'], maxNumberOfSymbols: 50, tryHarder: true });
  pixmap.destroy();
  return results
    .filter((r) => r.isValid)
    .map((r) => {
      const { topLeft, topRight, bottomLeft, bottomRight } = r.position;
      const xs = [topLeft.x, topRight.x, bottomLeft.x, bottomRight.x].map((x) => x / scale + left!);
      const ys = [topLeft.y, topRight.y, bottomLeft.y, bottomRight.y].map((y) => y / scale + top!);
      return { url: r.text, box: { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) }, modules: 17 + 4 * Number(r.version) };
    });
}

function pageLinesWithBoxes(page: mupdf.Page): Line[] {
  const lines: Line[] = [];
  let current: Line | undefined;
  page.toStructuredText('preserve-whitespace').walk({
    beginLine(bbox) {
      current = { text: '', box: boxOf(bbox), chars: [] };
    },
    onChar(c, _origin, _font, _size, quad) {
      if (!current) return;
      current.text += c;
      if (c.trim() === '') return;
      const xs = [quad[0], quad[2], quad[4], quad[6]];
      const ys = [quad[1], quad[3], quad[5], quad[7]];
      current.chars.push({ x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) });
    },
    endLine() {
      if (current && current.text.trim() !== '') lines.push(current);
      current = undefined;
    },
  });
  return lines;
}

async function readPages(args: string[]): Promise<Page[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-qr-links-'));
  const out = path.join(dir, 'handbook.pdf');
  const r = runCli(['build', demo, '-o', out, ...args]);
  expect(r.status, r.stderr).toBe(0);
  const doc = openPdf(fs.readFileSync(out));
  const pages: Page[] = [];
  for (let i = 0; i < doc.countPages(); i++) {
    const page = doc.loadPage(i);
    const links = page
      .getLinks()
      .filter((l) => l.isExternal())
      .map((l) => ({ url: l.getURI(), box: boxOf(l.getBounds()) }));
    pages.push({ number: i + 1, qrs: await findQrs(page), links, lines: pageLinesWithBoxes(page) });
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return pages;
}

/**
 * The one link over a code: to exactly its URL, covering the whole symbol,
 * and square, no larger than the symbol with its 4-module quiet zone.
 */
function symbolLink(page: Page, qr: Qr): Link {
  const over = page.links.filter((l) => within(qr.box, l.box, 0.5));
  expect(over.map((l) => l.url), `page ${page.number}: links over the code for ${qr.url} at ${show(qr.box)}`).toEqual([qr.url]);
  const link = over[0]!;
  const side = link.box.x1 - link.box.x0;
  const module = (qr.box.x1 - qr.box.x0) / qr.modules;
  expect(link.box.y1 - link.box.y0, `page ${page.number}: ${qr.url}`).toBeCloseTo(side, 3);
  expect(side, `page ${page.number}: ${qr.url}`).toBeLessThanOrEqual((qr.modules + 8) * module + 1);
  return link;
}

/** The lines printed under a code, centred on it: its caption. */
function captionLines(page: Page, symbol: Box): Line[] {
  const middle = (symbol.x0 + symbol.x1) / 2;
  const half = (symbol.x1 - symbol.x0) / 2;
  return page.lines
    .filter((l) => l.box.y0 >= symbol.y1 - 1 && l.box.y0 < symbol.y1 + 30 && Math.abs((l.box.x0 + l.box.x1) / 2 - middle) < half)
    .sort((a, b) => a.box.y0 - b.box.y0);
}

describe('QR codes as links, default template', () => {
  let pages: Page[];
  beforeAll(async () => {
    prepareZxing();
    pages = await readPages([]);
  });

  it('finds every item’s code, once', () => {
    const found = pages.flatMap((p) => p.qrs.map((q) => q.url));
    expect(found).toHaveLength(39);
    expect([...found].sort()).toEqual([...urls].sort());
  });

  it('covers each code with one link to exactly its URL', () => {
    let checked = 0;
    for (const page of pages) {
      for (const qr of page.qrs) {
        symbolLink(page, qr);
        checked++;
      }
    }
    expect(checked).toBe(39);
  });

  it('makes the URL printed under each code a link to it, every character inside a link rectangle', () => {
    let lines = 0;
    for (const page of pages) {
      for (const qr of page.qrs) {
        const symbol = symbolLink(page, qr).box;
        const caption = captionLines(page, symbol);
        expect(caption.map((l) => l.text.trim()).join(''), `page ${page.number}: caption of ${qr.url}`).toBe(printableUrl(qr.url));
        const textLinks = page.links.filter((l) => l.url === qr.url && l.box !== symbol);
        // pdfkit writes one annotation per line of text: one link per caption line, each over its line.
        expect(textLinks, `page ${page.number}: ${qr.url}`).toHaveLength(caption.length);
        for (const line of caption) {
          for (const c of line.chars) {
            expect(
              textLinks.some((l) => within(c, l.box, 0.5)),
              `page ${page.number}: a character of "${line.text}" at ${show(c)}, links ${textLinks.map((l) => show(l.box)).join(', ')}`,
            ).toBe(true);
          }
        }
        lines += caption.length;
      }
    }
    // The demo's captions break after the host's path: two lines each.
    expect(lines).toBe(2 * 39);
  });

  it('has no other links to web addresses: per page, one per code and one per caption line', () => {
    let total = 0;
    for (const page of pages) {
      const captions = page.qrs.reduce((n, qr) => n + captionLines(page, symbolLink(page, qr).box).length, 0);
      expect(page.links, `page ${page.number}`).toHaveLength(page.qrs.length + captions);
      total += page.links.length;
    }
    expect(total).toBe(3 * 39);
  });
});

describe('QR codes as links, large-print template', () => {
  let pages: Page[];
  beforeAll(async () => {
    prepareZxing();
    pages = await readPages(['--template', 'large-print']);
  });

  it('covers each code with one link to exactly its URL', () => {
    const found = pages.flatMap((p) => p.qrs.map((q) => q.url));
    expect([...found].sort()).toEqual([...urls].sort());
    for (const page of pages) for (const qr of page.qrs) symbolLink(page, qr);
  });

  it('makes the address printed in the note under each card a link to it, and has no other links', () => {
    const symbols = new Set<unknown>();
    for (const page of pages) for (const qr of page.qrs) symbols.add(symbolLink(page, qr).box);
    // The note may fall on the page after its code's: count its links over the whole document.
    const all = pages.flatMap((p) => p.links);
    const text = all.filter((l) => !symbols.has(l.box));
    for (const url of urls) {
      const n = text.filter((l) => l.url === url).length;
      // The note's address is one line or two: one annotation per line.
      expect(n, url).toBeGreaterThanOrEqual(1);
      expect(n, url).toBeLessThanOrEqual(2);
    }
    expect(symbols.size).toBe(39);
    expect(all.every((l) => urls.includes(l.url))).toBe(true);
    expect(all.length).toBe(symbols.size + text.length);
  });
});
