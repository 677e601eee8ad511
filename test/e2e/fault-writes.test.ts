import { spawn, spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findOutputClashes } from '../../src/cli/batch/outputs.js';
import { cliPath, repoRoot, runCli } from '../helpers/cli.js';
import { openPdf } from '../helpers/pdf.js';

/*
 * Issue #17, "nothing silently lost", on the write side, through the real CLI:
 * a file size limit, a FIFO or a device as the output, a folder without write
 * permission, a process interrupted or killed inside its write (held open by
 * the test-only HANDBOOK_TEST_PAUSE_WRITE, so the kill lands there every
 * time), and a batch whose handbooks share an output. Each must end with the
 * previous output as it was (or the complete new one), a Chinese message,
 * the right exit code and no temporary file left behind.
 */

const fixture = path.join(repoRoot, 'test/diff/fixtures/v1');
const tempPattern = /^\..+\.\d+\.[0-9a-f]{8}\.(tmp|old)$/;
let base: string;
let good: Buffer;

beforeAll(() => {
  // One build of the small catalogue; each test starts from a copy of it.
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-faults-'));
  fs.cpSync(fixture, base, { recursive: true });
  const r = runCli(['build', 'handbook.yaml'], base);
  expect(r.status, r.stderr).toBe(0);
  good = fs.readFileSync(path.join(base, 'out/手册.pdf'));
});

/** A copy of the built fixture: handbook.yaml, catalogue.yaml, out/手册.pdf (the previous, good build). */
function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-faults-'));
  fs.cpSync(base, dir, { recursive: true });
  return dir;
}

function temps(dir: string): string[] {
  return fs.readdirSync(dir).filter((n) => tempPattern.test(n));
}

