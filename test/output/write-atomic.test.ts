import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OutputWriteError, sameContent, writeFileAtomic } from '../../src/output/write-atomic.js';
import { repoRoot } from '../helpers/cli.js';
import { deadPid, errorOf, expectKept, fifoAt, registryDuring, systemError, tempDir, temps, timedWithPause, trackDescriptors } from './faults.js';

describe('writeFileAtomic', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-atomic-'));

  it('creates folders, replaces the file and leaves no temporary file', () => {
    const file = path.join(dir, 'a', 'b.pdf');
    writeFileAtomic(file, Buffer.from('one'));
    writeFileAtomic(file, Buffer.from('two'));
    expect(fs.readFileSync(file, 'utf8')).toBe('two');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['b.pdf']);
    expect(sameContent(file, Buffer.from('two'))).toBe(true);
    expect(sameContent(file, Buffer.from('tw0'))).toBe(false);
  });

  it('keeps the old file when the write fails', () => {
    const folder = path.join(dir, 'keep');
    fs.mkdirSync(folder);
    const file = path.join(folder, 'keep.pdf');
    fs.writeFileSync(file, 'old');
    // A real failure of a real write: the module run in a process whose file size limit
    // (100 KiB; SIGXFSZ ignored, so the system answers EFBIG) is below the new file's size.
    const module = path.join(dir, 'write-atomic.mjs');
    buildSync({ entryPoints: [path.join(repoRoot, 'src/output/write-atomic.ts')], outfile: module, format: 'esm', platform: 'node', logLevel: 'silent' });
    const script = `import { writeFileAtomic } from ${JSON.stringify(module)};
      try { writeFileAtomic(${JSON.stringify(file)}, Buffer.alloc(300 * 1024, 1)); } catch (e) { console.log(e.code); }`;
    const r = spawnSync('bash', ['-c', `trap '' XFSZ; ulimit -f 100; exec "${process.execPath}" --input-type=module -e '${script.replace(/'/g, "'\\''")}'`], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.stdout.trim()).toBe('EFBIG');
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    expect(fs.readdirSync(folder)).toEqual(['keep.pdf']);
  });
});

/*
 * Faults injected through the fs functions the writer calls (vi.spyOn on the
 * default `fs` object it imports), on real files in a temporary folder. No
 * real device is ever used: a device is a regular file whose lstat/stat is
 * made to say so, so that even a mutant that skipped the check writes only
 * into the temporary folder (see docs/mutation.md, "Safety").
 */

afterEach(() => {
  vi.restoreAllMocks();
});

type Kind = 'char' | 'block' | 'none';

/** `real` (a regular file's stats) made to say it is a character device, a block device, or no kind fs knows. */
function posingAs(kind: Kind, real: fs.Stats): fs.Stats {
  return Object.assign(Object.create(Object.getPrototypeOf(real) as object) as fs.Stats, real, {
    isFile: () => false,
    isDirectory: () => false,
    isSymbolicLink: () => false,
    isFIFO: () => false,
    isSocket: () => false,
    isCharacterDevice: () => kind === 'char',
    isBlockDevice: () => kind === 'block',
  });
}

/** fs[fn] answers `fake` for `file` and the truth for every other path. */
function statOf(fn: 'lstatSync' | 'statSync', file: string, kind: Kind): void {
  const real = fs[fn].bind(fs) as (p: fs.PathLike, o?: fs.StatSyncOptions) => fs.Stats | undefined;
  const fake = posingAs(kind, fs.statSync(file));
  vi.spyOn(fs, fn).mockImplementation(((p: fs.PathLike, o?: fs.StatSyncOptions) => (p === file ? fake : real(p, o))) as never);
}

