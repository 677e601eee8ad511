import { isUtf8 } from 'node:buffer';

/*
 * Which encoding a text file is in. Files from Chinese offices arrive as
 * UTF-8 and, just as often, in what Notepad and WPS on Chinese Windows save
 * by default: GBK (decoded here as GB18030, its superset), or UTF-16 when
 * someone picked 「Unicode」. One detector serves every reader: the YAML
 * inputs (strict: `decodeInput`) and `handbook import` (lenient, in
 * import/read/decode.ts).
 */

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be' | 'gb18030';

/** The byte-order mark at the start of `bytes`, if any. UTF-32 LE is checked before UTF-16 LE, whose mark it starts with. */
export function byteOrderMark(bytes: Uint8Array): { encoding: Encoding; length: number } | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return { encoding: 'utf-32le', length: 4 };
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return { encoding: 'utf-32be', length: 4 };
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/**
 * UTF-16 without a mark, told by its NUL bytes: YAML's keys, spaces and line
 * breaks are ASCII, which UTF-16 writes with a zero high byte, so one half of
 * the byte positions is full of zeros and the other has almost none. A binary
 * (a spreadsheet, an image) has zeros in both halves.
 */
export function utf16ByNuls(bytes: Uint8Array): Encoding | undefined {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return undefined;
  const n = Math.min(bytes.length, 4096);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) if (bytes[i] === 0) i % 2 === 0 ? even++ : odd++;
  const pairs = n / 2;
  if (odd >= pairs * 0.2 && even * 20 <= odd) return 'utf-16le';
  if (even >= pairs * 0.2 && odd * 20 <= even) return 'utf-16be';
  return undefined;
}

/** Decodes with `encoding`; `fatal` throws a TypeError on a malformed sequence instead of writing U+FFFD. */
export function decodeAs(bytes: Uint8Array, encoding: Encoding, fatal = false): string {
  if (encoding === 'utf-32le' || encoding === 'utf-32be') return decodeUtf32(bytes, encoding === 'utf-32le', fatal);
  return new TextDecoder(encoding, { fatal }).decode(bytes);
}

/** TextDecoder has no UTF-32; it is rare enough to decode by hand. */
function decodeUtf32(bytes: Uint8Array, littleEndian: boolean, fatal: boolean): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: string[] = [];
  let chunk: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i += 4) {
    let cp = view.getUint32(i, littleEndian);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      if (fatal) throw new TypeError('invalid UTF-32');
      cp = 0xfffd;
    }
    chunk.push(cp);
    if (chunk.length === 8192) {
      parts.push(String.fromCodePoint(...chunk));
      chunk = [];
    }
  }
  if (bytes.length % 4 !== 0) {
    if (fatal) throw new TypeError('truncated UTF-32');
    chunk.push(0xfffd);
  }
  parts.push(String.fromCodePoint(...chunk));
  return parts.join('');
}

/**
 * The first byte that is not part of a well-formed UTF-8 sequence (Unicode
 * Table 3-7), and how many multi-byte sequences were well-formed and how many
 * were not. GBK text is mostly malformed as UTF-8; a UTF-8 file with one
 * pasted-in line of another encoding is mostly well-formed.
 */
export function utf8Survey(bytes: Uint8Array): { firstBad: number | undefined; valid: number; invalid: number } {
  let firstBad: number | undefined;
  let valid = 0;
  let invalid = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = sequenceLength(bytes, i);
    if (length > 0) {
      valid++;
      i += length;
    } else {
      invalid++;
      firstBad ??= i;
      i++;
    }
  }
  return { firstBad, valid, invalid };
}

/** Length of the well-formed multi-byte sequence at `i`, or 0. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => {
    const x = bytes[i + k];
    return x !== undefined && x >= lo && x <= hi;
  };
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const lo = b === 0xe0 ? 0xa0 : 0x80;
    const hi = b === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const lo = b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/**
 * Bytes that are not UTF-8 read as GBK when GB18030 decodes them without a
 * single error into text that is mostly Chinese (Han characters, Chinese and
 * full-width punctuation), and when most of their multi-byte sequences are
 * malformed as UTF-8 (else it is a UTF-8 file with a damaged spot, which
 * GB18030 would also decode, into nonsense characters).
 */
