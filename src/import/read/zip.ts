import { Inflate } from 'fflate';
import { ImportLimitError, MAX_INFLATED_BYTES, MAX_ZIP_ENTRIES } from '../limits.js';
import { diagnostic } from '../../diagnostics/diagnostic.js';
import { formatBytes } from '../../host/host.js';

/*
 * An .xlsx (or .docx) is a zip of XML parts. A few megabytes of zip can inflate to
 * gigabytes (a zip bomb), and read-excel-file inflates every part whole, so
 * the parts are inflated here first: the central directory's declared sizes
 * are checked before inflating (a quick refusal for an honest bomb), and the
 * inflated bytes are counted while inflating, stopping at the cap, since a
 * declared size can lie.
 */

/** What the zip is to the user, for messages: 「Excel 文件」 and .xlsx, 「Word 文档」 and .docx. */
export interface ZipKind {
  name: string;
  ext: string;
}

const excel: ZipKind = { name: 'Excel 文件', ext: '.xlsx' };

/** A zip the reader cannot take apart, with a Chinese reason. */
export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

interface Entry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
}

/** Slice of compressed input pushed at a time: at most about 1,000 times as much comes out, so the cap is overshot by a few MB at most. */
const CHUNK = 4096;

/**
 * Inflates the parts whose names `wanted` accepts, in total at most
 * MAX_INFLATED_BYTES.
 *
 * @throws ImportLimitError when the parts inflate past the cap (or say they will);
 *   ZipError when the file is not a zip this reader can take apart.
 */
export function unzipCapped(bytes: Uint8Array, file: string, wanted: (name: string) => boolean, kind: ZipKind = excel): Map<string, Uint8Array> {
  const entries = centralDirectory(bytes, kind).filter((e) => wanted(e.name));
  const declared = entries.reduce((n, e) => n + e.declaredSize, 0);
  if (declared > MAX_INFLATED_BYTES) throw tooLarge(file, declared, true, kind);
  const parts = new Map<string, Uint8Array>();
  let total = 0;
  for (const entry of entries) {
    if (entry.flags & 1) throw new ZipError('文件已加密');
    const data = localData(bytes, entry);
    if (entry.method === 0) {
      total += data.length;
      if (total > MAX_INFLATED_BYTES) throw tooLarge(file, total, false, kind);
      parts.set(entry.name, data);
      continue;
    }
    if (entry.method !== 8) throw new ZipError(`使用了不支持的压缩方式（${entry.method}）`);
    const chunks: Uint8Array[] = [];
    let size = 0;
    let done = false;
    const inflate = new Inflate((chunk, final) => {
      size += chunk.length;
      total += chunk.length;
      if (total > MAX_INFLATED_BYTES) throw tooLarge(file, total, false, kind);
      chunks.push(chunk);
      if (final) done = true;
    });
    try {
      for (let at = 0; at < data.length; at += CHUNK) inflate.push(data.subarray(at, at + CHUNK), at + CHUNK >= data.length);
      if (data.length === 0) inflate.push(new Uint8Array(0), true);
    } catch (cause) {
      if (cause instanceof ImportLimitError) throw cause;
      throw new ZipError('压缩数据已损坏');
    }
    if (!done) throw new ZipError('压缩数据不完整');
    parts.set(entry.name, concat(chunks, size));
  }
  return parts;
}

function tooLarge(file: string, bytes: number, declared: boolean, kind: ZipKind): ImportLimitError {
  const amount = declared ? `解压后有 ${formatBytes(bytes)}` : `解压到 ${formatBytes(bytes)} 时仍未结束`;
  return new ImportLimitError(
    diagnostic('error', 'import/inflated-too-large', `${kind.name}中的表格数据过大：${amount}，上限 ${formatBytes(MAX_INFLATED_BYTES)}，未读取`, { file }, {
      hint: '一个标准目录解压后通常只有几 MB；这个文件可能不是目录表格，或是被恶意构造的压缩文件（zip 炸弹）。',
    }),
  );
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The entries listed in the zip's central directory. */
function centralDirectory(bytes: Uint8Array, kind: ZipKind): Entry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record is the last 22 bytes, before a comment of up to 65,535 bytes.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ZipError(`不是有效的 ${kind.ext} 文件（找不到压缩包的目录）`);
  const count = view.getUint16(end + 10, true);
  const offset = view.getUint32(end + 16, true);
  if (count === 0xffff || offset === 0xffffffff) throw new ZipError('使用了 ZIP64 格式，这里不支持');
  if (count > MAX_ZIP_ENTRIES) throw new ZipError(`压缩包中的文件过多（${count} 个，上限 ${MAX_ZIP_ENTRIES}）`);
  const entries: Entry[] = [];
  let at = offset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) throw new ZipError('压缩包的目录已损坏');
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    if (at + 46 + nameLength > bytes.length) throw new ZipError('压缩包的目录已损坏');
    entries.push({
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      declaredSize: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** An entry's compressed bytes, found through its local header. */
function localData(bytes: Uint8Array, entry: Entry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== 0x04034b50) throw new ZipError('压缩包中的文件头已损坏');
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + entry.compressedSize > bytes.length) throw new ZipError('压缩包不完整（可能下载或复制时被截断）');
  return bytes.subarray(start, start + entry.compressedSize);
}