/** The CLI with a file size limit of `kb` KiB and SIGXFSZ ignored, so a write past it fails with EFBIG (or is cut short). */
function runLimited(kb: number, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync('bash', ['-c', `trap '' XFSZ; ulimit -f ${kb}; exec "$0" "$@"`, process.execPath, cliPath, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
}

/** The CLI held inside its first write for `pauseMs`; resolves once the temporary file is in `watch`. */
async function startPaused(args: string[], cwd: string, watch: string, pauseMs: number) {
  const child = spawn(process.execPath, [cliPath, ...args], { cwd, env: { ...process.env, HANDBOOK_TEST_PAUSE_WRITE: String(pauseMs) } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  const deadline = Date.now() + 60_000;
  while (temps(watch).length === 0) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no temporary file appeared:\n${stdout}${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  // The temporary file exists from its open; the pause follows its last byte and flush.
  await new Promise((r) => setTimeout(r, 300));
  return { child, exited };
}

describe('a failed write keeps the previous output and says why', () => {
  it('a file size limit (ulimit -f, SIGXFSZ ignored): exit 1, the previous PDF byte for byte, no temporary file', () => {
    const dir = workspace();
    // The new PDF (A4) differs from the previous one (A5), and is larger than 100 KiB.
    const r = runLimited(100, ['build', 'handbook.yaml', '--paper', 'A4'], dir);
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).not.toContain('已生成');
    expect(r.stderr).toContain('out/手册.pdf 错误 无法写入输出文件：文件大小超过系统限制');
    expect(r.stderr).toContain('生成失败，原有文件没有改动。');
    expect(fs.readFileSync(path.join(dir, 'out/手册.pdf')).equals(good)).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'out'))).toEqual(['手册.pdf']);
  });

  it('import under a file size limit: exit 1, the previous catalogue kept, not 「已导入」', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-faults-'));
    fs.copyFileSync(path.join(repoRoot, 'test/import/fixtures/csv/广播电视目录.csv'), path.join(dir, '目录.csv'));
    fs.writeFileSync(path.join(dir, '目录.yaml'), 'title: 上一次导入的目录\n');
    // The YAML is about 3.5 KB: the first write is cut at 1 KiB, the next fails.
    const r = runLimited(1, ['import', '目录.csv'], dir);
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).not.toContain('已导入');
    expect(r.stderr).toContain('目录.yaml 错误 无法写入输出文件：文件大小超过系统限制');
    expect(r.stderr).toContain('导入失败，原有文件没有改动。');
    expect(fs.readFileSync(path.join(dir, '目录.yaml'), 'utf8')).toBe('title: 上一次导入的目录\n');
    expect(temps(dir)).toEqual([]);
  });

  it('-o a FIFO: exit 1 at once, instead of hanging on it', () => {
    const dir = workspace();
    expect(spawnSync('mkfifo', [path.join(dir, 'pipe.pdf')]).status).toBe(0);
    const started = Date.now();
    const r = spawnSync(process.execPath, [cliPath, 'build', 'handbook.yaml', '-o', 'pipe.pdf'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    expect(r.error, 'the CLI hung on the FIFO and was killed').toBeUndefined();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('pipe.pdf 错误 输出位置是一个命名管道（FIFO），不是普通文件，没有写入 [output/not-a-file]');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(fs.lstatSync(path.join(dir, 'pipe.pdf')).isFIFO()).toBe(true);
    expect(temps(dir)).toEqual([]);
  });

  it('a booklet that cannot be written: the new PDF is there, and the message says so rather than 「原有文件没有改动」', () => {
    const dir = workspace();
    expect(spawnSync('mkfifo', [path.join(dir, 'out/手册-拼版.pdf')]).status).toBe(0);
    const r = spawnSync(process.execPath, [cliPath, 'build', 'handbook.yaml', '--impose', 'booklet', '--paper', 'A4'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('[output/not-a-file]');
    expect(r.stderr).toContain('PDF 已生成；拼版文件生成失败，原有拼版文件没有改动。');
    expect(r.stderr).not.toContain('生成失败，原有文件没有改动');
    expect(fs.readFileSync(path.join(dir, 'out/手册.pdf')).equals(good)).toBe(false);
  });

  it('-o a symbolic link to /dev/full: exit 1 at once, instead of reading and writing gigabytes', () => {
    const dir = workspace();
    fs.symlinkSync('/dev/full', path.join(dir, 'full.pdf'));
    const started = Date.now();
    const r = spawnSync(process.execPath, [cliPath, 'build', 'handbook.yaml', '-o', 'full.pdf'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    expect(r.error, 'the CLI did not finish').toBeUndefined();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('full.pdf 错误 输出位置是一个符号链接，指向一个设备文件（/dev/full），不是普通文件，没有写入');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(fs.readlinkSync(path.join(dir, 'full.pdf'))).toBe('/dev/full');
  });

  it('a folder it may not write to: exit 1, 「没有写入权限」, the previous PDF kept', () => {
    const dir = workspace();
    const out = path.join(dir, 'out');
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(out, 0o555);
    // chmod does not stop root: as root, run the CLI as the unprivileged user "nobody" instead.
    const asRoot = process.getuid?.() === 0;
    const r = spawnSync(process.execPath, [cliPath, 'build', 'handbook.yaml', '--paper', 'A4'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
      ...(asRoot && { uid: 65534, gid: 65534 }),
    });
    expect(r.error, 'could not run the CLI as an unprivileged user, so no folder is read-only to it').toBeUndefined();
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toContain('out/手册.pdf 错误 无法写入输出文件：没有写入权限');
    expect(fs.readFileSync(path.join(out, '手册.pdf')).equals(good)).toBe(true);
    expect(fs.readdirSync(out)).toEqual(['手册.pdf']);
  });
});

describe('interrupted or killed inside the write', () => {
  it('SIGKILL: the previous PDF intact; the next build sweeps the temporary file left behind', async () => {
    const dir = workspace();
    const out = path.join(dir, 'out');
    const { child, exited } = await startPaused(['build', 'handbook.yaml', '--paper', 'A4'], dir, out, 60_000);
    child.kill('SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');
    expect(fs.readFileSync(path.join(out, '手册.pdf')).equals(good)).toBe(true);
    const [stale] = temps(out);
    expect(stale).toMatch(/^\.手册\.pdf\.\d+\.[0-9a-f]{8}\.tmp$/);

    const r = runCli(['build', 'handbook.yaml', '--paper', 'A4'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(fs.readdirSync(out)).toEqual(['手册.pdf']);
  });

  it('SIGTERM in a build: the write (synchronous) completes first, then exit 143 and no temporary file', async () => {
    const dir = workspace();
    const out = path.join(dir, 'out');
    const { child, exited } = await startPaused(['build', 'handbook.yaml', '--paper', 'A4'], dir, out, 2500);
    child.kill('SIGTERM');
    const r = await exited;
    expect(r.code, r.stderr).toBe(143);
    expect(r.stderr).toContain('已中断');
    expect(fs.readdirSync(out)).toEqual(['手册.pdf']);
    // Either outcome of an atomic write is whole; this one is the new PDF.
    const pdf = fs.readFileSync(path.join(out, '手册.pdf'));
    expect(pdf.equals(good)).toBe(false);
    expect(openPdf(pdf).countPages()).toBeGreaterThan(4);
  });

  it('SIGINT in a batch write: the temporary file removed, exit 130, the previous PDF intact', async () => {
    const dir = workspace();
    const out = path.join(dir, 'out');
    // A folder as input makes a batch: the write happens on a worker thread, the signal arrives on the main one.
    const { child, exited } = await startPaused(['build', '.', '--paper', 'A4'], dir, out, 60_000);
    child.kill('SIGINT');
    const r = await exited;
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain('已中断：未写完的输出已删除，原有文件保持不变。');
    expect(fs.readdirSync(out)).toEqual(['手册.pdf']);
    expect(fs.readFileSync(path.join(out, '手册.pdf')).equals(good)).toBe(true);
  });

  it('SIGINT in a site folder write: the new folder removed, exit 130, the previous site intact', async () => {
    const dir = workspace();
    const out = path.join(dir, 'out');
    expect(runCli(['site', 'handbook.yaml'], dir).status).toBe(0);
    const site = path.join(out, '手册-网站');
    const before = Object.fromEntries(fs.readdirSync(site).map((f) => [f, fs.readFileSync(path.join(site, f)).toString('base64')]));
    const catalogue = path.join(dir, 'catalogue.yaml');
    fs.writeFileSync(catalogue, fs.readFileSync(catalogue, 'utf8').replace('应急广播', '应急广播服务'));
    const { child, exited } = await startPaused(['site', 'handbook.yaml'], dir, out, 60_000);
    child.kill('SIGINT');
    const r = await exited;
    expect(r.code, r.stderr).toBe(130);
    expect(fs.readdirSync(out).sort()).toEqual(['手册-网站', '手册.pdf']);
    expect(Object.fromEntries(fs.readdirSync(site).map((f) => [f, fs.readFileSync(path.join(site, f)).toString('base64')]))).toEqual(before);
  });
});

describe('batch: two handbooks, one output', () => {
  /** Two localities in a/ and b/, whose handbook files name outputs by `output(name)`. */
  function localities(output: (name: string) => string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-faults-'));
    for (const name of ['a', 'b']) {
      fs.mkdirSync(path.join(dir, name));
      fs.copyFileSync(path.join(fixture, 'catalogue.yaml'), path.join(dir, name, 'catalogue.yaml'));
      const yaml = fs.readFileSync(path.join(fixture, 'handbook.yaml'), 'utf8').replace(/^output: .*$/m, `output: ${output(name)}`);
      fs.writeFileSync(path.join(dir, name, 'handbook.yaml'), yaml);
    }
    return dir;
  }

  it('stops before building anything: exit 1, an error at the second file\'s output line naming both, nothing written', () => {
    const dir = localities(() => '../out/手册.pdf');
    const r = runCli(['build', 'a', 'b'], dir);
    expect(r.status, r.stdout + r.stderr).toBe(1);
    const line = fs.readFileSync(path.join(dir, 'b/handbook.yaml'), 'utf8').split('\n').findIndex((l) => l.startsWith('output:')) + 1;
    expect(r.stderr).toContain(`b/handbook.yaml:${line}:9 错误 输出重复：本手册与「a/handbook.yaml」都写入 out/手册.pdf，后生成的会覆盖先生成的 [batch/duplicate-output]`);
    expect(r.stderr).toContain('批量生成已取消：1 处输出重复，没有生成任何手册');
    expect(r.stdout).not.toContain('已生成');
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('compares the derived outputs too: the imposed sheets and the site folder', () => {
    // a's imposed sheets are b's PDF.
    let dir = localities((name) => (name === 'a' ? '../out/手册.pdf' : '../out/手册-拼版.pdf'));
    const files = ['a', 'b'].map((n) => path.join(dir, n, 'handbook.yaml'));
    expect(findOutputClashes(files, {}, false)).toEqual([]);
    const imposed = findOutputClashes(files, { print: { impose: 'booklet' } }, false);
    expect(imposed).toHaveLength(1);
    expect(imposed[0]).toMatchObject({ code: 'batch/duplicate-output', file: files[1], line: 8 });
    expect(imposed[0]!.message).toMatch(/都写入 .*out\/手册-拼版\.pdf（本手册的 PDF，对方的拼版 PDF）/);

    // Two PDFs whose names differ only in the extension's case share a site folder.
    dir = localities((name) => (name === 'a' ? '../out/手册.pdf' : '../out/手册.PDF'));
    const twins = ['a', 'b'].map((n) => path.join(dir, n, 'handbook.yaml'));
    expect(findOutputClashes(twins, {}, false)).toEqual([]);
    const sites = findOutputClashes(twins, {}, true);
    expect(sites).toHaveLength(1);
    expect(sites[0]!.message).toMatch(/都写入 .*out\/手册-网站，/);

    // One folder reached through a symbolic link is the same folder.
    dir = localities((name) => (name === 'a' ? '../out/手册.pdf' : '../link/手册.pdf'));
    fs.mkdirSync(path.join(dir, 'out'));
    fs.symlinkSync(path.join(dir, 'out'), path.join(dir, 'link'));
    expect(findOutputClashes(['a', 'b'].map((n) => path.join(dir, n, 'handbook.yaml')), {}, false)).toHaveLength(1);
  });
});
