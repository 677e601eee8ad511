import { cleanText, narrowAlphanumerics } from '../clean/text.js';

/*
 * 公开内容 and 公开依据 cells hold lists, written as numbered items
 * (1.主体信息 2.审批结果; （1）…（2）…; ①…②…), as bullets (•主体信息), or one
 * per line. A number counts as a marker only when the numbers run 1, 2, 3…
 * from the start of the cell, so 第1条 or 20个工作日 inside an item never
 * split it.
 */

const numberFamilies: RegExp[] = [
  /(?<![\d.])(\d{1,2}) ?[.．、)）](?!\d)/g,
  /[（(] ?(\d{1,2}) ?[)）]/g,
  /([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])/g,
  /(?<![一二三四五六七八九十])([一二三四五六七八九十]{1,2})、/g,
];
const chineseNumerals = '一二三四五六七八九十';
const bullet = /(?:^|(?<=\s))[•·●▪◆◇\-*](?=\s*\S)/g;
/** Separators and stops that may trail an item: 主体信息；  审批结果。 */
const edgePunctuation = /^[\s、，,；;。.：:]+|[\s、，,；;。.：:]+$/g;

/** Splits a list cell into cleaned items. */
export function splitList(raw: string): string[] {
  const text = narrowAlphanumerics(raw).trim();
  const starts = numberedStarts(text) ?? bulletStarts(text);
  const pieces = starts ? slice(text, starts) : text.split(/\n|；|;/);
  return pieces.map((p) => cleanText(p).replace(edgePunctuation, '')).filter((p) => p !== '');
}

/**
 * Splits a 公开依据 cell. Besides list markers, titles written one after the
 * other are separate bases: 《条例》《规定》 and 《条例》第十五条、《规定》.
 */
export function splitBasis(raw: string): string[] {
  return splitList(raw).flatMap((item) =>
    item.startsWith('《') ? item.split(/(?<=》)(?=《)|[、，,；;](?=《)/).map((s) => s.replace(edgePunctuation, '')).filter((s) => s !== '') : [item],
  );
}

interface Marker {
  start: number;
  end: number;
}

/** Markers of the first numbering style that starts the cell and counts up from one. */
function numberedStarts(text: string): Marker[] | undefined {
  for (const family of numberFamilies) {
    const markers: Marker[] = [];
    for (const m of text.matchAll(family)) {
      if (numberValue(m[1] as string) !== markers.length + 1) continue;
      if (markers.length === 0 && text.slice(0, m.index).trim() !== '') break;
      markers.push({ start: m.index, end: m.index + m[0].length });
    }
    if (markers.length > 0) return markers;
  }
  return undefined;
}

function bulletStarts(text: string): Marker[] | undefined {
  const markers = [...text.matchAll(bullet)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  return markers.length > 0 && text.slice(0, markers[0]?.start).trim() === '' ? markers : undefined;
}

/** The text after each marker up to the next one. */
function slice(text: string, markers: readonly Marker[]): string[] {
  return markers.map((m, i) => text.slice(m.end, markers[i + 1]?.start ?? text.length));
}

function numberValue(token: string): number {
  if (/^\d+$/.test(token)) return Number(token);
  const circled = token.codePointAt(0) ?? 0;
  if (circled >= 0x2460 && circled <= 0x2473) return circled - 0x2460 + 1;
  // 一 … 九, 十, 十一 … 十九, 二十
  const [a, b] = [...token].map((ch) => chineseNumerals.indexOf(ch) + 1);
  if (b === undefined) return a ?? 0;
  if (a === 10) return 10 + b;
  return b === 10 ? (a ?? 0) * 10 : 0;
}
