import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFontManifest, openFace } from '../../src/document/fonts.js';
import { renderPdf } from '../../src/pdf/render.js';
import { repoRoot } from '../helpers/cli.js';
import { inflatedStreams, openPdf } from '../helpers/pdf.js';

/*
 * What patches/pdfmake and patches/pdfkit change in the output: a line of
 * Chinese text is one text run (not one per character), characterSpacing
 * reaches Chinese text, and the unshaped fast path for a lone CJK character
 * gives exactly what fontkit's shaper gives.
 */

const require = createRequire(import.meta.url);
const manifest = loadFontManifest([path.join(repoRoot, 'fonts/manifest.yaml')]).value;
const sans = manifest.resolve('Noto Sans SC').value!;
const serif = manifest.resolve('Noto Serif SC').value!;
const fonts = [sans, serif];

const line = '基层政务公开标准目录便民服务手册';

async function render(content: unknown[]): Promise<Uint8Array> {
  const definition = { pageSize: 'A4', pageMargins: [40, 40, 40, 40], content, defaultStyle: { font: sans.name, fontSize: 10 } };
  return (await renderPdf(definition, fonts, [])).bytes;
}

/** Origins (points, top-left) of every non-space character on page 1. */
function charOrigins(bytes: Uint8Array): { c: string; x: number; y: number }[] {
  const out: { c: string; x: number; y: number }[] = [];
  openPdf(bytes)
    .loadPage(0)
    .toStructuredText('preserve-whitespace')
    .walk({
      onChar(c: string, origin: [number, number]) {
        if (c.trim()) out.push({ c, x: origin[0], y: origin[1] });
      },
    });
  return out;
}

const pageContent = (bytes: Uint8Array) => inflatedStreams(bytes).find((s) => /\bBT\b/.test(s))!;
const count = (text: string, re: RegExp) => text.match(re)?.length ?? 0;

describe('text runs', () => {
  it('writes a line of Chinese text as one text run with one link annotation', async () => {
    const bytes = await render([{ text: line, link: 'https://zwgk.county.example/a.html' }]);
    expect(count(pageContent(bytes), /\bBT\b/g)).toBe(1);
    expect(count(Buffer.from(bytes).toString('latin1'), /\/Subtype \/Link/g)).toBe(1);
    // Still placed glyph by glyph as pdfmake measured it: one em apart.
    const xs = charOrigins(bytes).map((o) => o.x);
    expect(xs).toHaveLength(line.length);
    for (let i = 1; i < xs.length; i++) expect(xs[i]! - xs[i - 1]!).toBeCloseTo(10, 3);
  });

  it('puts the page flip in the text matrix: no q, cm and Q per run, glyphs upright where they belong', async () => {
    const bytes = await render([{ text: line }, { text: line, bold: true }, { text: line, color: 'red' }]);
    const content = pageContent(bytes);
    expect(count(content, /\bBT\b/g)).toBe(3);
    expect(count(content, / cm\b/g)).toBe(1); // the page's own flip only
    expect(count(content, /^1 0 0 -1 [\d.]+ [\d.]+ Tm$/gm)).toBe(3);
    const o = charOrigins(bytes);
    const ys = o.filter((c, i) => i === 0 || c.y !== o[i - 1]!.y).map((c) => c.y);
    expect(ys).toHaveLength(3);
    expect(ys[0]).toBeGreaterThan(40); // below the top margin, lines going down the page
    expect(ys[1]! - ys[0]!).toBeGreaterThan(10);
    expect(ys[2]! - ys[1]!).toBeGreaterThan(10);
    expect(o.every((c) => c.x >= 40 && c.x < 595 - 40)).toBe(true);
  });

  it('starts a new run where the look changes', async () => {
    const bytes = await render([{ text: ['公开内容', { text: '公开依据', bold: true }, '公开时限'] }]);
    expect(count(pageContent(bytes), /\bBT\b/g)).toBe(3);
  });

  it('indents the first line by leadingIndent, and only the first', async () => {
    const bytes = await render([{ text: line.repeat(4), leadingIndent: 20 }]);
    const o = charOrigins(bytes);
    const lineStarts = o.filter((c, i) => i === 0 || c.y !== o[i - 1]!.y).map((c) => c.x);
    expect(lineStarts.length).toBeGreaterThan(1);
    expect(lineStarts[0]).toBeCloseTo(60, 3);
    for (const x of lineStarts.slice(1)) expect(x).toBeCloseTo(40, 3);
  });

  it('spaces Chinese characters by characterSpacing and centres the spaced text', async () => {
    const bytes = await render([{ text: '广播电视', characterSpacing: 4, alignment: 'center' }]);
    const o = charOrigins(bytes);
    expect(o.map((c) => c.c).join('')).toBe('广播电视');
    for (let i = 1; i < o.length; i++) expect(o[i]!.x - o[i - 1]!.x).toBeCloseTo(14, 3);
    // The spacing after the last character does not count: equal room on both sides.
    const left = o[0]!.x - 40;
    const right = 595.28 - 40 - (o[3]!.x + 10);
    expect(left).toBeCloseTo(right, 1);
  });
});

