import fs from 'node:fs';
import path from 'node:path';
import { asWriteError, attempt, fsyncFolder, holdTemp, kindOf, OutputTargetError, releaseTemp, sameContent, sweepStaleTemps, tempName, testPauseMs } from './write-atomic.js';
import type { WriteStatus } from './write-result.js';

/**
 * The file that marks a folder as one we built, so that rebuilding may
 * replace it whole; a folder without it (and not empty) is never touched.
 */
export const SITE_MARKER = '.handbook-site';
const markerText = '本文件夹由 handbook site 生成，重新生成时整个文件夹会被替换，请不要在这里存放其他文件。\n';

/** A folder we may not replace: it holds files we did not write. */
export class ForeignFolderError extends Error {
  constructor(readonly folder: string) {
    super(`输出文件夹「${folder}」中已有其他文件，不是 handbook 生成的网站`);
  }
}

/**
 * Writes a whole folder so that it is either the old one or the new one,
 * never a mix: every file goes into a temporary sibling folder, written in
 * full and flushed, and only then does the new folder take the old one's
 * place (two renames on one file system; the old folder is removed last).
 * If anything fails before the swap, the temporary folder is removed, the
 * old folder is untouched and an OutputWriteError naming `folder` is thrown.
 * Returns 'unchanged' (writing nothing) when the folder already holds exactly
 * these files. The same rules as writeFileAtomic: a symbolic link to a folder
 * is written through; a file, FIFO or device at the path is refused
 * (OutputTargetError); stale temporary folders of killed runs are swept.
 */
export async function writeFolderAtomic(folder: string, files: ReadonlyMap<string, Uint8Array>): Promise<WriteStatus> {
  const target = folderTarget(folder);
  const parent = path.dirname(target);
  attempt(folder, () => fs.mkdirSync(parent, { recursive: true }));
  sweepStaleFolders(parent, target);
  const stat = attempt(folder, () => fs.lstatSync(target, { throwIfNoEntry: false }));
  if (stat && attempt(folder, () => fs.readdirSync(target)).length > 0 && !fs.existsSync(path.join(target, SITE_MARKER))) {
    throw new ForeignFolderError(folder);
  }
  const all = new Map(files);
  all.set(SITE_MARKER, new TextEncoder().encode(markerText));
  if (stat && attempt(folder, () => sameFolder(target, all))) return 'unchanged';

  const tmp = path.join(parent, tempName(path.basename(target), 'tmp'));
  const old = `${tmp.slice(0, -'.tmp'.length)}.old`;
  holdTemp(tmp);
  try {
    fs.mkdirSync(tmp);
    const dirs = [...new Set([...all.keys()].map((rel) => path.dirname(path.join(tmp, ...rel.split('/')))))];
    for (const dir of dirs) fs.mkdirSync(dir, { recursive: true });
    // Written and flushed a few at a time on libuv's threads: one fsync after another costs
    // ~1 ms each, most of a 300-page site's build, and the disk merges concurrent flushes.
    const entries = [...all];
    for (let i = 0; i < entries.length; i += 16) {
      await Promise.all(entries.slice(i, i + 16).map(([rel, bytes]) => writeFlushed(path.join(tmp, ...rel.split('/')), bytes)));
    }
    // The files' names are entries of their folders: flushed too, deepest first.
    for (const dir of dirs.sort((a, b) => b.length - a.length)) fsyncFolder(dir);
    fsyncFolder(tmp);
    // TEST ONLY (see testPauseMs); awaited, so a signal handler can run inside the window.
    const pause = testPauseMs();
    if (pause) await new Promise((resolve) => setTimeout(resolve, pause));
    if (stat) fs.renameSync(target, old);
    try {
      fs.renameSync(tmp, target);
    } catch (err) {
      if (stat) fs.renameSync(old, target);
      throw err;
    }
  } catch (err) {
    removeQuietly(tmp);
    throw asWriteError(folder, err);
  } finally {
    releaseTemp(tmp);
  }
  fsyncFolder(parent);
  // The new folder is in place, so the write succeeded; an old one left here is swept by the next write.
  removeQuietly(old);
  return 'written';
}

/** Best effort: the caller's outcome does not depend on it, and the next write sweeps what is left. */
function removeQuietly(entry: string): void {
  try {
    fs.rmSync(entry, { recursive: true, force: true, maxRetries: 2 });
  } catch {
    // See above.
  }
}

/** Where a folder write goes: the folder, or where a symbolic link to a folder points; anything else at the path is refused. */
function folderTarget(folder: string): string {
  const st = attempt(folder, () => fs.lstatSync(folder, { throwIfNoEntry: false }));
  if (!st || st.isDirectory()) return folder;
  if (!st.isSymbolicLink()) throw new OutputTargetError(folder, kindOf(st), undefined, 'folder');
  const followed = attempt(folder, () => fs.statSync(folder, { throwIfNoEntry: false }));
  if (!followed) throw new OutputTargetError(folder, 'dangling-link', attempt(folder, () => fs.readlinkSync(folder)), 'folder');
  const real = fs.realpathSync(folder);
  if (!followed.isDirectory()) throw new OutputTargetError(folder, kindOf(followed), real, 'folder');
  return real;
}

/**
 * Sweeps what killed runs left beside `target`. A run killed between its two
 * renames leaves no folder at all, its old site in `.old`: that one is put
 * back first, so a failure of this build still leaves the last good site.
 * When it cannot be put back it stays where it is: it may be the only copy.
 */
function sweepStaleFolders(parent: string, target: string): void {
  let restored = false;
  sweepStaleTemps(parent, path.basename(target), ['tmp', 'old'], (entry, suffix) => {
    if (restored || suffix !== 'old' || fs.existsSync(target) || !fs.existsSync(path.join(entry, SITE_MARKER))) return false;
    try {
      fs.renameSync(entry, target);
      restored = true;
    } catch {
      // Kept for the next write to put back.
    }
    return true;
  });
}

/**
 * A new file with all of `bytes` on disk. FileHandle.writeFile would repeat a
 * write that accepts no bytes forever; here that is a failure (SHORT_WRITE).
 */
async function writeFlushed(file: string, bytes: Uint8Array): Promise<void> {
  const handle = await fs.promises.open(file, 'wx');
  try {
    let offset = 0;
    while (offset < bytes.byteLength) {
      const { bytesWritten } = await handle.write(bytes, offset, bytes.byteLength - offset);
      if (!(bytesWritten > 0)) throw Object.assign(new Error('write made no progress'), { code: 'SHORT_WRITE' });
      offset += bytesWritten;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** True when `folder` holds exactly `files` (same paths, same bytes, regular files only) and nothing else. */
function sameFolder(folder: string, files: ReadonlyMap<string, Uint8Array>): boolean {
  const present = fs.readdirSync(folder, { recursive: true, withFileTypes: true }).filter((d) => !d.isDirectory());
  if (present.length !== files.size) return false;
  for (const [rel, bytes] of files) {
    const file = path.join(folder, ...rel.split('/'));
    if (!fs.lstatSync(file, { throwIfNoEntry: false })?.isFile() || !sameContent(file, bytes)) return false;
  }
  return true;
}
