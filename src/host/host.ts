import fs from 'node:fs';
import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Checked, Diagnostic, SourcePosition } from '../diagnostics/diagnostic.js';
import { decodeInputFile } from './decode-file.js';
import { decodeInput } from './encoding.js';

/**
 * File access behind a small interface (typst's `World`): the core asks for
 * files; the CLI supplies the real file system, tests may supply memory.
 * Paths are absolute.
 */
export interface Host {
  /**
   * Reads a UTF-8 file of at most `limit` bytes (no limit when absent).
   * Throws a Node-style error (with `code`) if it cannot: an `InputFileError`
   * for a file that is not a regular file or is larger than `limit`.
   */
  readText(file: string, limit?: number): string;
  /**
   * The same file as text in whatever encoding it was saved, with a warning
   * naming a non-UTF-8 encoding and an error where it cannot be read
   * (`decodeInputFile`); throws as `readText` does when the file cannot be
   * read at all. Hosts without it are read with `readText`.
   */
  readDecoded?(file: string, limit?: number): Checked<string>;
  exists(file: string): boolean;
  /** True for a folder; hosts without folders may leave it out. */
  isDirectory?(file: string): boolean;
}

/*
 * Input size limits, one per kind of file (docs/reliability.md lists them
 * with what happens at each). They are checked before a byte is read, so a
 * wrong path (a device, a disk image, a log) costs nothing.
 */

/**
 * Handbook and catalogue YAML. 5,000 items (the item limit) of the demo
 * catalogue's density weigh 4.1 MB; `check` of an 8 MB catalogue peaks at
 * 190 MB of memory. 10 MB leaves room for long notes and source lists.
 */
export const MAX_YAML_BYTES = 10 * 1024 * 1024;
/** A template's theme.yaml and data files, a font manifest: hand-written settings of a few KB. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** A table to import (xlsx, CSV, HTML, text). A 5,000-row directory saved by Word as a web page is about 20 MB. */
export const MAX_TABLE_BYTES = 50 * 1024 * 1024;

export type InputFileProblem = 'not-regular' | 'too-large';

/**
 * An input that is not read: not a regular file (a FIFO would block the
 * read, a device never ends), or larger than its limit. Node-style `code`
 * (EISDIR, ENOTREG, EFBIG), so callers that switch on `code` keep working;
 * the message is Chinese, for the user.
 */
export class InputFileError extends Error {
  readonly code: 'EISDIR' | 'ENOTREG' | 'EFBIG';
  readonly problem: InputFileProblem;
  readonly path: string;
  /** Bytes, when the problem is the size. */
  readonly size: number | undefined;
  readonly limit: number | undefined;

  constructor(file: string, code: 'EISDIR' | 'ENOTREG' | 'EFBIG', message: string, sizes: { size?: number; limit?: number } = {}) {
    super(message);
    this.name = 'InputFileError';
    this.code = code;
    this.problem = code === 'EFBIG' ? 'too-large' : 'not-regular';
    this.path = file;
    this.size = sizes.size;
    this.limit = sizes.limit;
  }
}

/** 10 MB, 1.5 MB, 800 KB: sizes as people read them. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${trim(bytes / 1024 / 1024)} MB`;
  if (bytes >= 1024) return `${trim(bytes / 1024)} KB`;
  return `${bytes} 字节`;
}

function trim(n: number): string {
  return n >= 100 || Number.isInteger(n) ? String(Math.round(n)) : n.toFixed(1).replace(/\.0$/, '');
}

export function tooLargeError(file: string, size: number, limit: number): InputFileError {
  return new InputFileError(file, 'EFBIG', `文件过大（${formatBytes(size)}，上限 ${formatBytes(limit)}）`, { size, limit });
}

function kindOf(st: fs.Stats): string {
  if (st.isFIFO()) return '命名管道（FIFO）';
  if (st.isCharacterDevice()) return '字符设备';
  if (st.isBlockDevice()) return '块设备';
  if (st.isSocket()) return '套接字';
  return '特殊文件';
}

/** Refuses anything but a regular file, naming what it is (and that a symlink led there). */
function refuseIrregular(file: string, st: fs.Stats): void {
  if (st.isFile()) return;
  const viaLink = fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink() === true;
  if (st.isDirectory()) throw new InputFileError(file, 'EISDIR', viaLink ? '这是指向文件夹的符号链接，不是文件' : '这是一个文件夹，不是文件');
  const kind = kindOf(st);
  throw new InputFileError(file, 'ENOTREG', viaLink ? `不是普通文件，而是指向${kind}的符号链接` : `不是普通文件，而是${kind}`);
}

/**
 * Opens an input file for reading: regular files only, checked before opening
 * (opening a FIFO blocks until a writer comes; opening a device may act on
 * it) and again on the open descriptor, in case the path was swapped between
 * the two. O_NONBLOCK keeps even that race from blocking. The caller closes `fd`.
 *
 * @throws InputFileError for a non-regular file or one larger than `limit`;
 *   a Node error (ENOENT, EACCES…) when it cannot be opened.
 */
export function openInputFile(file: string, limit = Number.POSITIVE_INFINITY): { fd: number; size: number } {
  const before = fs.statSync(file);
  refuseIrregular(file, before);
  if (before.size > limit) throw tooLargeError(file, before.size, limit);
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const st = fs.fstatSync(fd);
    refuseIrregular(file, st);
    if (st.size > limit) throw tooLargeError(file, st.size, limit);
    return { fd, size: st.size };
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
}

