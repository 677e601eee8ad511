import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFontManifest } from '../../src/document/fonts.js';
import { renderPdf } from '../../src/pdf/render.js';
import { repoRoot } from '../helpers/cli.js';
import { inflatedStreams, openPdf } from '../helpers/pdf.js';

/*
 * Nested text hands its style down (patches/pdfmake, TextInlines.js): every
 * inline element of our markup (<b>, <em>, <span class>, <a>) becomes
 * { text: [...], style or property }, and pdfmake used to drop that outer
 * level's style when it flattened the text (its issue #1174).
 */

const manifest = loadFontManifest([path.join(repoRoot, 'fonts/manifest.yaml')]).value;
const serif = manifest.resolve('Noto Serif SC').value!;
const sans = manifest.resolve('Noto Sans SC').value!;

type Char = { c: string; font: string; color: number[] };

async function chars(text: unknown[], styles: Record<string, unknown> = {}): Promise<Char[]> {
  const definition = { pageSize: 'A5', content: [{ text }], styles, defaultStyle: { font: serif.name, fontSize: 10 } };
  const { bytes } = await renderPdf(definition as never, [serif, sans], []);
  const out: Char[] = [];
  openPdf(bytes)
    .loadPage(0)
    .toStructuredText('preserve-whitespace')
    .walk({
      onChar(c: string, _o: unknown, font: { getName(): string }, _s: number, _q: unknown, color: number[]) {
        if (c.trim()) out.push({ c, font: font.getName(), color });
      },
    });
  return out;
}

const of = (all: Char[], c: string) => all.find((x) => x.c === c)!;
const red = [1, 0, 0];
const black = [0, 0, 0];

describe('nested text', () => {
  it('hands an outer property down to the text inside, and inner properties win', async () => {
    const all = await chars(['甲', { text: ['乙', { text: '丙', color: 'red' }, { text: ['丁'], bold: false }], bold: true }]);
    expect(of(all, '甲').font).toMatch(/SerifSC-Regular/);
    expect(of(all, '乙').font).toMatch(/SerifSC-Bold/);
    expect(of(all, '丙').font).toMatch(/SerifSC-Bold/);
    expect(of(all, '丙').color).toEqual(red);
    expect(of(all, '丁').font).toMatch(/SerifSC-Regular/);
  });

  it('hands named styles down, under the inner level’s own', async () => {
    const styles = { seq: { color: 'red' }, sans: { font: sans.name } };
    const all = await chars([{ text: ['一', { text: ['二'], style: 'sans' }, { text: '三', color: 'black' }], style: 'seq' }], styles);
    expect(of(all, '一').color).toEqual(red);
    expect(of(all, '二').color).toEqual(red);
    expect(of(all, '二').font).toMatch(/SansSC-Regular/);
    expect(of(all, '三').color).toEqual(black);
    expect(of(all, '三').font).toMatch(/SerifSC-Regular/);
  });
});

describe('table cells', () => {
  it('take their fill from the styles around them (fillColor and fillOpacity, resolved together)', async () => {
    const definition = {
      pageSize: 'A5',
      content: [{ style: 'shaded', table: { body: [['甲', { text: '乙', fillColor: '#0000ff' }]] } }],
      styles: { shaded: { fillColor: '#ff0000', fillOpacity: 0.5 } },
      defaultStyle: { font: serif.name, fontSize: 10 },
    };
    const { bytes } = await renderPdf(definition as never, [serif], []);
    const page = inflatedStreams(bytes).find((c) => /\bBT\b/.test(c))!;
    expect(page).toMatch(/1 0 0 scn\s+\/Gs\d+ gs/); // red at the style's opacity
    expect(page).toMatch(/0 0 1 scn/); // the cell's own blue wins
  });
});
