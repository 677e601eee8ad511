import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as mupdf from 'mupdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { bookletOrder } from '../../src/pdf/impose.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import QRCode from 'qrcode';
import { embeddedResources, inflatedStreams, openPdf, pageBox, pageLines } from '../helpers/pdf.js';
import { requireTool } from '../helpers/tools.js';
import { pt, smallHandbook } from '../helpers/small-handbook.js';

/*
 * Print production, checked on the files the CLI writes: page boxes, saddle
 * stitch padding, booklet imposition order, colour operators, PDF/A, and a
 * structure check of every output by qpdf.
 */

const demo = path.join(repoRoot, 'data/示例县/handbook.yaml');
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-print-'));
});

function build(args: string[], name: string, handbook = demo): string {
  const out = path.join(dir, `${name}.pdf`);
  const r = runCli(['build', handbook, '-o', out, ...args]);
  expect(r.status, r.stderr).toBe(0);
  return out;
}


function qpdfCheck(file: string): void {
  requireTool('qpdf', '`apt-get install qpdf` (Debian/Ubuntu) or `brew install qpdf` (macOS).');
  const r = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  expect(r.status, `${file}\n${r.stdout}${r.stderr}`).toBe(0);
  expect(r.stdout).toContain('No syntax or stream encoding errors found');
}

/** The printed page number (folio) at the bottom of a page, or of one half of an imposed sheet. */
function folio(doc: ReturnType<typeof openPdf>, index: number, half?: 'left' | 'right'): number | undefined {
  const [x0, , x1, y1] = pageBox(doc, index, 'MediaBox') as [number, number, number, number];
  const mid = (x0 + x1) / 2;
  const numbers = pageLines(doc, index).filter(
    (l) => /^\d+$/.test(l.text.trim()) && l.y > y1 * 0.8 && (half === undefined || (half === 'left' ? l.x < mid : l.x >= mid)),
  );
  return numbers.length ? Number(numbers[numbers.length - 1]!.text.trim()) : undefined;
}

function text(doc: ReturnType<typeof openPdf>, index: number): string {
  return pageLines(doc, index).map((l) => l.text).join('').replace(/\s+/g, '');
}

describe('page boxes', () => {
  it('A5 without bleed: MediaBox = TrimBox = BleedBox = 148 × 210 mm', () => {
    const file = build([], 'plain');
    const doc = openPdf(fs.readFileSync(file));
    for (let i = 0; i < doc.countPages(); i++) {
      for (const box of ['MediaBox', 'TrimBox', 'BleedBox'] as const) {
        const b = pageBox(doc, i, box);
        expect(b[0]).toBeCloseTo(0, 2);
        expect(b[2]).toBeCloseTo(pt(148), 2);
        expect(b[3]).toBeCloseTo(pt(210), 2);
      }
    }
    qpdfCheck(file);
  });

  it('A5 with 3 mm bleed: the page grows by the bleed, TrimBox is the A5 inside it', () => {
    const doc = openPdf(fs.readFileSync(build(['--bleed', '3mm'], 'bleed')));
    for (let i = 0; i < doc.countPages(); i++) {
      expect(pageBox(doc, i, 'MediaBox').map((v) => v.toFixed(2))).toEqual([0, 0, pt(154), pt(216)].map((v) => v.toFixed(2)));
      expect(pageBox(doc, i, 'BleedBox').map((v) => v.toFixed(2))).toEqual([0, 0, pt(154), pt(216)].map((v) => v.toFixed(2)));
      expect(pageBox(doc, i, 'TrimBox').map((v) => v.toFixed(2))).toEqual([pt(3), pt(3), pt(151), pt(213)].map((v) => v.toFixed(2)));
    }
  });

  it('A5 with 3 mm bleed and crop marks: marks in a slug outside the bleed, the cover colour reaching into the bleed', () => {
    const file = build(['--bleed', '3mm', '--marks'], 'marks');
    const doc = openPdf(fs.readFileSync(file));
    const slug = pt(7); // 1 mm gap + 5 mm mark + 1 mm
    expect(pageBox(doc, 0, 'MediaBox').map((v) => v.toFixed(2))).toEqual([0, 0, pt(154) + 2 * slug, pt(216) + 2 * slug].map((v) => v.toFixed(2)));
    expect(pageBox(doc, 0, 'BleedBox').map((v) => v.toFixed(2))).toEqual([slug, slug, slug + pt(154), slug + pt(216)].map((v) => v.toFixed(2)));
    expect(pageBox(doc, 0, 'TrimBox').map((v) => v.toFixed(2))).toEqual([slug + pt(3), slug + pt(3), slug + pt(151), slug + pt(213)].map((v) => v.toFixed(2)));
    // Rendered, the cover band covers the bleed corner (inside BleedBox, outside TrimBox); the slug corner stays white.
    const scale = 2;
    const pix = doc.loadPage(0).toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceRGB, false);
    const at = (x: number, y: number) => {
      const i = (Math.round(y * scale) * pix.getWidth() + Math.round(x * scale)) * 3;
      const p = pix.getPixels();
      return [p[i]!, p[i + 1]!, p[i + 2]!];
    };
    const bleedCorner = at(slug + pt(1.5), slug + pt(1.5));
    expect(bleedCorner[0]).toBeGreaterThan(120);
    expect(bleedCorner[1]).toBeLessThan(80); // red, not white
    expect(at(pt(1), pt(1))).toEqual([255, 255, 255]);
    qpdfCheck(file);
  });
});

