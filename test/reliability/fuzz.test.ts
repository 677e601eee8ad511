import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkHandbook } from '../../src/check.js';
import { memoryHost } from '../../src/host/host.js';
import { openPdf } from '../helpers/pdf.js';
import { runCliWithHeap } from '../helpers/cli.js';
import { catalogueYaml, expectUsable, handbookFor } from './helpers.js';

/*
 * Whatever a catalogue file holds, `check` answers with diagnostics that say
 * where, in Chinese, and never throws (which the CLI would turn into exit 70).
 * Inputs mix YAML's syntax characters, Chinese, indentation and pieces of a
 * real catalogue, small enough to run a few hundred in a second or two.
 */

const hb = '/w/handbook.yaml';
const cat = '/w/catalogue.yaml';
const handbookText = [
  'catalogue: catalogue.yaml',
  'locality: { name: 示例县, agency: 示例县文化旅游广电体育局 }',
  'itemUrl: "https://zwgk.county.example/gbds/{id}.html"',
  'edition: { number: 1, date: 2026-11-01 }',
  '',
].join('\n');
const valid = catalogueYaml().split('\n');

const piece = fc.oneof(
  fc.constantFrom('- ', ': ', '? ', '[', ']', '{', '}', ',', '"', "'", '|', '>', '#', '&a', '*a', '!!str', '---', '...', '%YAML 1.2', '\\', '\t', '\u0000', '\u202e', '\ufeff'),
  fc.constantFrom('\n', '\n  ', '\n    ', '\n      - ', '\n        ', ' '.repeat(40)),
  fc.constantFrom('行政许可', '公开内容', '《条例》', '中文', 'title', 'categories', 'items', 'id', 'xzxk-01', '12345', 'true', '~', '2026-02-30'),
  fc.constantFrom(...valid.map((l) => `\n${l}`)),
);
const yamlText = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(''));
/** A valid catalogue with a few pieces spliced in somewhere: mostly right, wrong in one place. */
const damaged = fc.tuple(fc.nat(valid.length), fc.array(piece, { minLength: 1, maxLength: 6 })).map(([at, parts]) => [...valid.slice(0, at), parts.join(''), ...valid.slice(at)].join('\n'));

describe('check never throws on any catalogue text', () => {
  it('every diagnostic names the file and a line, in Chinese', () => {
    fc.assert(
      fc.property(fc.oneof(yamlText, damaged), (text) => {
        const { diagnostics } = checkHandbook(hb, { host: memoryHost({ [hb]: handbookText, [cat]: text }) });
        expect(expectUsable(diagnostics), text).toEqual([]);
        for (const d of diagnostics) {
          expect(d.file, `${d.code} ${text}`).toBe(cat);
          expect(d.line, `${d.code} ${text}`).toBeGreaterThanOrEqual(1);
          expect(d.column, `${d.code} ${text}`).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 300, seed: 1717 },
    );
  });

  it('through the CLI: exit 0 or 1, never 70', () => {
    const samples = fc.sample(fc.oneof(yamlText, damaged), { numRuns: 6, seed: 1717 });
    for (const text of [...samples, `${'- '.repeat(3000)}x`, '{'.repeat(5000), 'a: !!binary ===', '? [a, b]\n: c']) {
      const dir = handbookFor('catalogue.yaml');
      fs.writeFileSync(path.join(dir, 'catalogue.yaml'), text);
      const r = runCliWithHeap(512, ['check', 'handbook.yaml'], dir);
      expect([0, 1], `${r.status} ${r.stderr}\n${text}`).toContain(r.status);
      expect(r.stderr).not.toContain('内部错误');
    }
  });

  it('through build: exit 0 with a PDF that opens, or exit 1 with positioned diagnostics and no PDF; never 70, within 512 MB', () => {
    // Mostly-valid catalogues, so that some build: the damage lands in one place.
    const samples = fc.sample(damaged, { numRuns: 8, seed: 2026 });
    let built = 0;
    for (const text of [...samples, catalogueYaml()]) {
      const dir = handbookFor('catalogue.yaml');
      fs.writeFileSync(path.join(dir, 'catalogue.yaml'), text);
      const r = runCliWithHeap(512, ['build', 'handbook.yaml', '-o', 'out.pdf'], dir);
      expect([0, 1], `${r.status} ${r.stderr}\n${text}`).toContain(r.status);
      expect(r.stderr).not.toContain('内部错误');
      const pdf = path.join(dir, 'out.pdf');
      if (r.status === 0) {
        built++;
        const doc = openPdf(fs.readFileSync(pdf));
        expect(doc.countPages()).toBeGreaterThan(0);
      } else {
        expect(r.stderr, text).toMatch(/^\S+\.yaml:\d+:\d+ 错误 /m);
        expect(fs.existsSync(pdf)).toBe(false);
      }
    }
    expect(built).toBeGreaterThanOrEqual(1);
  });
});