export function decodeGbk(bytes: Uint8Array): string | undefined {
  const survey = utf8Survey(bytes);
  if (survey.invalid === 0 || survey.invalid < survey.valid) return undefined;
  let text: string;
  try {
    text = decodeAs(bytes, 'gb18030', true);
  } catch {
    return undefined;
  }
  let other = 0;
  let chinese = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) continue;
    if (isChineseText(cp)) chinese++;
    else other++;
  }
  return chinese > 0 && chinese >= 4 * other ? text : undefined;
}

function isChineseText(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) || // CJK unified ideographs
    (cp >= 0x3400 && cp <= 0x4dbf) || // extension A
    (cp >= 0x3000 && cp <= 0x303f) || // 、。「」《》
    (cp >= 0xff00 && cp <= 0xffef) || // ，：（）full-width forms
    (cp >= 0x2010 && cp <= 0x2027) || // — “” …
    (cp >= 0x2460 && cp <= 0x24ff) || // ①
    cp === 0xb7 ||
    cp === 0xd7
  );
}

/** What a file's bytes are, for readers that must not guess silently. */
export type DecodedInput =
  | { ok: true; text: string; encoding: Encoding; /** Not UTF-8: the reader should say so. */ converted: boolean }
  | { ok: false; encoding: Encoding; /** Offset of the first byte that could not be read, in `bytes` (after any mark). */ offset: number; line: number; column: number; byte: number };

/**
 * Decodes an input file strictly: UTF-8 (a mark is dropped), UTF-16 and
 * UTF-32 by their marks or, for UTF-16, by their NUL bytes, GBK when the
 * bytes read cleanly as it; anything else is refused with where the first
 * unreadable byte is. A file with NUL bytes that is not UTF-16 is a binary:
 * it is returned as UTF-8 (NULs included) for the caller to say so.
 */
export function decodeInput(bytes: Uint8Array): DecodedInput {
  const mark = byteOrderMark(bytes);
  if (mark !== undefined && mark.encoding !== 'utf-8') return strict(bytes.subarray(mark.length), mark.encoding);
  const body = mark === undefined ? bytes : bytes.subarray(mark.length);
  const utf16 = mark === undefined ? utf16ByNuls(body) : undefined;
  if (utf16 !== undefined) return strict(body, utf16);
  // buffer.isUtf8 checks natively: a large plain file costs next to nothing here.
  if (isUtf8(body) || body.includes(0)) {
    return { ok: true, text: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'), encoding: 'utf-8', converted: false };
  }
  const gbk = mark === undefined ? decodeGbk(body) : undefined;
  if (gbk !== undefined) return { ok: true, text: gbk, encoding: 'gb18030', converted: true };
  const offset = utf8Survey(body).firstBad ?? 0;
  return { ok: false, encoding: 'utf-8', byte: body[offset]!, offset, ...utf8Position(body, offset) };
}

function strict(bytes: Uint8Array, encoding: Encoding): DecodedInput {
  try {
    return { ok: true, text: decodeAs(bytes, encoding, true), encoding, converted: true };
  } catch {
    // Where the damage is: the first replacement character of a lenient decode, counted as text.
    const text = decodeAs(bytes, encoding);
    const at = Math.max(0, text.indexOf('\ufffd'));
    const before = text.slice(0, at);
    const lineStart = before.lastIndexOf('\n') + 1;
    // UTF-16 writes each code unit in 2 bytes, UTF-32 each code point in 4.
    const offset = Math.min(bytes.length - 1, encoding.startsWith('utf-32') ? [...before].length * 4 : before.length * 2);
    return { ok: false, encoding, offset, byte: bytes[offset] ?? 0, line: before.split('\n').length, column: at - lineStart + 1 };
  }
}

/** 1-based line and column (in UTF-16 units, as the YAML positions count) of a byte offset in well-formed UTF-8 before it. */
function utf8Position(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < offset; i = bytes.indexOf(0x0a, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: Buffer.from(bytes.buffer, bytes.byteOffset + lineStart, offset - lineStart).toString('utf8').length + 1 };
}