describe('what stands at the output path', () => {
  it.each([
    ['a character device', 'char', 'device'],
    ['a block device', 'block', 'device'],
    ['a file of no kind fs knows', 'none', 'other'],
  ] as const)('refuses %s, writing nothing there', (_, kind, expected) => {
    const dir = tempDir();
    const file = path.join(dir, 'dev.pdf');
    fs.writeFileSync(file, 'old');
    statOf('lstatSync', file, kind);
    expect(errorOf(() => writeFileAtomic(file, Buffer.from('new')))).toMatchObject({ file, kind: expected, target: undefined });
    expectKept(file, 'old');
  });

  it('refuses a symbolic link to a device, naming where it points (what /dev/full is to a link)', () => {
    const dir = tempDir();
    const real = path.join(dir, 'full');
    fs.writeFileSync(real, 'old');
    const link = path.join(dir, 'full.pdf');
    fs.symlinkSync(real, link);
    statOf('statSync', link, 'char');
    expect(errorOf(() => writeFileAtomic(link, Buffer.from('new')))).toMatchObject({ file: link, kind: 'device', target: real });
    vi.restoreAllMocks();
    expect(fs.readFileSync(real, 'utf8')).toBe('old');
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it('refuses a symbolic link to a FIFO without opening it, and leaves the FIFO', () => {
    const dir = tempDir();
    const fifo = fifoAt(path.join(dir, 'pipe'));
    const link = path.join(dir, 'pipe.pdf');
    fs.symlinkSync(fifo, link);
    expect(errorOf(() => writeFileAtomic(link, Buffer.from('x')))).toMatchObject({ file: link, kind: 'fifo', target: fifo });
    expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
    expect(temps(dir)).toEqual([]);
  });
});

describe('sameContent', () => {
  it('opens nothing that is missing, a FIFO or a file of another size', () => {
    const dir = tempDir();
    const fifo = fifoAt(path.join(dir, 'pipe'));
    fs.writeFileSync(path.join(dir, 'a.pdf'), 'abc');
    const open = vi.spyOn(fs, 'openSync');
    expect(sameContent(path.join(dir, 'missing.pdf'), Buffer.from('abc'))).toBe(false);
    expect(sameContent(fifo, Buffer.alloc(0))).toBe(false);
    expect(sameContent(path.join(dir, 'a.pdf'), Buffer.from('abcd'))).toBe(false);
    expect(sameContent(path.join(dir, 'a.pdf'), Buffer.from('ab'))).toBe(false);
    expect(open).not.toHaveBeenCalled();
  });

  it('never blocks on a path that became a FIFO after its size was checked', () => {
    const dir = tempDir();
    const fifo = fifoAt(path.join(dir, 'a.pdf'));
    // It was a one-byte regular file when checked.
    const regular = path.join(dir, 'regular');
    fs.writeFileSync(regular, 'x');
    const stat = fs.statSync.bind(fs) as (p: fs.PathLike, o?: fs.StatSyncOptions) => fs.Stats | undefined;
    vi.spyOn(fs, 'statSync').mockImplementation(((p: fs.PathLike, o?: fs.StatSyncOptions) => stat(p === fifo ? regular : p, o)) as never);
    const open = fs.openSync.bind(fs) as (p: fs.PathLike, f: number) => number;
    const blocking: fs.PathLike[] = [];
    vi.spyOn(fs, 'openSync').mockImplementation(((p: fs.PathLike, flags: number) => {
      // A blocking open of a FIFO with no writer would hang this test instead of failing it: recorded, not made.
      if (!(flags & fs.constants.O_NONBLOCK)) {
        blocking.push(p);
        throw new Error('a blocking open');
      }
      return open(p, flags);
    }) as never);
    expect(sameContent(fifo, Buffer.from('x'))).toBe(false);
    expect(blocking).toEqual([]);
    expect(fs.openSync).toHaveBeenCalledTimes(1);
  });

  it('compares the smallest files too: empty, and one byte', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'empty'), '');
    fs.writeFileSync(path.join(dir, 'one'), 'x');
    expect(sameContent(path.join(dir, 'empty'), Buffer.alloc(0))).toBe(true);
    expect(sameContent(path.join(dir, 'one'), Buffer.from('x'))).toBe(true);
    expect(sameContent(path.join(dir, 'one'), Buffer.from('y'))).toBe(false);
  });

  it('is false for a file cut short while it is read, and for one that cannot be read, closing it either way', () => {
    const file = path.join(tempDir(), 'a.pdf');
    fs.writeFileSync(file, 'abc');
    const fds = trackDescriptors();
    // Truncated by someone else after the size was checked: the read ends early.
    const read = vi.spyOn(fs, 'readSync').mockReturnValue(0);
    expect(sameContent(file, Buffer.from('abc'))).toBe(false);
    read.mockImplementation(() => {
      throw systemError('EIO');
    });
    expect(sameContent(file, Buffer.from('abc'))).toBe(false);
    expect(fds.opened()).toHaveLength(2);
    expect(fds.closed()).toEqual(fds.opened());
  });
});

