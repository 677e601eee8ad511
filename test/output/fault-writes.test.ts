import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  holdTemp,
  onTempChange,
  OutputTargetError,
  OutputWriteError,
  removeTempsInFlight,
  sameContent,
  writeFileAtomic,
} from '../../src/output/write-atomic.js';
import { SITE_MARKER, writeFolderAtomic } from '../../src/output/write-folder.js';
import { writeIfChanged } from '../../src/output/write-result.js';
import { buildSync } from 'esbuild';
import { repoRoot } from '../helpers/cli.js';
import { deadPid, errorOf, fifoAt, fileHandlePrototype, oldSite, tempDir, temps } from './faults.js';

/*
 * Writes under faults: a system that takes fewer bytes than asked, a full
 * disk, a file size limit, a FIFO or a device where the output should be,
 * a process killed inside the write. The old output must survive each, and
 * no temporary file may stay behind.
 */

/** src/output/write-atomic.ts as a module a child process can run (it imports only Node's own modules). */
function compiledWriteAtomic(): string {
  const outfile = path.join(tempDir(), 'write-atomic.mjs');
  buildSync({ entryPoints: [path.join(repoRoot, 'src/output/write-atomic.ts')], outfile, format: 'esm', platform: 'node', logLevel: 'silent' });
  return outfile;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('every byte written, or a failure', () => {
  it('goes on after a short write until all is written', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.pdf');
    const data = Buffer.alloc(50_000, 7);
    const real = fs.writeSync.bind(fs) as (fd: number, b: Uint8Array, o: number, l: number) => number;
    // A file size limit or nearly full disk takes part of a write and says so only in the count.
    const spy = vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, b: Uint8Array, o: number, l: number) => real(fd, b, o, Math.min(l, 4096))) as never);
    writeFileAtomic(file, data);
    expect(spy.mock.calls.length).toBeGreaterThan(10);
    expect(fs.readFileSync(file).equals(data)).toBe(true);
    expect(temps(dir)).toEqual([]);
  });

  it('fails when the system accepts no more bytes, keeping the old file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.pdf');
    fs.writeFileSync(file, 'old');
    const real = fs.writeSync.bind(fs) as (fd: number, b: Uint8Array, o: number, l: number) => number;
    let calls = 0;
    vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, b: Uint8Array, o: number, l: number) => (++calls === 1 ? real(fd, b, o, 100) : 0)) as never);
    const err = errorOf(() => writeFileAtomic(file, Buffer.alloc(1000, 1)));
    expect(err).toBeInstanceOf(OutputWriteError);
    expect(err).toMatchObject({ file, code: 'SHORT_WRITE' });
    expect(calls).toBe(2);
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    expect(temps(dir)).toEqual([]);
  });

  it.each(['ENOSPC', 'EFBIG', 'EDQUOT', 'EIO'])('reports %s naming the output, not the temporary file', (code) => {
    const dir = tempDir();
    const file = path.join(dir, 'a.pdf');
    fs.writeFileSync(file, 'old');
    vi.spyOn(fs, 'writeSync').mockImplementation(() => {
      throw Object.assign(new Error(code), { code, path: path.join(dir, '.a.pdf.1.00000000.tmp') });
    });
    const err = errorOf(() => writeFileAtomic(file, Buffer.from('new')));
    expect(err).toBeInstanceOf(OutputWriteError);
    expect(err).toMatchObject({ file, code });
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    expect(temps(dir)).toEqual([]);
  });

  it('turns a real file size limit (EFBIG, SIGXFSZ ignored) into a failure', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.pdf');
    fs.writeFileSync(file, 'old');
    const module = compiledWriteAtomic();
    const script = `import { writeFileAtomic } from ${JSON.stringify(module)};
      try { writeFileAtomic(${JSON.stringify(file)}, Buffer.alloc(300 * 1024, 1)); console.log('written'); }
      catch (e) { console.log(e.constructor.name, e.code, e.file); }`;
    // 100 blocks of 1 KiB: the first write is cut short, the next fails with EFBIG.
    const r = spawnSync('bash', ['-c', `trap '' XFSZ; ulimit -f 100; exec "${process.execPath}" --input-type=module -e '${script.replace(/'/g, "'\\''")}'`], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stdout.trim()).toBe(`OutputWriteError EFBIG ${file}`);
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    expect(temps(dir)).toEqual([]);
  });
});

