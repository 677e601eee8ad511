import { Converter } from 'opencc-js/t2cn';

/*
 * Some directories survive only on mirror sites that convert pages to
 * traditional characters and insert pinyin after "hard" characters:
 * 政務(wù)公開標(biāo)準(zhǔn)目錄. We undo both.
 *
 * opencc-js is the JavaScript port of OpenCC, the converter Chinese Wikipedia
 * and most input tools use. Its conversion is phrase-aware (a trie of OpenCC's
 * dictionaries), which a character table is not, and the `t2cn` entry loads
 * only the traditional → simplified dictionaries (about 100 KB).
 */

const simplify = Converter({ from: 't', to: 'cn' });

const toneMarks = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ';
const pinyinAfterHan = new RegExp(`(\\p{Script=Han})[ \\t]*[(（][ \\t]*([a-zü${toneMarks}]{1,7})[ \\t]*[)）]`, 'gu');
const han = /\p{Script=Han}/u;

/**
 * Removes a pinyin reading written in brackets right after a character:
 * 標(biāo) → 標. Only lowercase syllables with a tone mark count, so that
 * 附件(pdf) or 条例(a) are left alone.
 */
export function removePinyin(text: string): string {
  return text.replace(pinyinAfterHan, (whole: string, char: string, syllable: string) =>
    [...syllable].some((ch) => toneMarks.includes(ch)) ? char : whole,
  );
}

/** Converts traditional characters to simplified (OpenCC t → cn). */
export function toSimplified(text: string): string {
  return simplify(text);
}

/**
 * How many characters of `text` are traditional forms that simplification
 * would change, out of how many Chinese characters.
 */
export function countTraditional(text: string): { traditional: number; han: number } {
  const counts = new Map<string, number>();
  let total = 0;
  for (const ch of text) {
    if (!han.test(ch)) continue;
    total++;
    counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let traditional = 0;
  for (const [ch, n] of counts) if (simplify(ch) !== ch) traditional += n;
  return { traditional, han: total };
}

/**
 * A source is traditional when a noticeable share of its characters are
 * traditional forms. Simplified text may hold a few (a surname such as 於),
 * which must not switch the whole file; traditional text has one changed
 * character in every four or five.
 */
export function isTraditional(text: string): boolean {
  return isTraditionalCount(countTraditional(text));
}

/** The threshold isTraditional applies, for a caller that has the counts already. */
export function isTraditionalCount({ traditional, han }: { traditional: number; han: number }): boolean {
  return traditional >= 3 && traditional >= han * 0.05;
}
