import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fontkit } from '../../src/document/fontkit.js';
import type { Font } from '../../src/document/fontkit.js';
import { HandbookError } from '../../src/diagnostics/error.js';
import { fontFaceCss, rareCharacters, subsetWebfont } from '../../src/site/webfont.js';
import { makeTestFont } from '../helpers/test-font.js';

const require = createRequire(import.meta.url);
const notoSans = path.join(path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json')), '400Regular/NotoSansSC_400Regular.ttf');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-webfont-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The font in a data URL, opened with fontkit. */
function decode(dataUrl: string): Font {
  expect(dataUrl.startsWith('data:font/woff2;base64,')).toBe(true);
  const bytes = Buffer.from(dataUrl.slice('data:font/woff2;base64,'.length), 'base64');
  expect(bytes.toString('latin1', 0, 4)).toBe('wOF2');
  const face = fontkit.create(bytes);
  if ('fonts' in face) throw new Error('a collection');
  return face;
}

/** The characters a font maps to a real glyph, by code point. */
function mapped(face: Font): string[] {
  return face.characterSet
    .filter((cp) => face.hasGlyphForCodePoint(cp))
    .sort((a, b) => a - b)
    .map((cp) => String.fromCodePoint(cp));
}

/** A TrueType collection of single-face fonts, each face's tables copied after all the directories. */
function makeCollection(faces: Buffer[]): Buffer {
  const header = Buffer.alloc(12 + 4 * faces.length);
  header.write('ttcf', 0, 'latin1');
  header.writeUInt16BE(1, 4);
  header.writeUInt32BE(faces.length, 8);
  let offset = header.length + faces.reduce((n, f) => n + 12 + 16 * f.readUInt16BE(4), 0);
  const directories: Buffer[] = [];
  const tables: Buffer[] = [];
  let at = header.length;
  faces.forEach((face, i) => {
    header.writeUInt32BE(at, 12 + 4 * i);
    const count = face.readUInt16BE(4);
    const directory = Buffer.from(face.subarray(0, 12 + 16 * count));
    for (let t = 0; t < count; t++) {
      const from = directory.readUInt32BE(12 + 16 * t + 8);
      const length = directory.readUInt32BE(12 + 16 * t + 12);
      directory.writeUInt32BE(offset, 12 + 16 * t + 8);
      const padded = Buffer.alloc((length + 3) & ~3);
      face.copy(padded, 0, from, from + length);
      tables.push(padded);
      offset += padded.length;
    }
    directories.push(directory);
    at += directory.length;
  });
  return Buffer.concat([header, ...directories, ...tables]);
}

describe('rareCharacters', () => {
  it('picks Extension A and B characters out of common hanzi, punctuation and ASCII, distinct and sorted by code point', () => {
    // 䢺 U+48BA (Extension A, 重庆 䢺溪), 𡌶 U+21336 (Extension B), 㐀 U+3400.
    const text = '𡌶村委会（䢺溪镇）：办理时限 20 个工作日，电话 023-12345678。地址：㐀街 1 号，𡌶村。';
    expect(rareCharacters(text)).toEqual(['㐀', '䢺', '𡌶']);
    expect(rareCharacters('的一是了，。、；：「」『』（）《》——……！？ABC abc 123 ＡＢＣ１２３ ㊣ ①')).toEqual([]);
    expect(rareCharacters('')).toEqual([]);
  });

  it('draws the line between GBK ideographs (U+4E00–U+9FA5) and the rest of the ideographs', () => {
    expect(rareCharacters('\u4e00\u9fa5\u33ff\u4dc0\ufb00')).toEqual([]);
    expect(rareCharacters('\u3400\u4dbf\u9fa6\u9fef\u9fff')).toEqual(['\u3400', '\u4dbf', '\u9fa6', '\u9fef', '\u9fff']);
    // Compatibility ideographs, both blocks; the start of Extension B; the last of plane 3.
    expect(rareCharacters('\uf900\ufa0e\ufaff\u{2f800}\u{20000}\u{3134a}')).toEqual(['\uf900', '\ufa0e', '\ufaff', '\u{20000}', '\u{2f800}', '\u{3134a}']);
    // Private use, ideographic description characters and strokes count; emoji and variation selectors do not.
    expect(rareCharacters('\ue000\uf8ff\u{f0000}\u{10fffd}⿰㇀')).toEqual(['⿰', '㇀', '\ue000', '\uf8ff', '\u{f0000}', '\u{10fffd}']);
    expect(rareCharacters('😀\ufe0f葛\u{e0100}')).toEqual([]);
  });

  it('calls rare nothing the bundled Noto Sans SC lacks in the GBK ideographs', () => {
    const face = fontkit.openSync(notoSans) as Font;
    const gbk = Array.from({ length: 0x9fa5 - 0x4e00 + 1 }, (_, i) => 0x4e00 + i);
    expect(gbk.filter((cp) => !face.hasGlyphForCodePoint(cp))).toEqual([]);
    expect(rareCharacters(String.fromCodePoint(...gbk))).toEqual([]);
  });
});

describe('subsetWebfont', () => {
  // Twenty Extension A characters Noto Sans SC has.
  const extA = [...'㐀㐁㐂㐃㐄㐅㐆㐇㐈㐉㐊㐋㐌㐍㐎㐏㐐㐑㐒䢺'];

  it('makes a WOFF2 of a few KB holding exactly the requested characters', async () => {
    const sizes: number[] = [];
    for (const n of [1, 5, 20]) {
      const chars = extA.slice(-n);
      const font = await subsetWebfont(notoSans, chars);
      expect(font.missing).toEqual([]);
      const face = decode(font.dataUrl);
      expect(mapped(face)).toEqual(chars); // extA is in code point order
      expect(face.hasGlyphForCodePoint('的'.codePointAt(0)!)).toBe(false);
      expect(face.numGlyphs).toBe(n + 1); // and .notdef
      expect(font.bytes).toBe(Buffer.from(font.dataUrl.split(',')[1]!, 'base64').length);
      sizes.push(font.bytes);
    }
    expect(sizes[0]).toBeLessThan(1500);
    expect(sizes[2]).toBeLessThan(5000);
    expect(sizes[0]).toBeLessThan(sizes[1]!);
    expect(sizes[1]).toBeLessThan(sizes[2]!);
  });

  it('keeps the outlines: the subset draws the same glyph as the source font', async () => {
    const font = await subsetWebfont(notoSans, ['䢺']);
    const source = fontkit.openSync(notoSans) as Font & { glyphForCodePoint(cp: number): { path: { toSVG(): string } } };
    const subset = decode(font.dataUrl) as Font & { glyphForCodePoint(cp: number): { path: { toSVG(): string } } };
    const svg = subset.glyphForCodePoint(0x48ba).path.toSVG();
    expect(svg.length).toBeGreaterThan(100);
    expect(svg).toBe(source.glyphForCodePoint(0x48ba).path.toSVG());
  });

  it('is deterministic: the same characters in any order give the same bytes', async () => {
    const a = await subsetWebfont(notoSans, extA.slice(10));
    const b = await subsetWebfont(notoSans, [...extA.slice(10)].reverse().concat(extA.slice(10, 12)));
    expect(b.dataUrl).toBe(a.dataUrl);
    expect(b.bytes).toBe(a.bytes);
  });

  it('reports the characters the font lacks and leaves them out', async () => {
    const font = await subsetWebfont(notoSans, ['𡌶', '䢺', '\ue000']);
    expect(font.missing).toEqual(['\ue000', '𡌶']);
    expect(mapped(decode(font.dataUrl))).toEqual(['䢺']);
  });

  it('gives no font when the font has none of the characters', async () => {
    expect(await subsetWebfont(notoSans, ['𡌶'])).toEqual({ dataUrl: '', bytes: 0, missing: ['𡌶'] });
    expect(await subsetWebfont(notoSans, [])).toEqual({ dataUrl: '', bytes: 0, missing: [] });
  });

  it('subsets an office font (CFF outlines) with Extension B and private-use characters', async () => {
    const file = path.join(dir, 'office.otf');
    fs.writeFileSync(file, makeTestFont('OfficeExtB', ['𡌶', '𠮷', '\ue000', '的']));
    const font = await subsetWebfont(file, ['𡌶', '\ue000', '䢺']);
    expect(font.missing).toEqual(['䢺']);
    expect(mapped(decode(font.dataUrl))).toEqual(['\ue000', '𡌶']);
  });

  it('takes the named face of a TTC collection, and asks for a name when none is given', async () => {
    const first = makeTestFont('CollectionA', ['𠮷']);
    const second = makeTestFont('CollectionB', ['𡌶']);
    const names = [first, second].map((b) => (fontkit.create(b) as Font).postscriptName);
    const file = path.join(dir, 'office.ttc');
    fs.writeFileSync(file, makeCollection([first, second]));

    const font = await subsetWebfont([file, names[1]!], ['𡌶', '𠮷']);
    expect(font.missing).toEqual(['𠮷']);
    expect(mapped(decode(font.dataUrl))).toEqual(['𡌶']);
    expect((await subsetWebfont([file, names[0]!], ['𡌶', '𠮷'])).missing).toEqual(['𡌶']);

    await expect(subsetWebfont(file, ['𡌶'])).rejects.toThrow(new RegExp(`TTC.*${names[0]}、${names[1]}`));
    await expect(subsetWebfont([file, 'NoSuchFace'], ['𡌶'])).rejects.toThrow(/没有名为「NoSuchFace」/);
  });

  it('throws a HandbookError for a missing file or one that is no font', async () => {
    const broken = path.join(dir, 'broken.ttf');
    fs.writeFileSync(broken, 'not a font at all');
    for (const file of [broken, path.join(dir, 'absent.ttf')]) {
      const error = await subsetWebfont(file, ['䢺']).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HandbookError);
      expect((error as HandbookError).diagnostics[0]).toMatchObject({ code: 'font/unreadable', file });
    }
  });
});

