import { isUtf8 } from 'node:buffer';
import { byteOrderMark, decodeAs } from '../../host/encoding.js';

/**
 * Text files from Chinese offices arrive in two encodings: UTF-8 and the
 * GB family (Excel and Notepad on Chinese Windows save CSV and TXT as GBK;
 * older government pages declare gb2312). GB18030 is a superset of both GB
 * encodings, so one decoder reads them all.
 */

export interface DecodedText {
  text: string;
  /** The encoding used, as TextDecoder names it. */
  encoding: string;
  /** True when nothing declared the encoding and it was inferred from the bytes. */
  inferred: boolean;
}

/**
 * Decodes a text file. A byte-order mark wins (host/encoding.ts, the detector
 * the YAML readers use too), then (for HTML) a declared `charset`, then UTF-8
 * if the bytes are valid UTF-8, else GB18030.
 */
export function decodeText(bytes: Uint8Array, options: { html?: boolean } = {}): DecodedText {
  const mark = byteOrderMark(bytes);
  if (mark !== undefined) return { text: decodeAs(bytes.subarray(mark.length), mark.encoding), encoding: mark.encoding, inferred: false };
  if (options.html) {
    const declared = declaredCharset(bytes);
    if (declared !== undefined) return { text: new TextDecoder(declared).decode(bytes), encoding: declared, inferred: false };
  }
  // buffer.isUtf8 checks natively and Buffer decodes natively: several times faster than a fatal TextDecoder on a large file.
  if (isUtf8(bytes)) return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), encoding: 'utf-8', inferred: false };
  return { text: decodeAs(bytes, 'gb18030'), encoding: 'gb18030', inferred: true };
}

/** `<meta charset="gbk">` or `content="text/html; charset=gb2312"` near the top of the page. */
function declaredCharset(bytes: Uint8Array): string | undefined {
  // The declaration is ASCII and must appear early (HTML spec: first 1024 bytes); latin1 keeps bytes as they are.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const name = /<meta[^>]*charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  if (name === undefined) return undefined;
  try {
    return new TextDecoder(name).encoding;
  } catch {
    return undefined;
  }
}
