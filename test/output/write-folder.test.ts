import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ForeignFolderError, SITE_MARKER, writeFolderAtomic } from '../../src/output/write-folder.js';
import {
  OutputTargetError,
  OutputWriteError,
  asWriteError,
  holdTemp,
  onTempChange,
  outputTarget,
  removeTempsInFlight,
  testPauseMs,
  writeFileAtomic,
} from '../../src/output/write-atomic.js';
import { deadPid, errorOf, fifoAt, fileHandlePrototype, oldSite, registryDuring, rejection, systemError, tempDir, temps, timedWithPause } from './faults.js';

/* Output safety rules of src/output that fault-writes.test.ts does not reach: foreign folders, what counts as unchanged, link targets, error wrapping, the temp registry. */

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-write-folder-'));
const bytes = (s: string) => new TextEncoder().encode(s);

/** A site of `n` pages in nested folders: more than one batch of concurrent writes. */
function site(n: number, text = '页'): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>([['index.html', bytes('首页')]]);
  for (let i = 0; i < n; i++) files.set(`gbds/${i % 3}/item-${i}.html`, bytes(`${text}${i}`));
  return files;
}

describe('writeFolderAtomic', () => {
  it('never replaces a folder holding files it did not write, but fills an empty one', async () => {
    const dir = tmp();
    const folder = path.join(dir, '手册-网站');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, '工作记录.docx'), 'mine');
    const err = await rejection(writeFolderAtomic(folder, site(1)));
    expect(err).toBeInstanceOf(ForeignFolderError);
    expect((err as ForeignFolderError).folder).toBe(folder);
    // Printed as it is (src/cli/write-failure.ts).
    expect((err as Error).message).toBe(`输出文件夹「${folder}」中已有其他文件，不是 handbook 生成的网站`);
    expect(fs.readdirSync(folder)).toEqual(['工作记录.docx']);
    const empty = path.join(dir, 'empty');
    fs.mkdirSync(empty);
    expect(await writeFolderAtomic(empty, site(1))).toBe('written');
    expect(fs.existsSync(path.join(empty, SITE_MARKER))).toBe(true);
  });

  it('writes many files in nested folders, and calls a folder unchanged only when it holds exactly them', async () => {
    const folder = path.join(tmp(), 'site');
    const files = site(40);
    expect(await writeFolderAtomic(folder, files)).toBe('written');
    for (const [rel, data] of files) expect(fs.readFileSync(path.join(folder, rel))).toEqual(Buffer.from(data));
    expect(await writeFolderAtomic(folder, files)).toBe('unchanged');

    // A file left over from elsewhere: rewritten, and it is gone.
    fs.writeFileSync(path.join(folder, 'gbds', 'stray.html'), 'x');
    expect(await writeFolderAtomic(folder, files)).toBe('written');
    expect(fs.existsSync(path.join(folder, 'gbds', 'stray.html'))).toBe(false);

    // Same names, other bytes.
    fs.writeFileSync(path.join(folder, 'index.html'), '旧首页');
    expect(await writeFolderAtomic(folder, files)).toBe('written');
    expect(fs.readFileSync(path.join(folder, 'index.html'), 'utf8')).toBe('首页');

    // A symbolic link where a page should be, even to the same bytes, is not the page.
    const copy = path.join(tmp(), 'index.html');
    fs.writeFileSync(copy, '首页');
    fs.rmSync(path.join(folder, 'index.html'));
    fs.symlinkSync(copy, path.join(folder, 'index.html'));
    expect(await writeFolderAtomic(folder, files)).toBe('written');
    expect(fs.lstatSync(path.join(folder, 'index.html')).isFile()).toBe(true);
  });

  it('refuses a dangling link and a link to a file where the folder should be, naming where they point', async () => {
    const dir = tmp();
    const dangling = path.join(dir, 'dangling');
    fs.symlinkSync(path.join(dir, 'nowhere'), dangling);
    expect(await rejection(writeFolderAtomic(dangling, site(1)))).toMatchObject({ kind: 'dangling-link', target: path.join(dir, 'nowhere'), expected: 'folder' });
    const file = path.join(dir, 'file.html');
    fs.writeFileSync(file, 'x');
    const link = path.join(dir, 'link');
    fs.symlinkSync(file, link);
    const err = await rejection(writeFolderAtomic(link, site(1)));
    expect(err).toMatchObject({ kind: 'file', target: file, expected: 'folder' });
    expect((err as Error).message).toBe(`output ${link} is a file (${file}), not a folder`);
    expect(fs.readFileSync(file, 'utf8')).toBe('x');
  });
});

