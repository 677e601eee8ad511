import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHandbook } from '../../src/check.js';
import { revisionHost } from '../../src/diff/revision.js';
import { InputFileError, MAX_YAML_BYTES, memoryHost, nodeHost, readInputBytes, readInputText, tryReadInputText } from '../../src/host/host.js';
import { repoRoot } from '../helpers/cli.js';
import { catalogueYaml, handbookFor, runBounded, tempDir } from './helpers.js';
import { requireSystemFile, requireTool } from '../helpers/tools.js';

/*
 * Issue #17, reads: every input is a regular file of bounded size, checked
 * before a byte is read. A device or FIFO (or a symlink to one) is refused
 * unopened; a file over its limit is refused by its size. Each CLI run has a
 * 512 MB heap and a time limit: a read without bound (7–15 GB for /dev/zero
 * before) crashes or times out instead of passing.
 */

/** Makes a FIFO at `file`, or fails the test saying what is missing. */
const mkfifo = (file: string): void => {
  requireTool('mkfifo', '`apt-get install coreutils` (Debian/Ubuntu).', ['--version']);
  execFileSync('mkfifo', [file]);
};

describe('devices and FIFOs are refused unopened', () => {
  it('`catalogue: /dev/zero` in a handbook file: exit 1 at once', () => {
    requireSystemFile('/dev/zero', 'a device that never ends');
    const dir = handbookFor('/dev/zero');
    const r = runBounded(['check', 'handbook.yaml'], dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain('不是普通文件，而是字符设备 [file/not-regular]');
    expect(r.ms).toBeLessThan(15_000);
  });

  it('`check /dev/zero`: exit 1 at once', () => {
    requireSystemFile('/dev/zero', 'a device that never ends');
    const r = runBounded(['check', '/dev/zero'], tempDir());
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain('[file/not-regular]');
  });

  it('`build --changes-from /dev/zero`: exit 1 before anything is built', () => {
    requireSystemFile('/dev/zero', 'a device that never ends');
    const out = path.join(tempDir(), 'out.pdf');
    const r = runBounded(['build', path.join(repoRoot, 'data/示例县/handbook.yaml'), '--changes-from', '/dev/zero', '-o', out], tempDir(), 60_000);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain('[file/not-regular]');
    expect(fs.existsSync(out)).toBe(false);
  });

  it('`diff` of a symlink to /dev/zero: exit 1, naming the link', () => {
    requireSystemFile('/dev/zero', 'a device that never ends');
    const dir = tempDir();
    fs.symlinkSync('/dev/zero', path.join(dir, 'old.yaml'));
    fs.writeFileSync(path.join(dir, 'new.yaml'), catalogueYaml());
    const r = runBounded(['diff', 'old.yaml', 'new.yaml'], dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain('old.yaml 错误 不是普通文件，而是指向字符设备的符号链接 [file/not-regular]');
  });

  it('a FIFO as catalogue: exit 1, no hang (opening a FIFO blocks until a writer comes)', () => {
    const dir = tempDir();
    mkfifo(path.join(dir, 'catalogue.yaml'));
    handbookFor('catalogue.yaml', dir);
    const r = runBounded(['check', 'handbook.yaml'], dir, 20_000);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain('catalogue.yaml 错误 不是普通文件，而是命名管道（FIFO） [file/not-regular]');
  });

  it('a FIFO as handbook file, and through the library: refused without blocking', () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'handbook.yaml');
    mkfifo(fifo);
    expect(() => readInputText(fifo, 1024)).toThrow(InputFileError);
    const { diagnostics } = checkHandbook(fifo);
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['file/not-regular 不是普通文件，而是命名管道（FIFO）']);
  });

  it('a folder is named as a folder', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'catalogue.yaml'));
    handbookFor('catalogue.yaml', dir);
    const { diagnostics } = checkHandbook(path.join(dir, 'handbook.yaml'));
    expect(diagnostics.map((d) => d.message)).toEqual(['这是一个文件夹，不是文件']);
  });
});