describe('saddle stitching', () => {
  it.each([
    [1, 8, 1],
    [8, 12, 1],
    [14, 16, 1],
  ])('%d items: %d pages with %d blank page(s) before the back cover', (k, pages, blanks) => {
    const doc = openPdf(fs.readFileSync(build([], `saddle-${k}`, smallHandbook(path.join(dir, `k${k}-`), k))));
    expect(doc.countPages()).toBe(pages);
    expect(doc.countPages() % 4).toBe(0);
    expect(text(doc, pages - 1)).toContain('示例县文化体育和旅游局');
    for (let b = 1; b <= blanks; b++) expect(text(doc, pages - 1 - b)).toBe('');
    expect(text(doc, pages - 2 - blanks)).not.toBe('');
  });

  it('--pages-multiple 1 adds no pages', () => {
    const doc = openPdf(fs.readFileSync(build(['--pages-multiple', '1'], 'nopad', smallHandbook(path.join(dir, 'k1-'), 1))));
    expect(doc.countPages()).toBe(7);
  });
});

describe('booklet imposition', () => {
  it('orders pages for saddle stitching', () => {
    expect(bookletOrder(8)).toEqual([[8, 1], [2, 7], [6, 3], [4, 5]]);
  });

  it.each([1, 8, 14])('puts the pages of a %d-item handbook on A4 sheets in booklet order', (k) => {
    const out = build(['--impose', 'booklet'], `impose-${k}`, smallHandbook(path.join(dir, `k${k}-`), k));
    const src = openPdf(fs.readFileSync(out));
    const imposedFile = out.replace(/\.pdf$/, '-拼版.pdf');
    const sheets = openPdf(fs.readFileSync(imposedFile));
    const n = src.countPages();
    expect([8, 12, 16]).toContain(n);
    expect(sheets.countPages()).toBe(n / 2);
    const order = bookletOrder(n);
    for (let s = 0; s < sheets.countPages(); s++) {
      const media = pageBox(sheets, s, 'MediaBox');
      expect(media[2]).toBeCloseTo(pt(297), 1);
      expect(media[3]).toBeCloseTo(pt(210), 1);
      const [left, right] = order[s]!;
      expect(folio(sheets, s, 'left'), `sheet side ${s + 1} left`).toBe(folio(src, left - 1));
      expect(folio(sheets, s, 'right'), `sheet side ${s + 1} right`).toBe(folio(src, right - 1));
    }
    // Side 1: back cover on the left, cover on the right.
    const first = pageLines(sheets, 0);
    const mid = pt(297) / 2;
    expect(first.filter((l) => l.x >= mid).map((l) => l.text).join('')).toContain('便民服务手册');
    expect(first.filter((l) => l.x < mid).map((l) => l.text).join('')).toContain('电话0591-12345678');
    qpdfCheck(imposedFile);
  });
});

