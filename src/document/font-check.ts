import fs from 'node:fs';

/**
 * What can be told of a TrueType or OpenType file from its table directory,
 * without reading the file: a CJK face is 10–15 MB, and a build reads only
 * the faces its text uses (a theme's bold serif often is not).
 *
 * 'sfnt': a single face whose tables all lie inside the file, with the
 * tables a face needs, at least one glyph and a character map with at least
 * one subtable inside it. 'other': a collection (TTC) or a web font, which
 * only fontkit can tell apart. Otherwise a Chinese reason it is no font.
 */
export type SfntCheck = { kind: 'sfnt' } | { kind: 'other' } | { kind: 'broken'; reason: string };

export const NOT_A_FONT = '不是可识别的字体文件（可能已损坏，或格式不是 TTF/OTF/TTC）';
const TRUNCATED = '文件不完整（可能下载或复制时被截断）';

const SFNT = new Set([0x00010000, 0x4f54544f /* OTTO */, 0x74727565 /* true */]);
const OTHER = new Set([0x74746366 /* ttcf */, 0x774f4646 /* wOFF */, 0x774f4632 /* wOF2 */]);
const REQUIRED = ['cmap', 'head', 'hhea', 'hmtx', 'maxp'];

export function checkSfnt(file: string): SfntCheck {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const read = (at: number, length: number): Buffer | undefined => {
      if (at < 0 || at + length > size) return undefined;
      const b = Buffer.alloc(length);
      return fs.readSync(fd, b, 0, length, at) === length ? b : undefined;
    };
    const header = read(0, 12);
    if (!header) return { kind: 'broken', reason: NOT_A_FONT };
    const signature = header.readUInt32BE(0);
    if (OTHER.has(signature)) return { kind: 'other' };
    if (!SFNT.has(signature)) return { kind: 'broken', reason: NOT_A_FONT };
    const count = header.readUInt16BE(4);
    const directory = read(12, count * 16);
    if (!count || !directory) return { kind: 'broken', reason: TRUNCATED };
    const tables = new Map<string, { offset: number; length: number }>();
    for (let i = 0; i < count; i++) {
      const tag = directory.toString('latin1', i * 16, i * 16 + 4);
      const offset = directory.readUInt32BE(i * 16 + 8);
      const length = directory.readUInt32BE(i * 16 + 12);
      if (offset + length > size) return { kind: 'broken', reason: TRUNCATED };
      tables.set(tag, { offset, length });
    }
    const outlines = (tables.has('glyf') && tables.has('loca')) || tables.has('CFF ') || tables.has('CFF2');
    if (!outlines || REQUIRED.some((tag) => !tables.has(tag))) return { kind: 'broken', reason: NOT_A_FONT };
    const maxp = read(tables.get('maxp')!.offset, 6);
    if (!maxp || maxp.readUInt16BE(4) === 0) return { kind: 'broken', reason: '文件中没有字形' };
    const cmap = tables.get('cmap')!;
    const cmapHeader = read(cmap.offset, 4);
    const subtables = cmapHeader?.readUInt16BE(2) ?? 0;
    const records = subtables ? read(cmap.offset + 4, subtables * 8) : undefined;
    if (!records) return { kind: 'broken', reason: NOT_A_FONT };
    for (let i = 0; i < subtables; i++) {
      if (records.readUInt32BE(i * 8 + 4) >= cmap.length) return { kind: 'broken', reason: NOT_A_FONT };
    }
    return { kind: 'sfnt' };
  } finally {
    fs.closeSync(fd);
  }
}
