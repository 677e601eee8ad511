import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fontkit } from '../document/fontkit.js';
import type { FontFile } from '../document/fonts.js';
import { diagnostic } from '../diagnostics/diagnostic.js';
import { HandbookError } from '../diagnostics/error.js';

export { rareCharacters } from './rare.js';

export interface Webfont {
  /** `data:font/woff2;base64,…`, or '' when the font has none of the characters. */
  dataUrl: string;
  /** Size of the WOFF2 file (0 when there is none). */
  bytes: number;
  /** The requested characters the font has no glyph for, sorted by code point. */
  missing: string[];
}

type SubsetFont = (font: Buffer, text: string, options: { targetFormat: 'woff2' }) => Promise<Buffer>;

const WOFF2_PREFIX = 'data:font/woff2;base64,';

/**
 * A WOFF2 font holding just `characters` (each entry's code points; order and
 * repeats do not matter) from a TTF, OTF, WOFF or WOFF2 file, or from the face
 * of a TTC collection named by PostScript name (`[file, name]`, as in the font
 * manifest; a name given for a single face is ignored). Subsetting is
 * HarfBuzz's (`subset-font`); the same input gives byte-identical output, as
 * HarfBuzz keeps the source's `head` dates and the WOFF2 encoder (Brotli)
 * has no clock or randomness. Throws HandbookError when the file cannot be
 * read or is a collection named without a face.
 */
export async function subsetWebfont(fontFile: FontFile, characters: string[]): Promise<Webfont> {
  const codePoints = [...new Set([...characters.join('')].map((ch) => ch.codePointAt(0)!))].sort((a, b) => a - b);
  if (codePoints.length === 0) return { dataUrl: '', bytes: 0, missing: [] };
  const file = typeof fontFile === 'string' ? fontFile : fontFile[0];
  const source = readFace(fontFile);
  // Loaded on first use, like fontkit (document/fontkit.ts): CommonJS, and only site builds need it.
  const subsetFont = createRequire(import.meta.url)('subset-font') as SubsetFont;
  let woff2: Buffer;
  try {
    woff2 = await subsetFont(source, String.fromCodePoint(...codePoints), { targetFormat: 'woff2' });
  } catch (err) {
    throw unreadable(file, '无法从中截取网页字体（文件可能已损坏）', err);
  }
  // What the subset maps is what the font has: HarfBuzz keeps exactly the requested code points the cmap has.
  const present = new Set(webfontCodePoints(woff2));
  const missing = codePoints.filter((cp) => !present.has(cp)).map((cp) => String.fromCodePoint(cp));
  if (present.size === 0) return { dataUrl: '', bytes: 0, missing };
  return { dataUrl: WOFF2_PREFIX + woff2.toString('base64'), bytes: woff2.length, missing };
}

/**
 * An `@font-face` rule for a font from subsetWebfont, limited by
 * `unicode-range` to the code points the font maps, so the browser takes it
 * for those characters only and system fonts for the rest. `font-display:
 * swap`: an inline font is ready at once, and text never waits for it.
 * Returns '' for an empty `dataUrl` (an empty `unicode-range` is invalid and
 * would make the rule cover every character). Throws on a URL that is not an
 * inline WOFF2 font.
 */
export function fontFaceCss(family: string, dataUrl: string): string {
  if (dataUrl === '') return '';
  if (!dataUrl.startsWith(WOFF2_PREFIX)) throw new Error(`fontFaceCss expects a ${WOFF2_PREFIX}… URL`);
  const codePoints = webfontCodePoints(Buffer.from(dataUrl.slice(WOFF2_PREFIX.length), 'base64'));
  if (codePoints.length === 0) return '';
  return [
    '@font-face {',
    `  font-family: ${cssString(family)};`,
    `  src: url("${dataUrl}") format("woff2");`,
    '  font-display: swap;',
    `  unicode-range: ${unicodeRange(codePoints)};`,
    '}',
  ].join('\n');
}

/**
 * The code points a font's cmap maps to a real glyph (fontkit's characterSet
 * also lists format 4's closing U+FFFF).
 */
