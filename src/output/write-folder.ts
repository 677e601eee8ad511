import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
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
 * never a mix: every file goes into a temporary sibling folder, flushed, and
 * only then does the new folder take the old one's place (two renames on one
 * file system; the old folder is removed last). If anything fails before the
 * swap, the temporary folder is removed and the old folder is untouched.
 * Returns 'unchanged' (writing nothing) when the folder already holds exactly
 * these files.
 */
export async function writeFolderAtomic(folder: string, files: ReadonlyMap<string, Uint8Array>): Promise<WriteStatus> {
  const stat = fs.lstatSync(folder, { throwIfNoEntry: false });
  if (stat && (!stat.isDirectory() || (fs.readdirSync(folder).length > 0 && !fs.existsSync(path.join(folder, SITE_MARKER))))) {
    throw new ForeignFolderError(folder);
  }
  const all = new Map(files);
  all.set(SITE_MARKER, new TextEncoder().encode(markerText));
  if (stat && sameFolder(folder, all)) return 'unchanged';

  const parent = path.dirname(folder);
  fs.mkdirSync(parent, { recursive: true });
  const tag = `${process.pid}.${randomBytes(4).toString('hex')}`;
  const tmp = path.join(parent, `.${path.basename(folder)}.${tag}.tmp`);
  const old = path.join(parent, `.${path.basename(folder)}.${tag}.old`);
  try {
    fs.mkdirSync(tmp);
    for (const dir of new Set([...all.keys()].map((rel) => path.dirname(path.join(tmp, ...rel.split('/')))))) fs.mkdirSync(dir, { recursive: true });
    // Written and flushed a few at a time on libuv's threads: one fsync after another costs
    // ~1 ms each, most of a 300-page site's build, and the disk merges concurrent flushes.
    const entries = [...all];
    for (let i = 0; i < entries.length; i += 16) {
      await Promise.all(entries.slice(i, i + 16).map(([rel, bytes]) => writeFlushed(path.join(tmp, ...rel.split('/')), bytes)));
    }
    if (stat) fs.renameSync(folder, old);
    try {
      fs.renameSync(tmp, folder);
    } catch (err) {
      if (stat) fs.renameSync(old, folder);
      throw err;
    }
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  fs.rmSync(old, { recursive: true, force: true });
  return 'written';
}

/** A new file with all of `bytes` on disk: FileHandle.write loops until every byte is written or it throws. */
async function writeFlushed(file: string, bytes: Uint8Array): Promise<void> {
  const handle = await fs.promises.open(file, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** True when `folder` holds exactly `files` (same paths, same bytes) and nothing else. */
function sameFolder(folder: string, files: ReadonlyMap<string, Uint8Array>): boolean {
  const present = fs.readdirSync(folder, { recursive: true, withFileTypes: true }).filter((d) => !d.isDirectory());
  if (present.length !== files.size) return false;
  for (const [rel, bytes] of files) {
    const file = path.join(folder, ...rel.split('/'));
    const st = fs.lstatSync(file, { throwIfNoEntry: false });
    if (!st?.isFile() || st.size !== bytes.byteLength || !fs.readFileSync(file).equals(bytes)) return false;
  }
  return true;
}
