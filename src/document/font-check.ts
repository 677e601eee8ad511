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

export interface SfntTable {
  offset: number;
  length: number;
}

/** Bytes `at`…`at + length` of an open file, or undefined when the file is shorter. */
export function readAt(fd: number, size: number, at: number, length: number): Buffer | undefined {
  if (at < 0 || at + length > size) return undefined;
  const b = Buffer.alloc(length);
  return fs.readSync(fd, b, 0, length, at) === length ? b : undefined;
}

/**
 * The table directory of a single TrueType or OpenType face in an open file
 * (`end`: where the directory ends), or what else the file is: a collection
 * or web font ('other'), no font, or a font whose tables run past its end.
 */
export function readDirectory(
  fd: number,
  size: number,
): { tables: Map<string, SfntTable>; end: number } | { problem: 'other' | 'not-a-font' | 'truncated' } {
  const header = readAt(fd, size, 0, 12);
  if (!header) return { problem: 'not-a-font' };
  const signature = header.readUInt32BE(0);
  if (OTHER.has(signature)) return { problem: 'other' };
  if (!SFNT.has(signature)) return { problem: 'not-a-font' };
  const count = header.readUInt16BE(4);
  const directory = readAt(fd, size, 12, count * 16);
  if (!count || !directory) return { problem: 'truncated' };
  const tables = new Map<string, SfntTable>();
  for (let i = 0; i < count; i++) {
    const offset = directory.readUInt32BE(i * 16 + 8);
    const length = directory.readUInt32BE(i * 16 + 12);
    if (offset + length > size) return { problem: 'truncated' };
    tables.set(directory.toString('latin1', i * 16, i * 16 + 4), { offset, length });
  }
  return { tables, end: 12 + count * 16 };
}

export function checkSfnt(file: string): SfntCheck {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const read = (at: number, length: number) => readAt(fd, size, at, length);
    const found = readDirectory(fd, size);
    if ('problem' in found) {
      if (found.problem === 'other') return { kind: 'other' };
      return { kind: 'broken', reason: found.problem === 'truncated' ? TRUNCATED : NOT_A_FONT };
    }
    const { tables } = found;
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