describe('only a regular file is written over or read', () => {
  it('refuses a FIFO at once, without opening it', () => {
    const dir = tempDir();
    const fifo = fifoAt(path.join(dir, 'pipe.pdf'));
    const started = Date.now();
    // Reading or writing a FIFO with no other end blocks forever; neither may happen.
    expect(sameContent(fifo, Buffer.from('x'))).toBe(false);
    const err = errorOf(() => writeIfChanged(fifo, Buffer.from('x')));
    expect(err).toBeInstanceOf(OutputTargetError);
    expect(err).toMatchObject({ file: fifo, kind: 'fifo' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
  });

  // Not against mutants: one that skips the check would, run as root, rename its file over /dev/full itself.
  it.skipIf(process.env.HANDBOOK_MUTATION_RUN === '1')('refuses a symbolic link to a device (/dev/full), without reading it', () => {
    const dir = tempDir();
    const link = path.join(dir, 'full.pdf');
    fs.symlinkSync('/dev/full', link);
    expect(sameContent(link, Buffer.from('x'))).toBe(false);
    const err = errorOf(() => writeIfChanged(link, Buffer.from('x')));
    expect(err).toMatchObject({ file: link, kind: 'device', target: '/dev/full' });
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it('refuses a folder, a socket and a dangling link', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'folder.pdf'));
    expect(errorOf(() => writeFileAtomic(path.join(dir, 'folder.pdf'), Buffer.from('x')))).toMatchObject({ kind: 'folder' });
    fs.symlinkSync(path.join(dir, 'nowhere.pdf'), path.join(dir, 'dangling.pdf'));
    expect(errorOf(() => writeFileAtomic(path.join(dir, 'dangling.pdf'), Buffer.from('x')))).toMatchObject({ kind: 'dangling-link' });
    expect(fs.existsSync(path.join(dir, 'nowhere.pdf'))).toBe(false);
    const net = await import('node:net');
    const server = net.createServer().listen(path.join(dir, 'socket.pdf'));
    await new Promise((r) => server.once('listening', r));
    expect(errorOf(() => writeFileAtomic(path.join(dir, 'socket.pdf'), Buffer.from('x')))).toMatchObject({ kind: 'socket' });
    server.close();
  });

  it('writes through a symbolic link to a regular file: the file it names is replaced, the link stays', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'real'));
    const real = path.join(dir, 'real', '手册.pdf');
    fs.writeFileSync(real, 'old');
    const link = path.join(dir, 'latest.pdf');
    fs.symlinkSync(real, link);
    expect(writeIfChanged(link, Buffer.from('new'))).toBe('written');
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toBe('new');
    expect(writeIfChanged(link, Buffer.from('new'))).toBe('unchanged');
    expect(temps(dir)).toEqual([]);
    expect(temps(path.join(dir, 'real'))).toEqual([]);
  });

  it('compares sizes before reading: a file of another size is never read', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.pdf');
    fs.writeFileSync(file, Buffer.alloc(10_000, 1));
    const read = vi.spyOn(fs, 'readSync');
    const readFile = vi.spyOn(fs, 'readFileSync');
    expect(sameContent(file, Buffer.alloc(9_999, 1))).toBe(false);
    expect(read).not.toHaveBeenCalled();
    expect(readFile).not.toHaveBeenCalled();
    expect(sameContent(file, Buffer.alloc(10_000, 1))).toBe(true);
    const other = Buffer.alloc(10_000, 1);
    other[9_999] = 2;
    expect(sameContent(file, other)).toBe(false);
  });
});