describe('output targets and errors', () => {
  it('names where a link points, and only for a link', () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'folder.pdf'));
    const folder = errorOf(() => outputTarget(path.join(dir, 'folder.pdf')));
    expect(folder).toMatchObject({ kind: 'folder', target: undefined });
    expect((folder as Error).message).toBe(`output ${path.join(dir, 'folder.pdf')} is a folder, not a regular file`);
    fs.symlinkSync('nowhere.pdf', path.join(dir, 'dangling.pdf'));
    expect(errorOf(() => outputTarget(path.join(dir, 'dangling.pdf')))).toMatchObject({ kind: 'dangling-link', target: 'nowhere.pdf' });
  });

  it('turns system errors into OutputWriteError naming the output; bugs pass unchanged', () => {
    const system = Object.assign(new Error('no space'), { code: 'ENOSPC' });
    const wrapped = asWriteError('/out/手册.pdf', system);
    expect(wrapped).toBeInstanceOf(OutputWriteError);
    expect(wrapped).toMatchObject({ file: '/out/手册.pdf', code: 'ENOSPC', cause: system, message: 'cannot write /out/手册.pdf: ENOSPC' });
    // Already named: passed on as it is, not named again.
    expect(asWriteError('/elsewhere', wrapped)).toBe(wrapped);
    const target = new OutputTargetError('/out/a.pdf', 'fifo');
    expect(asWriteError('/elsewhere', target)).toBe(target);
    const bug = new TypeError('x is undefined');
    expect(asWriteError('/out/手册.pdf', bug)).toBe(bug);
    expect(asWriteError('/out/手册.pdf', undefined)).toBeUndefined();
  });
});

describe('temporary files in flight', () => {
  afterEach(() => {
    removeTempsInFlight();
  });

  it('stops telling a listener once it unsubscribed', () => {
    const dir = tmp();
    const seen: boolean[] = [];
    const stop = onTempChange((_, held) => seen.push(held));
    writeFileAtomic(path.join(dir, 'a.pdf'), bytes('1'));
    stop();
    writeFileAtomic(path.join(dir, 'a.pdf'), bytes('2'));
    expect(seen).toEqual([true, false]);
  });

  it('removes a temporary folder with everything in it', () => {
    const held = path.join(tmp(), `.site.${process.pid}.0badf00d.tmp`);
    fs.mkdirSync(path.join(held, 'gbds'), { recursive: true });
    fs.writeFileSync(path.join(held, 'gbds', 'a.html'), 'x');
    holdTemp(held);
    expect(removeTempsInFlight()).toEqual([held]);
    expect(fs.existsSync(held)).toBe(false);
  });
});

describe('testPauseMs', () => {
  const saved = process.env.HANDBOOK_TEST_PAUSE_WRITE;
  afterEach(() => {
    if (saved === undefined) delete process.env.HANDBOOK_TEST_PAUSE_WRITE;
    else process.env.HANDBOOK_TEST_PAUSE_WRITE = saved;
  });

  it('is a positive number of milliseconds, at most ten minutes, else 0', () => {
    const cases: [string | undefined, number][] = [[undefined, 0], ['', 0], ['abc', 0], ['-5', 0], ['0', 0], ['250', 250], ['9999999', 600_000], ['Infinity', 0]];
    for (const [value, ms] of cases) {
      if (value === undefined) delete process.env.HANDBOOK_TEST_PAUSE_WRITE;
      else process.env.HANDBOOK_TEST_PAUSE_WRITE = value;
      expect(testPauseMs(), String(value)).toBe(ms);
    }
  });
});

