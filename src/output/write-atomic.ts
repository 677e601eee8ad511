import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes a file so that readers see either the old or the new content, never
 * a partial one: write a temporary file in the same folder, flush it to disk,
 * then rename over the target (atomic on one file system). If anything fails
 * the temporary file is removed and the old file is untouched.
 */
export function writeFileAtomic(file: string, data: Uint8Array): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'wx');
    fs.writeSync(fd, data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, file);
  } catch (err) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** True when `file` exists and holds exactly `data`. */
export function sameContent(file: string, data: Uint8Array): boolean {
  try {
    const old = fs.readFileSync(file);
    return old.length === data.length && old.equals(data);
  } catch {
    return false;
  }
}
