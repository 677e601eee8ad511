import path from 'node:path';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { loadFontManifest } from '../../src/document/fonts.js';
import { renderPdf } from '../../src/pdf/render.js';
import { repoRoot } from '../helpers/cli.js';
import { inflatedStreams } from '../helpers/pdf.js';

/*
 * patches/pdfmake measures consecutive words of a text item as one inline, a
 * run, and splits runs between their parts when a line is full. Chinese text
 * is one word per character, so this saves an object, a style copy and a
 * layout step per character. Lines must break exactly where one inline per
 * word breaks them: with runs switched off (pdfmake's own behaviour) the page
 * content must be the same, byte for byte, for any mix of text and styles.
 */

const require = createRequire(import.meta.url);
const TextBreaker = require('pdfmake/js/TextBreaker.js').default as { runs: boolean };
const manifest = loadFontManifest([path.join(repoRoot, 'fonts/manifest.yaml')]).value;
const sans = manifest.resolve('Noto Sans SC').value!;

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x80000000;
  };
}

const pieces = [
  '公开', '内容', '依据', '广播电视', '节目', '许可证', '办理', '时限', '，', '。', '、', '：', '“', '”', '《', '》', '（', '）',
  'Radio ', 'TV', ' ', '  ', '\u3000', '\n', '2026', '-', '12', '个工作日', 'https://zwgk.example.cn/a/b', '！', '——', '…',
  'Supercalifragilisticexpialidocious', '广', '电',
];

function paragraph(next: () => number): string {
  let s = '';
  const n = 1 + Math.floor(next() * 40);
  for (let i = 0; i < n; i++) s += pieces[Math.floor(next() * pieces.length)];
  return s;
}

function textNode(next: () => number): Record<string, unknown> {
  const node: Record<string, unknown> = {};
  if (next() < 0.5) {
    node.text = paragraph(next);
  } else {
    const items: unknown[] = [];
    const n = 1 + Math.floor(next() * 5);
    for (let i = 0; i < n; i++) {
      const r = next();
      if (r < 0.3) items.push(paragraph(next));
      else items.push({ text: paragraph(next), bold: next() < 0.5, color: next() < 0.3 ? '#a00' : undefined, fontSize: next() < 0.2 ? 14 : undefined });
    }
    node.text = items;
  }
  const r = next();
  if (r < 0.15) node.characterSpacing = 1.5;
  else if (r < 0.25) node.leadingIndent = 20;
  const a = next();
  if (a < 0.15) node.alignment = 'center';
  else if (a < 0.25) node.alignment = 'right';
  // Justified lines spread their inlines apart, so they get no runs.
  else if (a < 0.35) node.alignment = 'justify';
  return node;
}

function definition(seed: number) {
  const next = random(seed);
  const content: unknown[] = [];
  for (let i = 0; i < 6; i++) {
    const kind = next();
    if (kind < 0.4) {
      content.push(textNode(next));
    } else if (kind < 0.7) {
      content.push({ table: { widths: [30 + Math.floor(next() * 60), '*'], body: [[textNode(next), textNode(next)], [textNode(next), textNode(next)]] } });
    } else {
      content.push({ columns: [{ width: 20 + Math.floor(next() * 100), ...textNode(next) }, textNode(next)] });
    }
  }
  return { pageSize: 'A5', pageMargins: [30, 30, 30, 30], content, defaultStyle: { font: sans.name, fontSize: 9 } };
}

async function pages(seed: number, runs: boolean): Promise<string[]> {
  TextBreaker.runs = runs;
  const { bytes } = await renderPdf(definition(seed) as never, [sans], []);
  return inflatedStreams(bytes).filter((s) => /\bBT\b/.test(s));
}

describe('text runs break lines as single words do (patches/pdfmake)', () => {
  afterEach(() => {
    TextBreaker.runs = true;
  });

  it('gives the same page content as one inline per word, over 60 random documents', async () => {
    let lines = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const withRuns = await pages(seed, true);
      const words = await pages(seed, false);
      expect(withRuns, `seed ${seed}`).toEqual(words);
      lines += withRuns.join('').match(/\bBT\b/g)?.length ?? 0;
    }
    // The documents are not trivial: they wrap, in narrow cells and across pages.
    expect(lines).toBeGreaterThan(1000);
  });
});