describe('sizes are checked before reading', () => {
  it('a 2 GB (sparse) catalogue is refused by its size, unread, with the limit in the message', () => {
    const dir = tempDir();
    const big = path.join(dir, 'catalogue.yaml');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 2 * 1024 * 1024 * 1024);
    handbookFor('catalogue.yaml', dir);
    const r = runBounded(['check', 'handbook.yaml'], dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain('catalogue.yaml 错误 文件过大（2048 MB，上限 10 MB） [file/too-large]');
  });

  it('a catalogue just over the limit is refused; one at the limit is read', () => {
    const dir = tempDir();
    const file = path.join(dir, 'c.yaml');
    const text = catalogueYaml();
    fs.writeFileSync(file, `${text}#${'x'.repeat(MAX_YAML_BYTES - Buffer.byteLength(text) - 2)}\n`);
    expect(fs.statSync(file).size).toBe(MAX_YAML_BYTES);
    expect(readInputBytes(file, MAX_YAML_BYTES).length).toBe(MAX_YAML_BYTES);
    fs.appendFileSync(file, '\n');
    expect(() => readInputText(file, MAX_YAML_BYTES)).toThrow(/文件过大/);
  });

  it('a file that reports size 0 but has content (/proc) is still bounded', () => {
    requireSystemFile('/proc/self/status', 'a file whose size reads as 0 although it has content');
    expect(readInputBytes('/proc/self/status', 1 << 20).length).toBeGreaterThan(0);
    expect(() => readInputBytes('/proc/self/status', 16)).toThrow(InputFileError);
  });

  it('tryReadInputText gives a positioned diagnostic for the call sites that collect them', () => {
    const dir = tempDir();
    const file = path.join(dir, 'theme.yaml');
    fs.writeFileSync(file, 'x'.repeat(2000));
    const r = tryReadInputText(file, 1000, { at: { file: '/h.yaml', line: 3, column: 5 } });
    expect(r.value).toBeUndefined();
    expect(r.diagnostics).toMatchObject([{ code: 'file/too-large', file: '/h.yaml', line: 3, column: 5, message: '文件过大（2 KB，上限 1000 字节）' }]);
    expect(tryReadInputText(path.join(dir, 'none.yaml'), 1000).diagnostics).toMatchObject([{ code: 'file/not-found', file: path.join(dir, 'none.yaml') }]);
  });

  it('the memory host and the git host apply the same limit', () => {
    const host = memoryHost({ '/a.yaml': 'x'.repeat(100) });
    expect(host.readText('/a.yaml', 100)).toHaveLength(100);
    expect(() => host.readText('/a.yaml', 99)).toThrow(/文件过大/);
    expect(() => nodeHost.readText('/dev/null')).toThrow(/不是普通文件/);

    const repo = tempDir();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'ignore' });
    requireTool('git', '`apt-get install git` (Debian/Ubuntu).');
    git('init', '-q');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '--allow-empty', '-m', 'empty');
    fs.writeFileSync(path.join(repo, 'c.yaml'), 'x'.repeat(5000));
    git('add', 'c.yaml');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'c');
    const old = revisionHost(path.join(repo, 'c.yaml'), 'HEAD');
    expect(old.readText(path.join(repo, 'c.yaml'), 5000)).toHaveLength(5000);
    expect(() => old.readText(path.join(repo, 'c.yaml'), 4999)).toThrow(/文件过大/);
  });
});

describe('import reads the same way', () => {
  it('a symlink to /dev/zero named 目录.csv: exit 1 at once', () => {
    requireSystemFile('/dev/zero', 'a device that never ends');
    const dir = tempDir();
    fs.symlinkSync('/dev/zero', path.join(dir, '目录.csv'));
    const r = runBounded(['import', '目录.csv'], dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain('目录.csv 错误 不是普通文件，而是指向字符设备的符号链接 [file/not-regular]');
    expect(fs.readdirSync(dir)).toEqual(['目录.csv']);
  });

  it('a table over 50 MB (sparse) is refused by its size', () => {
    const dir = tempDir();
    const file = path.join(dir, '目录.xlsx');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, 3 * 1024 * 1024 * 1024);
    const r = runBounded(['import', '目录.xlsx'], dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain('目录.xlsx 错误 文件过大（3072 MB，上限 50 MB） [file/too-large]');
  });
});

describe('a font file that is a FIFO', () => {
  it('is refused unopened, with the manifest line, instead of blocking the build', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-font-fifo-'));
    fs.cpSync(path.join(repoRoot, 'test/fixtures/font-broken'), dir, { recursive: true });
    fs.rmSync(path.join(dir, 'fonts/simsunb.ttf'));
    expect(spawnSync('mkfifo', [path.join(dir, 'fonts/simsunb.ttf')]).status).toBe(0);
    const r = runBounded(['build', 'handbook.yaml'], dir, 30_000);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/fonts\/manifest\.yaml:3:13 错误 字体「单位扩展字体」的文件无法使用：.*命名管道/);
    expect(r.ms).toBeLessThan(20_000);
  });
});

