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

const CHECKS = [
  ['control-char', CONTROL],
  ['surrogate', LONE_SURROGATE],
  ['bidi', BIDI],
] as const;

export function printableProblem(s: string): CharProblem | undefined {
  for (const [kind, re] of CHECKS) {
    const m = re.exec(s);
    if (m) return { kind, char: m[0] };
  }
  // A string has no more characters than UTF-16 units: count them only when it could be too long.
  if (s.length > MAX_FIELD_LENGTH && [...s].length > MAX_FIELD_LENGTH) return { kind: 'too-long' };
  return undefined;
}

/** U+202E, U+20BB7 (a lone surrogate gives its own code unit). */
export function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
