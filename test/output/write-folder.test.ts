import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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

/* Output safety rules of src/output that fault-writes.test.ts does not reach: foreign folders, what counts as unchanged, link targets, error wrapping, the temp registry. */

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-write-folder-'));
const bytes = (s: string) => new TextEncoder().encode(s);

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

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
