import { strFromU8 } from 'fflate';
import type { MergedRange } from '../table.js';

/*
 * read-excel-file returns cell values only; a merged cell's value sits in its
 * top-left cell and the cells it covers read as empty. Offices merge the
 * 一级事项 and often 公开主体 or 公开时限 down a group of rows, so we read the
 * `<mergeCells>` of each sheet ourselves: the workbook lists the sheets, its
 * relationships file says which part holds each one.
 */

/** The workbook's sheets: part name (`xl/worksheets/sheet1.xml`) → sheet name, in workbook order. */
export function sheetParts(parts: ReadonlyMap<string, Uint8Array>): Map<string, string> {
  const text = (name: string) => {
    const part = parts.get(name);
    return part === undefined ? '' : strFromU8(part);
  };
  const targets = new Map<string, string>();
  for (const tag of text('xl/_rels/workbook.xml.rels').match(/<Relationship\b[^>]*>/g) ?? []) {
    const a = attributes(tag);
    if (a.Id !== undefined && a.Target !== undefined) targets.set(a.Id, partName(a.Target));
  }
  const sheets = new Map<string, string>();
  for (const tag of text('xl/workbook.xml').match(/<sheet\b[^>]*>/g) ?? []) {
    const a = attributes(tag);
    const id = a['r:id'] ?? Object.entries(a).find(([k]) => k.endsWith(':id'))?.[1];
    const target = id === undefined ? undefined : targets.get(id);
    if (a.name !== undefined && target !== undefined) sheets.set(target, a.name);
  }
  return sheets;
}

/** Merged ranges of every sheet, by sheet name, from the inflated parts. Files without merges give empty lists. */
export function readMergedRanges(parts: ReadonlyMap<string, Uint8Array>): Map<string, MergedRange[]> {
  const result = new Map<string, MergedRange[]>();
  for (const [target, name] of sheetParts(parts)) {
    const part = parts.get(target);
    const ranges = (part === undefined ? [] : (strFromU8(part).match(/<mergeCell\b[^>]*>/g) ?? []))
      .map((t) => parseRange(attributes(t).ref ?? ''))
      .filter((r): r is MergedRange => r !== undefined);
    result.set(name, ranges);
  }
  return result;
}

/** `worksheets/sheet1.xml` (relative to xl/) or `/xl/worksheets/sheet1.xml` → `xl/worksheets/sheet1.xml`. */
function partName(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:]+)\s*=\s*"([^"]*)"/g)) out[m[1] as string] = unescapeXml(m[2] as string);
  return out;
}

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#x[0-9a-f]+|#\d+);/gi, (_, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
    if (e[0] !== '#') return named[e.toLowerCase()] ?? '';
    return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

/** `B2:D3` → { top: 2, left: 2, bottom: 3, right: 4 } */
export function parseRange(ref: string): MergedRange | undefined {
  const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/i.exec(ref.trim());
  if (!m) return undefined;
  return { top: Number(m[2]), left: columnNumber(m[1] as string), bottom: Number(m[4]), right: columnNumber(m[3] as string) };
}

function columnNumber(letters: string): number {
  return [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
}
