import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFontManifest } from '../../src/document/fonts.js';
import { fontkit } from '../../src/document/fontkit.js';
import { openLazily } from '../../src/document/lazy-face.js';
import { repoRoot } from '../helpers/cli.js';

/*
 * lazy-face.ts leaves a TrueType face's outlines on disk until fontkit
 * decodes a glyph (patches/fontkit asks for it). Outlines and subsets must
 * be exactly those of the face read whole, and nothing else may be missing.
 */

const manifest = loadFontManifest([path.join(repoRoot, 'fonts/manifest.yaml')]).value;
const files = [manifest.resolve('Noto Sans SC').value!.normal, manifest.resolve('Noto Serif SC').value!.bold] as string[];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-lazy-face-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Face = {
  numGlyphs: number;
  getGlyph(id: number): { path: { toSVG(): string }; advanceWidth: number; bbox: unknown };
  glyphForCodePoint(cp: number): { id: number };
  createSubset(): { includeGlyph(id: number): number; encode(): Uint8Array };
};

describe.each(files)('a face opened lazily: %s', (file) => {
  const whole = fontkit.openSync(file) as unknown as Face;
  const lazy = openLazily(file) as unknown as Face;
  // Common characters, and glyphs spread over the whole outline table.
  const ids = [...'基层政务公开标准目录便民服务手册，。（）《》0123456789ABCxyz'].map((c) => whole.glyphForCodePoint(c.codePointAt(0)!).id);
  for (let id = 1; id < whole.numGlyphs; id += 997) ids.push(id);

  it('has the same outlines, metrics and boxes', () => {
    expect(lazy).toBeDefined();
    for (const id of ids) {
      const a = whole.getGlyph(id);
      const b = lazy.getGlyph(id);
      expect(b.path.toSVG(), `glyph ${id}`).toBe(a.path.toSVG());
      expect(b.advanceWidth).toBe(a.advanceWidth);
      expect(b.bbox).toEqual(a.bbox);
    }
  });

  it('makes the same subset, byte for byte', () => {
    const subset = (face: Face) => {
      const s = face.createSubset();
      for (const id of ids) s.includeGlyph(id);
      return Buffer.from(s.encode());
    };
    // A fresh lazy face: the subset alone must read every outline it needs.
    expect(subset(openLazily(file) as unknown as Face).equals(subset(whole))).toBe(true);
  });
});

describe('openLazily', () => {
  it('leaves what it does not handle to a whole read', () => {
    const text = path.join(dir, 'not-a-font.ttf');
    fs.writeFileSync(text, 'plain text, not a font');
    expect(openLazily(text)).toBeUndefined();
  });
});
