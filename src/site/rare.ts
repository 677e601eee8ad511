/**
 * Code points a phone's system Chinese font may lack, so a page must carry
 * them itself. Phone CJK fonts (Noto Sans CJK / Source Han Sans on Android,
 * PingFang on iOS, vendor UI fonts such as HarmonyOS Sans and MiSans) all
 * cover GBK, whose ideographs are exactly U+4E00–U+9FA5, plus punctuation;
 * anything beyond that varies by vendor, font version and OS version:
 *
 * - CJK Extension A (U+3400–U+4DBF): required by GB 18030 and in Noto and
 *   PingFang, but not in every vendor font or older device, and
 *   U+4DB6–U+4DBF (Unicode 13) is missing even from the bundled Noto Sans SC.
 * - U+9FA6–U+9FFF, added to the unified block from Unicode 4.1 to 14: not in
 *   GBK; the bundled Noto Sans SC stops at U+9FEF.
 * - Extension B and later, and the compatibility supplement (planes 2 and 3,
 *   U+20000–U+3FFFF): where most rare place-name characters are; the bundled
 *   Noto fonts have ~50 of the 42,720 in Extension B.
 * - Compatibility ideographs (U+F900–U+FAFF): used for some place and
 *   personal names; partly covered at best.
 * - Ideographic description characters (U+2FF0–U+2FFF) and CJK strokes
 *   (U+31C0–U+31EF): how offices write a character that has no code point
 *   (「⿰土孚」); the newest are missing from Noto.
 * - Private use (U+E000–U+F8FF, planes 15 and 16): only the office's own
 *   font draws them.
 *
 * Erring towards "rare" costs 100–150 bytes a character and, through
 * `unicode-range`, touches only those characters; erring the other way shows
 * an empty box. Variation selectors are left to the system font (the base
 * character decides).
 */
const RARE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x2ff0, 0x2fff],
  [0x31c0, 0x31ef],
  [0x3400, 0x4dbf],
  [0x9fa6, 0x9fff],
  [0xe000, 0xf8ff],
  [0xf900, 0xfaff],
  [0x20000, 0x3ffff],
  [0xf0000, 0x10ffff],
];

function isRare(cp: number): boolean {
  return RARE_RANGES.some(([from, to]) => cp >= from && cp <= to);
}

/** The distinct characters of `text` a phone may have no glyph for (see RARE_RANGES), sorted by code point. */
export function rareCharacters(text: string): string[] {
  const found = new Set<number>();
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (isRare(cp)) found.add(cp);
  }
  return [...found].sort((a, b) => a - b).map((cp) => String.fromCodePoint(cp));
}