describe('fontFaceCss', () => {
  it('limits the rule to the subset’s code points, consecutive ones as ranges', async () => {
    const font = await subsetWebfont(notoSans, ['䢺', '㐂', '㐀', '㐁', '𡌶']);
    const css = fontFaceCss('手册生僻字', font.dataUrl);
    expect(css).toContain('font-family: "手册生僻字";');
    expect(css).toContain(`src: url("${font.dataUrl}") format("woff2");`);
    expect(css).toContain('font-display: swap;');
    expect(css.match(/unicode-range: ([^;]*);/)?.[1]).toBe('U+3400-3402, U+48BA');
    expect(css).toMatch(/^@font-face \{[^{}]*\}$/);
  });

  it('keeps the family a single CSS string that cannot close the style element', async () => {
    const font = await subsetWebfont(notoSans, ['䢺']);
    const css = fontFaceCss('a"b\\c</style>', font.dataUrl);
    expect(css).toContain('font-family: "a\\22 b\\5c c\\3c /style>";');
    expect(css).not.toContain('</style');
  });

  it('gives no rule for no font, and refuses a URL that is not an inline WOFF2', () => {
    expect(fontFaceCss('x', '')).toBe('');
    expect(() => fontFaceCss('x', 'https://example.com/font.woff2')).toThrow();
  });
});
