import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cliPath, repoRoot, runCli } from '../helpers/cli.js';

/* `npx handbook` runs the compiled bin directly, so the build must leave it executable. */
describe('installed command', () => {
  it('the bin is executable and answers --help in Chinese', () => {
    expect(fs.statSync(cliPath).mode & 0o111).not.toBe(0);
    const r = spawnSync(cliPath, ['--help'], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('用法： handbook [选项] [命令]');
  });
});

/*
 * The bin is a launcher that runs the bundled CLI (dist/handbook.cjs) with a
 * V8 code cache; issue #10 counts on both for cold-start time.
 */
describe('bundled command', () => {
  const dist = path.join(repoRoot, 'dist');
  const bundle = path.join(dist, 'handbook.cjs');
  const url = (file: string) => pathToFileURL(path.join(dist, file)).href;
  /** What compileBundle says of a bundle's cache, in a process tuned as the CLI is. */
  const cacheStatus = (file: string) => {
    const script = `await import(${JSON.stringify(url('cli/v8-tuning.js'))});
      const { compileBundle } = await import(${JSON.stringify(url('cli/code-cache.js'))});
      console.log(compileBundle(${JSON.stringify(file)}).status);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.trim();
  };

  it('package.json names the launcher as the bin', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    expect(path.join(repoRoot, pkg.bin.handbook)).toBe(cliPath);
  });

  it('the bundle is ASCII, as the launcher reads it (Latin-1), and keeps Chinese intact', () => {
    const text = fs.readFileSync(bundle, 'latin1');
    expect(/[^\x00-\x7f]/.test(text)).toBe(false);
    // Its Chinese, escaped as \\uXXXX, still prints as Chinese.
    const r = spawnSync(cliPath, ['--help'], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.stdout).toContain('生成');
  });

  it('the build leaves a code cache V8 accepts under the CLI flags', () => {
    expect(fs.existsSync(bundle)).toBe(true);
    expect(cacheStatus(bundle)).toBe('used');
  });

  it('a bundle without a usable cache writes one as it exits', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-cache-'));
    try {
      const copy = path.join(dir, 'handbook.cjs');
      fs.copyFileSync(bundle, copy);
      fs.writeFileSync(`${copy}.cache`, 'not a code cache');
      expect(cacheStatus(copy)).toBe('rejected');
      const run = `const { runBundle } = await import(${JSON.stringify(url('cli/code-cache.js'))}); process.exitCode = await runBundle(${JSON.stringify(copy)}).main(process.argv);`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', run, 'handbook', '--version'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout.trim()).toBe('0.1.0');
      expect(cacheStatus(copy)).toBe('used');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints the same PDF/A as the unbundled modules', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-bundle-'));
    try {
      const demo = path.join(repoRoot, 'data/示例县/handbook.yaml');
      // The bundle runs in the suite's CLI server (the same handbook.cjs the launcher loads: its own
      // process is tested in demo-handbook.test.ts); the unbundled modules in a process of their own.
      const bundled = path.join(dir, 'bundled.pdf');
      const b = runCli(['build', demo, '--pdfa', '-o', bundled]);
      expect(b.status, b.stderr).toBe(0);
      const modules = path.join(dir, 'modules.pdf');
      const m = spawnSync(process.execPath, [path.join(dist, 'cli/modules.js'), 'build', demo, '--pdfa', '-o', modules], { encoding: 'utf8' });
      expect(m.status, m.stderr).toBe(0);
      const outs = [fs.readFileSync(bundled), fs.readFileSync(modules)];
      expect(outs[0]!.length).toBeGreaterThan(100_000);
      expect(Buffer.compare(outs[0]!, outs[1]!)).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
