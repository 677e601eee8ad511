import { cleanText } from '../clean/text.js';

/*
 * 公开渠道和载体 is usually a checkbox list printed in every row, with the
 * chosen options filled: ■政府网站 □政府公报 □两微一端 ■其他. Unchosen boxes
 * come through conversions as □, ☐, £ (a Wingdings box read as Latin-1) or
 * the character 口; 口 is a marker only where a box can stand (start of the
 * cell, after a space or separator), since it is also a real character.
 * Word's checkbox control draws a checked box as ☒.
 */

const checked = '■☑☒✓✔√●';
const unchecked = '□☐£○';
const marker = new RegExp(`[${checked}${unchecked}]|(?:^|(?<=[\\s、，,；;]))口`, 'gu');
const definite = new RegExp(`[${checked}${unchecked}]`, 'u');
const edgePunctuation = /^[\s、，,；;。：:_＿]+|[\s、，,；;。：:_＿]+$/g;

export interface Channels {
  values: string[];
  /** Text that is neither a box nor an option label, as written. */
  unread: string[];
}

/** The chosen channels of a cell; a cell without boxes is a plain list (政府网站、政务服务中心). */
export function readChannels(raw: string): Channels {
  if (!definite.test(raw)) {
    return { values: unique(raw.split(/[\n、，,；;]/).map(label)), unread: [] };
  }
  const markers = [...raw.matchAll(marker)];
  const values: string[] = [];
  const unread: string[] = [];
  const before = raw.slice(0, markers[0]?.index ?? 0).trim();
  if (label(before) !== '') unread.push(before);
  markers.forEach((m, i) => {
    const text = label(raw.slice(m.index + m[0].length, markers[i + 1]?.index ?? raw.length));
    if (text === '') unread.push(m[0]);
    else if (checked.includes(m[0])) values.push(text);
  });
  return { values: unique(values), unread };
}

/** An option's label: 其他：____ → 其他. */
function label(text: string): string {
  return cleanText(text).replace(/[_＿]{2,}/g, '').replace(edgePunctuation, '');
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => v !== ''))];
}
