import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFontManifest } from '../../src/document/fonts.js';
import { renderPdf } from '../../src/pdf/render.js';
import { repoRoot } from '../helpers/cli.js';
import { inflatedStreams, openPdf, pageLines } from '../helpers/pdf.js';

/*
 * pdfmake lays a document out again when pageBreakBefore asks for a break,
 * after putting nodes back where they were (resetXY, which patches/pdfmake
 * keeps as saved places and shared functions instead of closures per node).
 * The handbook never asks for it; this checks the second pass still works.
 */

const manifest = loadFontManifest([path.join(repoRoot, 'fonts/manifest.yaml')]).value;
const font = manifest.resolve('Noto Sans SC').value!;

describe('a second layout pass', () => {
  it('starts the asked node on a new page, with text and vectors placed as on the first pass', async () => {
    const rule = { canvas: [{ type: 'line', x1: 0, y1: 5, x2: 200, y2: 5, lineWidth: 1 }] };
    const definition = {
      pageSize: 'A5',
      content: [{ text: '第一段' }, rule, { text: '第二段', id: 'second' }, rule],
      defaultStyle: { font: font.name, fontSize: 12 },
      pageBreakBefore: (node: { id?: string; startPosition: { pageNumber: number } }) => node.id === 'second' && node.startPosition.pageNumber === 1,
    };
    const { bytes, pageCount } = await renderPdf(definition as never, [font], []);
    expect(pageCount).toBe(2);
    const doc = openPdf(bytes);
    const first = pageLines(doc, 0);
    const second = pageLines(doc, 1);
    expect(first.map((l) => l.text.trim())).toEqual(['第一段']);
    expect(second.map((l) => l.text.trim())).toEqual(['第二段']);
    // The same top margin on both pages: nothing kept a place from the first pass.
    expect(second[0]!.y).toBeCloseTo(first[0]!.y, 3);
    // Each rule sits the same distance under its paragraph (vectors were reset too).
    const ruleY = inflatedStreams(bytes)
      .map((c) => /[\d.]+ ([\d.]+) m\n[\d.]+ [\d.]+ l\n/.exec(c))
      .flatMap((m) => (m ? [Number(m[1])] : []));
    expect(ruleY).toHaveLength(2);
    expect(ruleY[1]).toBeCloseTo(ruleY[0]!, 3);
  });
});
