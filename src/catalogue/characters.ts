/**
 * Characters a handbook cannot print faithfully. Control characters and
 * half surrogate pairs usually arrive by copying from other programs and
 * cannot even be written into a PDF's text; bidi controls silently reorder
 * what a reader sees (the "Trojan source" trick). They are refused at the
 * data stage, with the field's position, rather than failing later inside
 * the layout.
 */

export const MAX_FIELD_LENGTH = 2000;

export interface CharProblem {
  kind: 'control-char' | 'surrogate' | 'bidi' | 'too-long';
  /** The offending character, for the message. */
  char?: string;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

export function printableProblem(s: string): CharProblem | undefined {
  for (const [kind, re] of [
    ['control-char', CONTROL],
    ['surrogate', LONE_SURROGATE],
    ['bidi', BIDI],
  ] as const) {
    const m = re.exec(s);
    if (m) return { kind, char: m[0] };
  }
  if ([...s].length > MAX_FIELD_LENGTH) return { kind: 'too-long' };
  return undefined;
}

/** U+202E */
export function codePoint(ch: string): string {
  return `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}