describe('booklet file size', () => {
  // Issue #19: every page was embedded with a call of its own, and pdf-lib copied
  // the fonts (and images) the pages share once per page: the demo's booklet was
  // 6.9 MB against a 360 KB handbook, with 111 font programs instead of 4.
  it('the demo booklet carries each font once and is at most 1.5 × the handbook', () => {
    const out = build(['--impose', 'booklet'], 'booklet-size');
    const imposedFile = out.replace(/\.pdf$/, '-拼版.pdf');
    const handbookBytes = fs.statSync(out).size;
    const imposedBytes = fs.statSync(imposedFile).size;
    expect(imposedBytes, `${imposedBytes} bytes against ${handbookBytes}`).toBeLessThanOrEqual(1.5 * handbookBytes);
    const src = openPdf(fs.readFileSync(out));
    const sheets = openPdf(fs.readFileSync(imposedFile));
    const fonts = embeddedResources(src);
    expect(fonts.fontPrograms).toBeGreaterThan(1);
    expect(embeddedResources(sheets)).toMatchObject({ fontDescriptors: fonts.fontDescriptors, fontPrograms: fonts.fontPrograms });
    // Still text, in the shared fonts: the sheets hold every printed line of the handbook.
    const lines = (doc: ReturnType<typeof openPdf>) => {
      const all: string[] = [];
      for (let i = 0; i < doc.countPages(); i++) all.push(...pageLines(doc, i).map((l) => l.text.replace(/\s+/g, '')).filter(Boolean));
      return all.sort();
    };
    expect(lines(sheets)).toEqual(lines(src));
    qpdfCheck(imposedFile);
  });

  it('an image on every page is embedded once in the booklet', async () => {
    const handbook = smallHandbook(path.join(dir, 'k8-'), 8);
    const tpl = path.join(path.dirname(handbook), 'templates', 'logo');
    fs.mkdirSync(tpl, { recursive: true });
    fs.writeFileSync(path.join(tpl, 'theme.yaml'), 'extends: default\n');
    fs.writeFileSync(path.join(tpl, 'handbook.hbs'), '{{#each items}}\n<section name="item">\n<img src="logo.png" width="30mm"/>\n<p>{{name}}</p>\n</section>\n{{/each}}\n');
    // A few kilobytes of image, so that a copy per page would be plain in the file size too.
    fs.writeFileSync(path.join(tpl, 'logo.png'), await QRCode.toBuffer('https://zwgk.county.example/'.repeat(8), { width: 600, margin: 0 }));
    const out = build(['--template', 'logo', '--impose', 'booklet'], 'booklet-image', handbook);
    const imposedFile = out.replace(/\.pdf$/, '-拼版.pdf');
    const src = openPdf(fs.readFileSync(out));
    const sheets = openPdf(fs.readFileSync(imposedFile));
    expect(src.countPages()).toBe(8);
    const images = embeddedResources(src).images;
    expect(images).toBeGreaterThan(0);
    expect(embeddedResources(sheets).images).toBe(images);
    expect(fs.statSync(imposedFile).size).toBeLessThanOrEqual(1.5 * fs.statSync(out).size);
  });

  it('is byte-identical when built again', () => {
    const handbook = smallHandbook(path.join(dir, 'k8-'), 8);
    const imposed = (name: string) => fs.readFileSync(build(['--impose', 'booklet'], name, handbook).replace(/\.pdf$/, '-拼版.pdf'));
    expect(imposed('booklet-again-a').equals(imposed('booklet-again-b'))).toBe(true);
  });
});

describe('colour', () => {
  const cmykColours = (file: string) =>
    inflatedStreams(fs.readFileSync(file))
      .join('\n')
      .match(/\/DeviceCMYK cs\s+[\d.]+ [\d.]+ [\d.]+ [\d.]+ scn/g) ?? [];

  it('the default theme uses CMYK only, and --grayscale turns every colour into black ink', () => {
    const colour = cmykColours(build([], 'colour'));
    expect(colour.some((c) => !/cs\s+0 0 0 [\d.]+ scn/.test(c))).toBe(true); // the red accent
    const gray = build(['--grayscale'], 'gray');
    const all = inflatedStreams(fs.readFileSync(gray)).join('\n');
    expect(all).not.toMatch(/(^|\s)[\d.]+ [\d.]+ [\d.]+ (rg|RG)(\s|$)/m);
    const grayColours = cmykColours(gray);
    expect(grayColours.length).toBeGreaterThan(0);
    for (const c of grayColours) expect(c).toMatch(/cs\s+0 0 0 [\d.]+ scn/);
  });
});

describe('PDF/A-2b', () => {
  it('identifies itself in XMP, has an output intent and DefaultCMYK, embeds all fonts', () => {
    const file = build(['--pdfa'], 'pdfa');
    const raw = fs.readFileSync(file).toString('latin1');
    const xmp = Buffer.from(/<\?xpacket begin[^]*?<\?xpacket end="w"\?>/.exec(raw)![0], 'latin1').toString('utf8');
    expect(xmp).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(xmp).toContain('<dc:title><rdf:Alt><rdf:li xml:lang="x-default">示例县广播电视便民服务手册</rdf:li></rdf:Alt></dc:title>');
    expect(xmp).toContain('<xmp:CreateDate>2026-10-31T16:00:00Z</xmp:CreateDate>');
    const doc = openPdf(fs.readFileSync(file));
    const root = doc.getTrailer().get('Root');
    const intent = root.get('OutputIntents').get(0);
    expect(intent.get('S').asName()).toBe('GTS_PDFA1');
    expect(intent.get('DestOutputProfile').get('N').asNumber()).toBe(3);
    for (let i = 0; i < doc.countPages(); i++) {
      const space = (doc.loadPage(i) as ReturnType<typeof doc.loadPage> & { getObject(): any }).getObject().get('Resources').get('ColorSpace').get('DefaultCMYK');
      expect(space.get(0).asName()).toBe('ICCBased');
      expect(space.get(1).get('N').asNumber()).toBe(4);
    }
    expect(raw).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier)/);
    qpdfCheck(file);
  });
});