/**
 * Reads a whole input file of at most `limit` bytes. The size is checked on
 * the open descriptor before reading, and the read itself stops after
 * `limit` bytes, so a file that grows meanwhile, or one that reports size 0
 * while it has content (/proc), is still bounded.
 *
 * @throws InputFileError (not a regular file, too large) or a Node error.
 */
export function readInputBytes(file: string, limit: number): Buffer {
  const { fd, size } = openInputFile(file, limit);
  try {
    let buffer = Buffer.allocUnsafe(Math.min(limit, size) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > limit) throw tooLargeError(file, length, limit);
        const grown = Buffer.allocUnsafe(Math.min(limit + 1, buffer.length * 2 + 64 * 1024));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > limit) throw tooLargeError(file, length, limit);
    return buffer.subarray(0, length);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * `readInputBytes` as text, in whatever encoding it was saved (GBK, UTF-16…),
 * for readers that only peek at a file; readers that report on it use
 * `tryReadInputText`, which also says which encoding it was.
 */
export function readInputText(file: string, limit: number): string {
  const bytes = readInputBytes(file, limit);
  const decoded = decodeInput(bytes);
  return decoded.ok ? decoded.text : bytes.toString('utf8');
}

/**
 * What a failed read says to the user: a stable code and a Chinese message.
 * Anything thrown by `readInputBytes`, `openInputFile` or a host's `readText`.
 */
export function describeReadFailure(cause: unknown): { code: string; message: string } {
  if (cause instanceof InputFileError) {
    return { code: cause.problem === 'too-large' ? 'file/too-large' : 'file/not-regular', message: cause.message };
  }
  const code = (cause as { code?: unknown } | null)?.code;
  const reasons: Record<string, string> = {
    ENOENT: '找不到文件',
    ENOTDIR: '找不到文件（路径中有一段是文件而不是文件夹）',
    EISDIR: '这是一个文件夹，不是文件',
    EACCES: '没有读取这个文件的权限',
    EPERM: '没有读取这个文件的权限',
    ELOOP: '符号链接循环，找不到文件',
    ENAMETOOLONG: '文件路径过长',
    EIO: '读取文件时出现输入输出错误（磁盘或网络盘可能有问题）',
    EMFILE: '同时打开的文件过多，无法读取',
    ENFILE: '同时打开的文件过多，无法读取',
    EAGAIN: '文件暂时无法读取',
  };
  const message = typeof code === 'string' ? reasons[code] : undefined;
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') return { code: 'file/not-found', message: message! };
  return { code: 'file/unreadable', message: message ?? (typeof code === 'string' ? `无法读取文件（错误代码 ${code}）` : '无法读取文件') };
}

/** A failed read as a diagnostic at the file (or at `at`, e.g. where the file is named). */
export function readFailureDiagnostic(file: string, cause: unknown, options: { at?: Partial<SourcePosition>; hint?: string } = {}): Diagnostic {
  const { code, message } = describeReadFailure(cause);
  const hint =
    options.hint ??
    (code === 'file/not-regular'
      ? '只能读取普通文件；检查路径是否写错，或是否指向了设备、管道或其他特殊文件。'
      : code === 'file/too-large'
        ? '检查是否选错了文件。'
        : undefined);
  return diagnostic('error', code, message, options.at ?? { file }, hint === undefined ? {} : { hint });
}

/**
 * An input file as text, with its failure as a diagnostic: for call sites
 * that collect diagnostics (theme.yaml, template data files, font
 * manifests). A file not saved as UTF-8 is decoded with a warning that
 * names its encoding, or refused where it cannot be read (`decodeInputFile`).
 */
export function tryReadInputText(file: string, limit: number, options: { at?: Partial<SourcePosition>; hint?: string } = {}): Checked<string> {
  let bytes: Buffer;
  try {
    bytes = readInputBytes(file, limit);
  } catch (cause) {
    return { value: undefined, diagnostics: [readFailureDiagnostic(file, cause, options)] };
  }
  return decodeInputFile(file, bytes);
}

export const nodeHost: Host = {
  readText: (file, limit = MAX_YAML_BYTES) => readInputText(file, limit),
  readDecoded: (file, limit = MAX_YAML_BYTES) => decodeInputFile(file, readInputBytes(file, limit)),
  exists: (file) => fs.existsSync(file),
  isDirectory: (file) => fs.statSync(file, { throwIfNoEntry: false })?.isDirectory() ?? false,
};

/** A host over an in-memory map of absolute path → text (or bytes, for a file in another encoding), for unit tests. */
export function memoryHost(files: Record<string, string | Uint8Array>): Host {
  const get = (file: string): string | Uint8Array => {
    const content = Object.prototype.hasOwnProperty.call(files, file) ? files[file] : undefined;
    if (content === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
    return content;
  };
  return {
    readText(file, limit) {
      const content = get(file);
      const text = typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
      if (limit !== undefined && text.length > limit / 3) {
        const size = Buffer.byteLength(text);
        if (size > limit) throw tooLargeError(file, size, limit);
      }
      return text;
    },
    readDecoded(file, limit) {
      const content = get(file);
      // Text is given as the code read it (lone surrogates and all); bytes go through the detector.
      if (typeof content === 'string') return { value: this.readText(file, limit), diagnostics: [] };
      if (limit !== undefined && content.byteLength > limit) throw tooLargeError(file, content.byteLength, limit);
      return decodeInputFile(file, content);
    },
    exists: (file) => Object.prototype.hasOwnProperty.call(files, file),
  };
}