describe('writeFileAtomic under faults', () => {
  it('closes the temporary file when a write fails', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.pdf');
    const fds = trackDescriptors();
    vi.spyOn(fs, 'writeSync').mockImplementation(() => {
      throw systemError('ENOSPC');
    });
    expect(errorOf(() => writeFileAtomic(file, Buffer.from('new')))).toMatchObject({ file, code: 'ENOSPC' });
    expect(fds.opened()).toHaveLength(1);
    expect(fds.closed()).toEqual(fds.opened());
    expect(temps(dir)).toEqual([]);
  });

  it('fails when the file on disk is shorter than the bytes the system said it took', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.pdf');
    fs.writeFileSync(file, 'old');
    const fstat = fs.fstatSync.bind(fs);
    // A network file system that acknowledged a write it did not keep.
    vi.spyOn(fs, 'fstatSync').mockImplementation(((fd: number) => ({ ...fstat(fd), size: fstat(fd).size - 1 })) as never);
    const err = errorOf(() => writeFileAtomic(file, Buffer.from('new')));
    expect(err).toBeInstanceOf(OutputWriteError);
    expect(err).toMatchObject({ file, code: 'SHORT_WRITE' });
    expectKept(file, 'old');
  });

  it('flushes the folder after the rename and closes it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.pdf');
    const fsync = fs.fsyncSync.bind(fs);
    const flushed: string[] = [];
    vi.spyOn(fs, 'fsyncSync').mockImplementation((fd: number) => {
      // What was flushed, and whether the new file had its name yet.
      flushed.push(`${fs.fstatSync(fd).isDirectory() ? 'folder' : 'file'}:${fs.existsSync(file)}`);
      fsync(fd);
    });
    const fds = trackDescriptors();
    writeFileAtomic(file, Buffer.from('new'));
    expect(flushed).toEqual(['file:false', 'folder:true']);
    expect(fds.opened()).toHaveLength(2);
    expect(fds.closed()).toEqual(fds.opened());
  });

  it('still succeeds when the folder cannot be opened to flush it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.pdf');
    const open = fs.openSync.bind(fs) as (p: fs.PathLike, f: fs.OpenMode) => number;
    vi.spyOn(fs, 'openSync').mockImplementation(((p: fs.PathLike, f: fs.OpenMode) => {
      if (p === dir) throw systemError('EACCES');
      return open(p, f);
    }) as never);
    writeFileAtomic(file, Buffer.from('new'));
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
  });

  it('writes even when the folder cannot be listed for stale temporary files', () => {
    const dir = tempDir();
    vi.spyOn(fs, 'readdirSync').mockImplementation(() => {
      throw systemError('EACCES');
    });
    writeFileAtomic(path.join(dir, 'a.pdf'), Buffer.from('new'));
    expect(fs.readFileSync(path.join(dir, 'a.pdf'), 'utf8')).toBe('new');
  });
});

describe('stale temporary files beside a file', () => {
  it("leaves a folder write's .old alone: only .tmp files are a file write's", () => {
    const dir = tempDir();
    const old = `.a.pdf.${deadPid()}.0badf00d.old`;
    fs.writeFileSync(path.join(dir, old), 'x');
    writeFileAtomic(path.join(dir, 'a.pdf'), Buffer.from('new'));
    expect(fs.readdirSync(dir).sort()).toEqual(['a.pdf', old].sort());
  });

  it('never signals pid 0 (our whole process group): such a name is stale', () => {
    const dir = tempDir();
    const kill = vi.spyOn(process, 'kill');
    fs.writeFileSync(path.join(dir, '.a.pdf.0.0badf00d.tmp'), 'x');
    writeFileAtomic(path.join(dir, 'a.pdf'), Buffer.from('new'));
    expect(kill).not.toHaveBeenCalled();
    expect(fs.readdirSync(dir)).toEqual(['a.pdf']);
  });

  it("keeps a temporary file of a process it may not signal (EPERM: alive, another user's), sweeps one that is gone (ESRCH)", () => {
    const dir = tempDir();
    const [other, gone] = [999_999_990, 999_999_991];
    vi.spyOn(process, 'kill').mockImplementation((pid: number) => {
      throw systemError(pid === other ? 'EPERM' : 'ESRCH');
    });
    const kept = `.a.pdf.${other}.0badf00d.tmp`;
    fs.writeFileSync(path.join(dir, kept), 'x');
    fs.writeFileSync(path.join(dir, `.a.pdf.${gone}.0badf00d.tmp`), 'x');
    writeFileAtomic(path.join(dir, 'a.pdf'), Buffer.from('new'));
    expect(fs.readdirSync(dir).sort()).toEqual(['a.pdf', kept].sort());
  });
});

describe('the write in progress', () => {
  it('is counted while its temporary file exists, and no longer after', async () => {
    expect(await registryDuring(() => writeFileAtomic(path.join(tempDir(), 'a.pdf'), Buffer.from('x')))).toEqual([
      [true, 1],
      [false, 0],
    ]);
  });

  it('is held before the rename for HANDBOOK_TEST_PAUSE_WRITE milliseconds', async () => {
    const file = path.join(tempDir(), 'a.pdf');
    expect(await timedWithPause(300, () => writeFileAtomic(file, Buffer.from('x')))).toBeGreaterThanOrEqual(290);
    expect(fs.readFileSync(file, 'utf8')).toBe('x');
  });
});
