import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildHandbook } from '../../src/index.js';
import { repoRoot } from '../helpers/cli.js';
import { compactPageTexts, openPdf } from '../helpers/pdf.js';

/** A temporary handbook built from the fixture catalogue with some fields replaced. */
function tempHandbook(patch: (catalogue: string) => string, extra = ''): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-safety-'));
  const base = fs.readFileSync(path.join(repoRoot, 'test/fixtures/unknown-exclude/catalogue.yaml'), 'utf8');
  fs.writeFileSync(path.join(dir, 'catalogue.yaml'), patch(base));
  fs.writeFileSync(
    path.join(dir, 'handbook.yaml'),
    `catalogue: catalogue.yaml\nlocality: { name: 示例县, agency: 示例县文化体育和旅游局 }\nitemUrl: "https://zwgk.county.example/gbds/{id}.html"\nedition: { number: 1, date: 2026-11-01 }\n${extra}`,
  );
  return path.join(dir, 'handbook.yaml');
}

describe('data cannot inject markup', () => {
  it('prints markup characters in data as the text the user wrote', async () => {
    const name = '<b>粗体</b>&amp;{{title}}]]><?src 0 1?>';
    const note = '</keep><qr url="https://evil.example/"/>';
    const file = tempHandbook((c) =>
      c
        .replace('name: 收听广播', `name: '${name}'`)
        .replace("        levels: [乡级]\n", `        levels: [乡级]\n        note: '${note}'\n`),
    );
    const { pdf } = await buildHandbook(file);
    const text = compactPageTexts(openPdf(pdf)).join('');
    expect(text).toContain(name.replace(/\s+/g, ''));
    expect(text).toContain(note.replace(/\s+/g, ''));
  });
});

describe('paper sizes', () => {
  it.each([
    ['A5', 148, 210],
    ['A4', 210, 297],
    ['16K', 185, 260],
    ['120x180mm', 120, 180],
  ])('%s pages measure %d × %d mm', async (paper, w, h) => {
    const { pdf } = await buildHandbook(tempHandbook((c) => c, `paper: ${paper}\n`));
    const doc = openPdf(pdf);
    for (let i = 0; i < doc.countPages(); i++) {
      const [x0, y0, x1, y1] = doc.loadPage(i).getBounds();
      expect((x1 - x0) / (72 / 25.4)).toBeCloseTo(w, 1);
      expect((y1 - y0) / (72 / 25.4)).toBeCloseTo(h, 1);
    }
  });
});