/*
 * Folder writes under faults injected through the fs functions the writer
 * calls, on real folders in a temporary folder: the old site must stay whole,
 * or be put back, whatever step fails.
 */
describe('writeFolderAtomic under faults', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const files = new Map([
    ['index.html', bytes('<p>新</p>')],
    ['items/a.html', bytes('<p>事项</p>')],
  ]);


  /** fs.renameSync, whose `n`th call (1-based) fails with `code` for each [n, code]; the others rename. */
  function failRenames(failures: Record<number, string>): void {
    const rename = fs.renameSync.bind(fs);
    let calls = 0;
    vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      const code = failures[++calls];
      if (code) throw systemError(code);
      rename(from, to);
    });
  }

  /** Every write of the new files fails: the build after a crash fails too. */
  async function failWrites() {
    return vi.spyOn(await fileHandlePrototype(), 'write').mockRejectedValue(systemError('ENOSPC'));
  }

  it('puts the old folder back when the new one cannot take its place', async () => {
    const dir = tempDir();
    const folder = oldSite(dir);
    failRenames({ 2: 'EXDEV' });
    expect(await rejection(writeFolderAtomic(folder, files))).toMatchObject({ file: folder, code: 'EXDEV' });
    expect(fs.readdirSync(folder).sort()).toEqual([SITE_MARKER, 'index.html'].sort());
    expect(fs.readFileSync(path.join(folder, 'index.html'), 'utf8')).toBe('<p>旧</p>');
    expect(temps(dir)).toEqual([]);
  });

  it('with no old folder, reports the failed rename itself and leaves nothing', async () => {
    const dir = tempDir();
    failRenames({ 1: 'EXDEV' });
    expect(await rejection(writeFolderAtomic(path.join(dir, 'site'), files))).toMatchObject({ code: 'EXDEV' });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('interrupted between its renames, leaves the old folder whole under its .old name; the next write puts it back', async () => {
    const dir = tempDir();
    const folder = oldSite(dir);
    let temp = '';
    const stop = onTempChange((t, held) => {
      if (held) temp = path.basename(t);
    });
    // The new folder cannot take the old one's place, nor the old one go back: what a kill between the renames leaves.
    failRenames({ 2: 'EIO', 3: 'EIO' });
    await rejection(writeFolderAtomic(folder, files));
    stop();
    vi.restoreAllMocks();
    const m = /^\.site\.(\d+)\.([0-9a-f]{8})\.tmp$/.exec(temp);
    expect(m?.[1]).toBe(String(process.pid));
    const aside = `.site.${process.pid}.${m![2]}.old`;
    expect(fs.readdirSync(dir)).toEqual([aside]);
    expect(fs.readdirSync(path.join(dir, aside)).sort()).toEqual([SITE_MARKER, 'index.html'].sort());

    // Its writer is gone (a killed run); the next build, failing too, puts the old site back first.
    const stale = `.site.${deadPid()}.${m![2]}.old`;
    fs.renameSync(path.join(dir, aside), path.join(dir, stale));
    await failWrites();
    expect(await rejection(writeFolderAtomic(folder, files))).toMatchObject({ code: 'ENOSPC' });
    expect(fs.readdirSync(dir)).toEqual(['site']);
    expect(fs.readFileSync(path.join(folder, 'index.html'), 'utf8')).toBe('<p>旧</p>');
  });

  it('keeps a stale .old site it cannot put back: it may be the last good copy', async () => {
    const dir = tempDir();
    const folder = oldSite(dir);
    const stale = path.join(dir, `.site.${deadPid()}.0badf00d.old`);
    fs.renameSync(folder, stale);
    // Putting it back fails (the first rename of this write), and so does the write itself.
    failRenames({ 1: 'EACCES' });
    await failWrites();
    expect(await rejection(writeFolderAtomic(folder, files))).toMatchObject({ code: 'ENOSPC' });
    vi.restoreAllMocks();
    expect(fs.readdirSync(dir)).toEqual([path.basename(stale)]);
    // The next write that can rename puts it back before writing, and then replaces it.
    expect(await writeFolderAtomic(folder, files)).toBe('written');
    expect(fs.readdirSync(dir)).toEqual(['site']);
  });

  it('never puts back a stale temporary folder as the site: it may be half written', async () => {
    const dir = tempDir();
    // Killed while writing: the marker is among the first files written.
    const half = path.join(dir, `.site.${deadPid()}.0badf00d.tmp`);
    fs.mkdirSync(half);
    fs.writeFileSync(path.join(half, SITE_MARKER), '');
    await failWrites();
    expect(await rejection(writeFolderAtomic(path.join(dir, 'site'), files))).toMatchObject({ code: 'ENOSPC' });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses a FIFO as a folder without following it', async () => {
    const dir = tempDir();
    const fifo = fifoAt(path.join(dir, 'pipe'));
    expect(await rejection(writeFolderAtomic(fifo, files))).toMatchObject({ file: fifo, kind: 'fifo', target: undefined, expected: 'folder' });
    expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('creates missing parent folders', async () => {
    const folder = path.join(tempDir(), 'a', 'b', 'site');
    expect(await writeFolderAtomic(folder, files)).toBe('written');
    expect(fs.readFileSync(path.join(folder, 'items', 'a.html'), 'utf8')).toBe('<p>事项</p>');
  });

  it('rewrites a folder with as many files under other names', async () => {
    const folder = oldSite(tempDir());
    // The same first page: what differs is a name.
    fs.writeFileSync(path.join(folder, 'index.html'), files.get('index.html')!);
    fs.writeFileSync(path.join(folder, 'other.html'), 'x');
    expect(await writeFolderAtomic(folder, files)).toBe('written');
    expect(fs.existsSync(path.join(folder, 'other.html'))).toBe(false);
  });

  it('goes on after short writes, and closes every file it opened', async () => {
    const proto = await fileHandlePrototype();
    const write = proto.write;
    vi.spyOn(proto, 'write').mockImplementation(function (this: unknown, b: unknown, o: unknown, l: unknown) {
      return write.call(this, b, o, Math.min(l as number, 3));
    });
    const open = fs.promises.open.bind(fs.promises);
    const handles: fs.promises.FileHandle[] = [];
    vi.spyOn(fs.promises, 'open').mockImplementation(async (...args) => {
      const handle = await open(...args);
      handles.push(handle);
      return handle;
    });
    const folder = path.join(tempDir(), 'site');
    expect(await writeFolderAtomic(folder, files)).toBe('written');
    for (const [rel, data] of files) expect(fs.readFileSync(path.join(folder, rel))).toEqual(Buffer.from(data));
    // A closed FileHandle's fd is -1.
    expect(handles.map((h) => h.fd)).toEqual(Array(files.size + 1).fill(-1));
  });

  it('is counted while its temporary folder exists, and no longer after', async () => {
    expect(await registryDuring(() => writeFolderAtomic(path.join(tempDir(), 'site'), files))).toEqual([
      [true, 1],
      [false, 0],
    ]);
  });

  it('is held before the renames for HANDBOOK_TEST_PAUSE_WRITE milliseconds', async () => {
    const folder = path.join(tempDir(), 'site');
    expect(await timedWithPause(300, () => writeFolderAtomic(folder, files))).toBeGreaterThanOrEqual(290);
  });
});
