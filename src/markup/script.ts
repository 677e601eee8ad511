import { createRequire } from 'node:module';
import type { MarkupElement } from './nodes.js';

/**
 * Traditional-character editions (e.g. for Taiwan compatriots in 平潭):
 * every printed text is converted with OpenCC's phrase dictionaries
 * (opencc-js, simplified → Taiwan standard), so 头发 becomes 頭髮 and 皇后
 * stays 皇后. Web addresses, ids and file names are never touched.
 */

export type Script = 'hans' | 'hant';

type Convert = (s: string) => string;
let converter: Convert | undefined;

/** Loaded on first use: simplified editions never pay for the dictionaries. */
export function toTraditional(text: string): string {
  if (!converter) {
    const require = createRequire(import.meta.url);
    const opencc = require('opencc-js/cn2t') as { Converter(o: { from: string; to: string }): Convert };
    converter = opencc.Converter({ from: 'cn', to: 'tw' });
  }
  return converter(text);
}

/** Attributes whose values are printed text (everything else is an address, a size or a name). */
const textAttributes = new Set(['header', 'title', 'caption']);

/** Converts the printed text of a markup tree in place. */
export function convertMarkupScript(el: MarkupElement, convert: Convert = toTraditional): void {
  for (const [key, value] of Object.entries(el.attrs)) if (textAttributes.has(key)) el.attrs[key] = convert(value);
  for (const child of el.children) {
    if (child.kind === 'text') child.text = convert(child.text);
    else convertMarkupScript(child, convert);
  }
}
