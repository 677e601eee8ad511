import fs from 'node:fs';
import { fontkit } from './fontkit.js';
import type { Font } from './fontkit.js';
import { readDirectory } from './font-check.js';

/**
 * Opens a TrueType face without reading its glyph outlines.
 *
 * A CJK face is 10–15 MB, and most of that is the 'glyf' table: the outlines
 * of some 30,000 glyphs, of which a handbook prints a few thousand. Every
 * other table is read now (the character map, metrics and layout tables that
 * coverage and line breaking use); an outline is read from the file the
 * first time fontkit decodes that glyph (patches/fontkit calls
 * `_ensureGlyph`), and pdfkit's subset asks for all its glyphs at once
 * (`_ensureGlyphs`). The face's buffer has the file's size, but pages never
 * written stay unallocated, so memory holds only what was read.
 *
 * Undefined when the file is not a single TrueType-outline face (a CFF
 * font, a collection, a web font): the caller reads it whole.
 */
export function openLazily(file: string): Font | undefined {
  const fd = fs.openSync(file, 'r');
  let keepOpen = false;
  try {
    const size = fs.fstatSync(fd).size;
    const bytes = new Uint8Array(size);
    const read = (at: number, length: number) => {
      if (at < 0 || length < 0 || at + length > size) throw new Error('table outside the file');
      let done = 0;
      while (done < length) {
        const n = fs.readSync(fd, bytes, at + done, length - done, at + done);
        if (n === 0) throw new Error('file shorter than it says');
        done += n;
      }
    };
    const found = readDirectory(fd, size);
    if ('problem' in found) {
      if (found.problem === 'truncated') throw new Error('a table lies outside the file');
      return undefined;
    }
    const { tables } = found;
    const glyf = tables.get('glyf');
    if (!glyf || !tables.has('loca') || tables.has('CFF ') || tables.has('CFF2') || tables.has('gvar')) return undefined;
    read(0, found.end); // fontkit reads the directory from the buffer
    // Everything but the outlines, neighbouring tables in one read.
    const ranges = [...tables.values()]
      .filter((t) => t !== glyf && t.length > 0)
      .map((t) => [t.offset, t.offset + t.length] as [number, number])
      .sort((a, b) => a[0] - b[0]);
    for (let i = 0; i < ranges.length; ) {
      let [start, end] = ranges[i]!;
      for (i++; i < ranges.length && ranges[i]![0] - end < 4096; i++) end = Math.max(end, ranges[i]![1]);
      read(start, end - start);
    }
    const face = fontkit.create(Buffer.from(bytes.buffer, 0, size)) as Font & LazyOutlines;
    if ('fonts' in face) return undefined;
    const loaded = new Uint8Array(face.numGlyphs);
    const offsets = () => (face as unknown as { loca: { offsets: number[] } }).loca.offsets;
    face._ensureGlyph = (id: number) => {
      if (loaded[id]) return;
      const loca = offsets();
      const start = loca[id]!;
      const end = loca[id + 1]!;
      if (end > start) read(glyf.offset + start, end - start);
      loaded[id] = 1;
    };
    face._ensureGlyphs = (ids: readonly number[]) => {
      // In file order, glyphs close together in one read.
      const loca = offsets();
      const wanted = [...new Set(ids)].filter((id) => !loaded[id] && id < loaded.length).sort((a, b) => loca[a]! - loca[b]!);
      for (let i = 0; i < wanted.length; ) {
        const first = wanted[i]!;
        let end = loca[first + 1]!;
        let j = i + 1;
        while (j < wanted.length && loca[wanted[j]!]! - end < 512) end = Math.max(end, loca[wanted[j++]! + 1]!);
        if (end > loca[first]!) read(glyf.offset + loca[first]!, end - loca[first]!);
        for (let k = i; k < j; k++) loaded[wanted[k]!] = 1;
        i = j;
      }
    };
    keepOpen = true; // outlines are read for as long as the face is used (the process)
    return face;
  } finally {
    if (!keepOpen) fs.closeSync(fd);
  }
}

interface LazyOutlines {
  _ensureGlyph(id: number): void;
  _ensureGlyphs(ids: readonly number[]): void;
}