describe('temporary files', () => {
  it('sweeps ours whose process is gone, and nothing else', () => {
    const dir = tempDir();
    const dead = deadPid();
    const stale = `.a.pdf.${dead}.0badf00d.tmp`;
    const live = `.a.pdf.${process.ppid}.0badf00d.tmp`; // a writer still running
    const others = [`.b.pdf.${dead}.0badf00d.tmp`, `a.pdf.${dead}.0badf00d.tmp`, `.a.pdf.${dead}.nothex!!.tmp`, 'a.pdf.bak'];
    for (const name of [stale, live, ...others]) fs.writeFileSync(path.join(dir, name), 'x');
    writeFileAtomic(path.join(dir, 'a.pdf'), Buffer.from('new'));
    expect(fs.readdirSync(dir).sort()).toEqual(['a.pdf', live, ...others].sort());
  });

  it('sweeps them also when the output is unchanged and nothing is written', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.pdf'), 'same');
    fs.writeFileSync(path.join(dir, `.a.pdf.${deadPid()}.0badf00d.tmp`), 'x');
    expect(writeIfChanged(path.join(dir, 'a.pdf'), Buffer.from('same'))).toBe('unchanged');
    expect(fs.readdirSync(dir)).toEqual(['a.pdf']);
  });

  it('keeps a registry of writes in progress that a signal handler can empty', () => {
    const dir = tempDir();
    const seen: [string, boolean][] = [];
    const stop = onTempChange((temp, held) => {
      seen.push([temp, held]);
      if (held) expect(path.dirname(temp)).toBe(dir);
    });
    writeFileAtomic(path.join(dir, 'a.pdf'), Buffer.from('x'));
    stop();
    expect(seen.map(([, held]) => held)).toEqual([true, false]);
    expect(path.basename(seen[0]![0])).toMatch(new RegExp(`^\\.a\\.pdf\\.${process.pid}\\.[0-9a-f]{8}\\.tmp$`));
    expect(removeTempsInFlight()).toEqual([]);
    // What a signal handler finds in the middle of a write.
    const held = path.join(dir, `.b.pdf.${process.pid}.0badf00d.tmp`);
    fs.writeFileSync(held, 'half');
    holdTemp(held);
    expect(removeTempsInFlight()).toEqual([held]);
    expect(fs.existsSync(held)).toBe(false);
  });

  it('leaves the old file and a temporary file when killed inside the write; the next write sweeps it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.pdf');
    fs.writeFileSync(file, 'old');
    const module = compiledWriteAtomic();
    const child = spawn(process.execPath, ['--input-type=module', '-e', `import { writeFileAtomic } from ${JSON.stringify(module)}; writeFileAtomic(${JSON.stringify(file)}, Buffer.alloc(100000, 1));`], {
      env: { ...process.env, HANDBOOK_TEST_PAUSE_WRITE: '30000' },
      stdio: 'ignore',
    });
    const exited = new Promise((r) => child.once('exit', r));
    await waitFor(() => temps(dir).length === 1 && fs.statSync(path.join(dir, temps(dir)[0]!)).size === 100000);
    child.kill('SIGKILL');
    await exited;
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    expect(temps(dir)).toHaveLength(1);
    writeFileAtomic(file, Buffer.from('new'));
    expect(fs.readdirSync(dir)).toEqual(['a.pdf']);
  });
});

describe('whole folders', () => {
  const files = new Map([
    ['index.html', Buffer.from('<p>新</p>')],
    ['items/a.html', Buffer.from('<p>事项</p>')],
  ]);


  it('fails on a write that accepts no bytes, keeping the old folder and removing the new one', async () => {
    const dir = tempDir();
    const site = oldSite(dir);
    vi.spyOn(await fileHandlePrototype(), 'write').mockResolvedValue({ bytesWritten: 0 });
    await expect(writeFolderAtomic(site, files)).rejects.toMatchObject({ file: site, code: 'SHORT_WRITE' });
    expect(fs.readFileSync(path.join(site, 'index.html'), 'utf8')).toBe('<p>旧</p>');
    expect(temps(dir)).toEqual([]);
  });

  it('refuses a FIFO or a file where the folder should be, and writes through a link to a folder', async () => {
    const dir = tempDir();
    fifoAt(path.join(dir, 'pipe'));
    await expect(writeFolderAtomic(path.join(dir, 'pipe'), files)).rejects.toMatchObject({ kind: 'fifo' });
    fs.writeFileSync(path.join(dir, 'file'), 'x');
    await expect(writeFolderAtomic(path.join(dir, 'file'), files)).rejects.toMatchObject({ kind: 'file' });
    const real = oldSite(dir, 'real');
    fs.symlinkSync(real, path.join(dir, 'link'));
    expect(await writeFolderAtomic(path.join(dir, 'link'), files)).toBe('written');
    expect(fs.lstatSync(path.join(dir, 'link')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(real, 'items/a.html'), 'utf8')).toBe('<p>事项</p>');
    expect(await writeFolderAtomic(path.join(dir, 'link'), files)).toBe('unchanged');
    expect(temps(dir)).toEqual([]);
  });

  it('sweeps stale temporary folders, first putting back an old site that a kill between the renames left aside', async () => {
    const dir = tempDir();
    const dead = deadPid();
    // Killed between "site → .old" and ".tmp → site": no site, both halves aside.
    const aside = oldSite(dir, `.site.${dead}.0badf00d.old`);
    fs.mkdirSync(path.join(dir, `.site.${dead}.0badf00d.tmp`));
    fs.mkdirSync(path.join(dir, `.site.${dead}.feedf00d.tmp`));
    // This build fails too: the site put back is what remains.
    const spy = vi.spyOn(await fileHandlePrototype(), 'write').mockRejectedValue(Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' }));
    await expect(writeFolderAtomic(path.join(dir, 'site'), files)).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(fs.existsSync(aside)).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'site', 'index.html'), 'utf8')).toBe('<p>旧</p>');
    expect(temps(dir)).toEqual([]);
    spy.mockRestore();
    expect(await writeFolderAtomic(path.join(dir, 'site'), files)).toBe('written');
    expect(fs.readdirSync(dir).sort()).toEqual(['site']);
  });
});

async function waitFor(ok: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