function webfontCodePoints(font: Buffer): number[] {
  const face = fontkit.create(font);
  if ('fonts' in face) throw new Error('expected a single font, not a collection');
  // Only .notdef: HarfBuzz writes a cmap without subtables, which fontkit cannot read.
  if (face.numGlyphs <= 1) return [];
  return [...new Set(face.characterSet)].filter((cp) => face.hasGlyphForCodePoint(cp)).sort((a, b) => a - b);
}

/** `U+3400-3402, U+48BA`: runs of consecutive code points as ranges, which are still exact. */
function unicodeRange(codePoints: number[]): string {
  const parts: string[] = [];
  const hex = (cp: number) => cp.toString(16).toUpperCase();
  for (let i = 0; i < codePoints.length; ) {
    let j = i;
    while (j + 1 < codePoints.length && codePoints[j + 1] === codePoints[j]! + 1) j++;
    parts.push(j === i ? `U+${hex(codePoints[i]!)}` : `U+${hex(codePoints[i]!)}-${hex(codePoints[j]!)}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/** A CSS string that stays one inside a `<style>` element (`<` escaped, so no `</style>`). */
function cssString(value: string): string {
  return `"${value.replace(/[\\"<\n\r\f]/g, (ch) => `\\${ch.codePointAt(0)!.toString(16)} `)}"`;
}

/**
 * The font's bytes as one face HarfBuzz can read. subset-font reads the first
 * face of whatever it is given and rejects collections ("Unrecognized font
 * signature: ttcf", from fontverter), so the named face of a TTC is copied
 * out into a file of its own: its table directory, pointing at its tables
 * laid end to end (tables shared with other faces are copied).
 */
function readFace(fontFile: FontFile): Buffer {
  const [file, name] = typeof fontFile === 'string' ? [fontFile, undefined] : fontFile;
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw unreadable(file, (err as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在' : '无法读取', err);
  }
  if (bytes.toString('latin1', 0, 4) !== 'ttcf') return bytes;
  let names: string[];
  try {
    const collection = fontkit.create(bytes);
    names = 'fonts' in collection ? collection.fonts.map((f) => f.postscriptName) : [];
  } catch (err) {
    throw unreadable(file, '字体集合（TTC）已损坏', err);
  }
  if (name === undefined) {
    throw unreadable(file, `这是字体集合（TTC），需要写出其中字体的 PostScript 名（${names.join('、')}）`);
  }
  const index = names.indexOf(name);
  if (index < 0) throw unreadable(file, `字体集合（TTC）中没有名为「${name}」的字体，只有 ${names.join('、')}`);
  const face = copyFace(bytes, bytes.readUInt32BE(12 + 4 * index));
  if (!face) throw unreadable(file, '字体集合（TTC）已损坏');
  return face;
}

/** The face whose table directory starts at `at` in a collection, as a standalone sfnt; undefined if it runs past the end. */
function copyFace(ttc: Buffer, at: number): Buffer | undefined {
  if (at + 12 > ttc.length) return undefined;
  const count = ttc.readUInt16BE(at + 4);
  const head = 12 + 16 * count;
  if (at + head > ttc.length) return undefined;
  const directory = Buffer.from(ttc.subarray(at, at + head));
  const tables: Buffer[] = [];
  let offset = head;
  for (let i = 0; i < count; i++) {
    const record = 12 + 16 * i;
    const from = directory.readUInt32BE(record + 8);
    const length = directory.readUInt32BE(record + 12);
    if (from + length > ttc.length) return undefined;
    directory.writeUInt32BE(offset, record + 8);
    const padded = Buffer.alloc((length + 3) & ~3);
    ttc.copy(padded, 0, from, from + length);
    tables.push(padded);
    offset += padded.length;
  }
  return Buffer.concat([directory, ...tables]);
}

function unreadable(file: string, reason: string, cause?: unknown): HandbookError {
  return new HandbookError(
    [diagnostic('error', 'font/unreadable', `字体文件「${file}」无法用于网页：${reason}`, { file }, { hint: '请换用完好的 TTF、OTF 或 TTC 字体文件。' })],
    cause === undefined ? undefined : { cause },
  );
}
