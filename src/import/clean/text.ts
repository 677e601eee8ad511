/*
 * Text cleaning for one value. Copies made through PDF or Word conversions
 * carry three kinds of noise: spaces inside words (中方 县文 化旅 游广 电体
 * 育局), half-width punctuation in Chinese text (信息形成(变更)), and
 * full-width letters and digits (２０个工作日). Chinese has no word spaces, so
 * a space between two Chinese characters is always noise; a space next to a
 * Latin word or a number may be meant (12345 政务服务便民热线) and stays.
 */

const han = '\\p{Script=Han}';
/** Full-width punctuation: CJK symbols, full-width forms, curly quotes, ellipsis, dash. */
const wide = '\\u3000-\\u303f\\uff01-\\uff0f\\uff1a-\\uff20\\uff3b-\\uff40\\uff5b-\\uff65\\u2018-\\u201f\\u2026\\u2014';

const spaceBetweenHan = new RegExp(`(?<=${han}) +(?=${han})`, 'gu');
const spaceNextToWide = new RegExp(`(?<=[${wide}]) +| +(?=[${wide}])`, 'gu');
const chinese = new RegExp(`[${han}${wide}]`, 'u');
const hanChar = new RegExp(han, 'u');

/** Any run of white space, including the no-break, ideographic and zero-width spaces pages carry. */
const whiteSpace = /[\s\u00a0\u3000\ufeff]+/g;

const wideOf: Record<string, string> = { ',': '，', ';': '；', ':': '：', '?': '？', '!': '！' };

/** Full-width letters and digits to ASCII: ２０ → 20. */
export function narrowAlphanumerics(text: string): string {
  return text.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

/**
 * Half-width punctuation next to Chinese text becomes full-width; `1,000`
 * and `http://` stay. A bracket pair becomes full-width when it holds Chinese
 * or follows it.
 */
export function widenPunctuation(text: string): string {
  let out = text.replace(/\(([^()（）]*)\)/g, (whole: string, inner: string, at: number) =>
    hanChar.test(inner) || chinese.test(neighbour(text, at, -1)) ? `（${inner}）` : whole,
  );
  // A pair opened in one width and closed in the other is a typing slip.
  out = out.replace(/（([^()（）]*)\)|\(([^()（）]*)）/g, (_: string, a?: string, b?: string) => `（${a ?? b ?? ''}）`);
  return out.replace(/[,;:?!]/g, (p: string, at: number) =>
    chinese.test(neighbour(out, at, -1)) || chinese.test(neighbour(out, at + 1, 1)) ? (wideOf[p] ?? p) : p,
  );
}

/** The nearest non-space character before `at` (direction -1) or from `at` on (direction 1). */
function neighbour(text: string, at: number, direction: 1 | -1): string {
  for (let i = direction < 0 ? at - 1 : at; i >= 0 && i < text.length; i += direction) {
    const ch = text[i] as string;
    if (ch !== ' ') return ch;
  }
  return '';
}

/**
 * Collapses white space (line breaks included) to single spaces and removes
 * the spaces conversion put between Chinese characters or next to full-width
 * punctuation.
 */
export function removeConversionSpaces(text: string): string {
  return text
    .replace(whiteSpace, ' ')
    .replace(spaceBetweenHan, '')
    .replace(spaceNextToWide, '')
    .trim();
}

/** A line break with the white space around it. */
const lineBreak = /[ \t\u00a0\u3000]*[\r\n\u2028\u2029\v\f]+[\s\u00a0\u3000]*/gu;

/**
 * Joins the lines of a cell into one: a line break next to a Chinese
 * character or full-width punctuation disappears (之日起↵20个工作日内 is one
 * phrase, the break only wrapped the cell); between two Latin words or
 * numbers it is a space. A space typed on one line stays a space.
 */
export function joinLines(text: string): string {
  return text.replace(lineBreak, (_: string, at: number, whole: string) => {
    const before = whole[at - 1] ?? '';
    const after = whole[at + _.length] ?? '';
    return before === '' || after === '' || chinese.test(before) || chinese.test(after) ? '' : ' ';
  });
}

/** One value as it should appear in the catalogue. */
export function cleanText(text: string): string {
  // Line breaks are joined first, then spaces collapsed, so that punctuation sees its real neighbours across a line break.
  return removeConversionSpaces(widenPunctuation(narrowAlphanumerics(joinLines(text).replace(whiteSpace, ' '))));
}

/** Like cleanText, and also drops every space: names of categories never hold one (行\n政\n许\n可). */
export function cleanName(text: string): string {
  return cleanText(text).replace(/ /g, '');
}
