import { toTraditional } from '../markup/script.js';

/** Attributes whose values are read by people (or matched against what they type), not addresses or ids. */
const textAttributes = /(\s(?:title|alt|placeholder|aria-label|content|data-search|data-name|data-found|data-none)=")([^"]*)(")/g;

/**
 * A traditional-character web twin: the text of the page and its readable
 * attributes go through OpenCC, as the PDF's markup does; tags, addresses,
 * ids, the stylesheet and the script are left alone.
 */
export function convertHtmlScript(html: string, convert: (s: string) => string = toTraditional): string {
  let out = '';
  let raw = false;
  for (const part of html.split(/(<[^>]*>)/)) {
    if (part.startsWith('<')) {
      if (/^<(style|script)\b/i.test(part)) raw = true;
      else if (/^<\/(style|script)\b/i.test(part)) raw = false;
      out += part.replace(textAttributes, (_, a: string, v: string, b: string) => `${a}${convert(v)}${b}`);
    } else out += raw ? part : convert(part);
  }
  return out;
}