describe('lone CJK characters (patches/pdfkit)', () => {
  const PDFDocument = require('pdfkit');
  const demoText = fs.readFileSync(path.join(repoRoot, 'data/catalogue/广播电视示例目录.yaml'), 'utf8');
  const cjk = /[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/u;
  const chars = new Set([...demoText].filter((c) => cjk.test(c)));
  // And a spread over the whole ranges the fast path covers.
  for (const [from, to] of [[0x2e80, 0x9fff], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xffef]] as const) {
    for (let cp = from; cp <= to; cp += 61) chars.add(String.fromCharCode(cp));
  }

  it.each([sans.normal, sans.bold, serif.normal, serif.bold])('are laid out exactly as fontkit shapes them: %s', (file) => {
    const face = openFace(file) as unknown as { layout(s: string): { glyphs: { id: number }[]; positions: Record<string, number>[] }; unitsPerEm: number };
    const doc = new PDFDocument();
    doc.font(face);
    const embedded = doc._font;
    const scale = 1000 / face.unitsPerEm;
    for (const c of chars) {
      const fast = embedded.layoutRun(c);
      const shaped = face.layout(c);
      expect(fast.glyphs.map((g: { id: number }) => g.id), c).toEqual(shaped.glyphs.map((g) => g.id));
      const p = shaped.positions[0]!;
      expect(fast.positions[0], c).toMatchObject({ xAdvance: p.xAdvance! * scale, yAdvance: p.yAdvance! * scale, xOffset: p.xOffset! * scale, yOffset: p.yOffset! * scale });
      // Widths of single characters are kept by character code: the same, measured or remembered.
      const width = (p.xAdvance! * scale * 9) / 1000;
      expect(embedded.widthOfString(c, 9), c).toBeCloseTo(width, 9);
      expect(embedded.widthOfString(c, 9), c).toBeCloseTo(width, 9);
    }
    expect(chars.size).toBeGreaterThan(800);
  });
});

describe('rebuilding in one process (watch, batch)', () => {
  it('gives the same bytes after other documents used the same faces and layout caches', async () => {
    const { buildHandbook } = await import('../../src/index.js');
    const demo = path.join(repoRoot, 'data/示例县/handbook.yaml');
    const first = (await buildHandbook(demo)).pdf;
    // Other sizes, other text and the traditional script go through the shared caches in between.
    await buildHandbook(demo, { template: 'large-print' });
    await buildHandbook(demo, { script: 'hant' });
    const again = (await buildHandbook(demo)).pdf;
    expect(Buffer.compare(Buffer.from(again), Buffer.from(first))).toBe(0);
  });
});
