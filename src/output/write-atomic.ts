import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** What stands at an output path that we refuse to write over (see outputTarget). */
export type TargetKind = 'folder' | 'fifo' | 'device' | 'socket' | 'dangling-link' | 'file' | 'other';

/**
 * The output path names something other than a regular file (or, for a site,
 * a folder: `expected`): writing there could hang (a FIFO), never end
 * (/dev/zero, /dev/full) or replace something that is not ours. `target` is
 * where a symbolic link points.
 */
export class OutputTargetError extends Error {
  constructor(
    readonly file: string,
    readonly kind: TargetKind,
    readonly target?: string,
    readonly expected: 'file' | 'folder' = 'file',
  ) {
    super(`output ${file} is a ${kind}${target ? ` (${target})` : ''}, not a ${expected === 'file' ? 'regular file' : 'folder'}`);
  }
}

/**
 * A write that failed, named by the output the user asked for (not our
 * temporary file). `code` is the system's (ENOSPC, EFBIG, EACCES, …) or
 * SHORT_WRITE when the system accepted fewer bytes than asked and then none.
 * The old output is as it was and the temporary file is gone.
 */
export class OutputWriteError extends Error {
  constructor(
    readonly file: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot write ${file}: ${code}`, options);
  }
}

/**
 * Writes a file so that readers see either the old or the new content, never
 * a partial one: write a temporary file in the same folder (every byte, or a
 * failure), flush it to disk, rename it over the target (atomic on one file
 * system), then flush the folder so the rename itself survives a power cut.
 * If anything fails the temporary file is removed, the old file is untouched
 * and an OutputWriteError (or OutputTargetError, for a FIFO, a device, a
 * folder… at the path) is thrown. A symbolic link to a regular file is
 * written through: the file it points to is replaced, the link stays.
 */
export function writeFileAtomic(file: string, data: Uint8Array): void {
  const target = outputTarget(file);
  const dir = path.dirname(target);
  attempt(file, () => fs.mkdirSync(dir, { recursive: true }));
  sweepStaleTemps(dir, path.basename(target), ['tmp']);
  const tmp = path.join(dir, tempName(path.basename(target), 'tmp'));
  holdTemp(tmp);
  let fd: number | undefined;
  try {
    attempt(file, () => {
      fd = fs.openSync(tmp, 'wx');
      writeAll(fd, data);
      fs.fsyncSync(fd);
      pauseForTest();
      const open = fd;
      fd = undefined;
      // A network file system may report a failed write only here.
      fs.closeSync(open);
      fs.renameSync(tmp, target);
    });
  } catch (err) {
    // Cleanup is best effort: the error to report is the write's.
    try {
      if (fd !== undefined) fs.closeSync(fd);
    } catch {
      // Already reported by the write.
    }
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // Swept by the next write to this output.
    }
    throw err;
  } finally {
    releaseTemp(tmp);
  }
  fsyncFolder(dir);
}

/**
 * Where a write to `file` goes: `file` itself when it is a regular file or
 * absent, the file a symbolic link points to when that is a regular file.
 * Throws OutputTargetError for anything else, before anything is opened.
 */
export function outputTarget(file: string): string {
  const st = attempt(file, () => fs.lstatSync(file, { throwIfNoEntry: false }));
  if (!st || st.isFile()) return file;
  if (!st.isSymbolicLink()) throw new OutputTargetError(file, kindOf(st));
  const followed = attempt(file, () => fs.statSync(file, { throwIfNoEntry: false }));
  if (!followed) throw new OutputTargetError(file, 'dangling-link', attempt(file, () => fs.readlinkSync(file)));
  const real = fs.realpathSync(file);
  if (!followed.isFile()) throw new OutputTargetError(file, kindOf(followed), real);
  return real;
}

/** What a non-regular file is, for the message. */
export function kindOf(st: fs.Stats): TargetKind {
  if (st.isDirectory()) return 'folder';
  if (st.isFIFO()) return 'fifo';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'device';
  if (st.isSocket()) return 'socket';
  if (st.isFile()) return 'file';
  return 'other';
}

/**
 * True when `file` is a regular file holding exactly `data`. Only a regular
 * file of the same size is ever read (a FIFO would block, a device never
 * ends), and reading stops one chunk past that size if the file grew meanwhile.
 */
export function sameContent(file: string, data: Uint8Array): boolean {
  let fd: number | undefined;
  try {
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (!st?.isFile() || st.size !== data.byteLength) return false;
    // Non-blocking, and checked again on the open file: the path may have become a FIFO since.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const opened = fs.fstatSync(fd);
    if (!opened.isFile() || opened.size !== data.byteLength || opened.ino !== st.ino) return false;
    const buf = Buffer.alloc(Math.min(data.byteLength + 1, 1 << 20));
    let offset = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, offset);
      if (n === 0) return offset === data.byteLength;
      if (offset + n > data.byteLength || !buf.subarray(0, n).equals(data.subarray(offset, offset + n))) return false;
      offset += n;
    }
  } catch {
    // Unreadable: not known to be the same, so it is written (and a real problem reported then).
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Writes every byte: fs.writeSync may write fewer than asked (a file size
 * limit, a nearly full disk), and a write that accepts nothing would repeat
 * forever.
 */
function writeAll(fd: number, data: Uint8Array): void {
  let offset = 0;
  while (offset < data.byteLength) {
    const n = fs.writeSync(fd, data, offset, data.byteLength - offset);
    if (!(n > 0)) throw Object.assign(new Error('write made no progress'), { code: 'SHORT_WRITE' });
    offset += n;
  }
  if (fs.fstatSync(fd).size !== data.byteLength) throw Object.assign(new Error('file size differs from bytes written'), { code: 'SHORT_WRITE' });
}

/**
 * Runs a file-system step for the output `file`; a system error (anything
 * with an errno code) becomes an OutputWriteError naming `file`. Other
 * errors are bugs and pass unchanged.
 */
export function attempt<T>(file: string, step: () => T): T {
  try {
    return step();
  } catch (err) {
    throw asWriteError(file, err);
  }
}

/** `err` as an OutputWriteError naming `file` when it is a system error; anything else unchanged. */
export function asWriteError(file: string, err: unknown): unknown {
  if (err instanceof OutputWriteError || err instanceof OutputTargetError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? new OutputWriteError(file, code, { cause: err }) : err;
}

/**
 * Flushes a folder's entries (a rename is a change to the folder). Best
 * effort: some systems cannot open a folder for this, and by now the new
 * file is in place, so a failure here is no reason to report the write failed.
 */
export function fsyncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // See above.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** `.<name>.<pid>.<8 hex>.<suffix>`: hidden, beside the output, and recognisable as ours by sweepStaleTemps. */
export function tempName(base: string, suffix: 'tmp' | 'old'): string {
  return `.${base}.${process.pid}.${randomBytes(4).toString('hex')}.${suffix}`;
}

/**
 * Removes temporary files (or folders) that an earlier run left beside the
 * output `base` in `dir` when it was killed mid-write: our naming pattern,
 * with the pid of a process that no longer exists. Another process's write
 * in progress (live pid) is left alone. `keep` may claim a stale entry
 * (the folder writer restores a stale `.old` folder that is all that is left
 * of a site); a claimed entry is not removed.
 */
export function sweepStaleTemps(dir: string, base: string, suffixes: readonly ('tmp' | 'old')[], keep?: (entry: string, suffix: 'tmp' | 'old') => boolean): void {
  const pattern = new RegExp(`^\\.${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.[0-9a-f]{8}\\.(tmp|old)$`);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = pattern.exec(name);
    const suffix = m?.[2] as 'tmp' | 'old' | undefined;
    if (!m || !suffix || !suffixes.includes(suffix)) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || isAlive(pid)) continue;
    const entry = path.join(dir, name);
    if (keep?.(entry, suffix)) continue;
    try {
      fs.rmSync(entry, { recursive: true, force: true });
    } catch {
      // Left for the next write; the output itself is not affected.
    }
  }
}

function isAlive(pid: number): boolean {
  // 0 and negative pids mean process groups to kill(); no temp of ours has one.
  if (!(pid > 0)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/*
 * Temporary files being written right now, so that the CLI can remove them
 * when it is interrupted (SIGINT, SIGTERM): nothing else would, until the
 * next write to the same output. A batch's worker threads each have their
 * own copy of this module and forward their changes to the main thread
 * (onTempChange), which is the one that receives signals.
 */
const inFlight = new Set<string>();
const listeners = new Set<(temp: string, held: boolean) => void>();

/** Records a temporary file (or folder) that exists only while a write is in progress. */
export function holdTemp(temp: string): void {
  inFlight.add(temp);
  for (const listener of listeners) listener(temp, true);
}

/** The write is over: the temporary file was renamed into place or removed. */
export function releaseTemp(temp: string): void {
  inFlight.delete(temp);
  for (const listener of listeners) listener(temp, false);
}

/** How many temporary files are being written right now. */
export function tempsInFlight(): number {
  return inFlight.size;
}

/** Calls `listener` whenever a temporary file is held or released; returns the unsubscribe function. */
export function onTempChange(listener: (temp: string, held: boolean) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Removes every temporary file of a write in progress (synchronously: the process is about to exit). Returns those removed. */
export function removeTempsInFlight(): string[] {
  const removed: string[] = [];
  for (const temp of inFlight) {
    try {
      fs.rmSync(temp, { recursive: true, force: true, maxRetries: 2 });
      removed.push(temp);
    } catch {
      // Swept by the next write to the same output.
    }
  }
  inFlight.clear();
  return removed;
}

/**
 * TEST ONLY: HANDBOOK_TEST_PAUSE_WRITE=<ms> holds every write for that long
 * after its temporary file is complete and before the rename, so a test can
 * interrupt or kill the process at a known point of the write instead of
 * guessing with timers. Not for users: it only makes writes slower.
 */
export function testPauseMs(): number {
  const ms = Number(process.env.HANDBOOK_TEST_PAUSE_WRITE);
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, 600_000) : 0;
}

function pauseForTest(): void {
  const ms = testPauseMs();
  // A synchronous sleep, as writeFileAtomic is synchronous.
  if (ms) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
