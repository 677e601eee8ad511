import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';
import { compactPageTexts, openPdf } from '../helpers/pdf.js';

/*
 * The tool as an office installs it: `npm pack`, then `npm install -g` of
 * the tarball into a fresh prefix, then the `handbook` command run from a
 * folder outside the project. Install scripts are left off (`--ignore-
 * scripts`), as newer npm does for global installs unless allowed: the
 * command must work on the bundles alone, with the patched libraries
 * inside them, and give the same bytes as the checkout.
 */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-package-'));
const prefix = path.join(tmp, 'prefix');
const office = path.join(tmp, '办公室');
const bin = path.join(prefix, 'bin', 'handbook');
const installed = path.join(prefix, 'lib', 'node_modules', 'handbook');

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 300_000, env: { ...process.env, npm_config_update_notifier: 'false' } });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

const digest = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

beforeAll(() => {
  // The checkout is already built (pretest); packing must not rebuild it under the other tests' feet.
  const pack = run('npm', ['pack', '--ignore-scripts', '--pack-destination', tmp, '--silent'], repoRoot);
  expect(pack.status, pack.stderr).toBe(0);
  const tarball = path.join(tmp, pack.stdout.trim().split('\n').at(-1)!);
  const install = run('npm', ['install', '-g', '--prefix', prefix, tarball, '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], tmp);
  expect(install.status, install.stderr).toBe(0);
  fs.mkdirSync(office);
}, 300_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('npm install -g of the packed tool', () => {
  it('gives a handbook command that starts a locality, checks and builds from the office\'s own folder', () => {
    const before = digest(path.join(installed, 'dist/handbook.cjs'));
    const init = run(bin, ['init', '示例县'], office);
    expect(init.status, init.stderr).toBe(0);
    const folder = path.join(office, '示例县');
    expect(fs.readdirSync(folder).sort()).toEqual(['handbook.yaml', '下一步.txt', '目录.yaml']);
    const check = run(bin, ['check'], folder);
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout).toContain('检查通过：4 个分类、39 个事项');
    // Filled in as the office would, then built with the same settings as the demo.
    const demo = fs.readFileSync(path.join(repoRoot, 'data/示例县/handbook.yaml'), 'utf8');
    fs.writeFileSync(path.join(folder, 'handbook.yaml'), demo.replace(/^catalogue: .*$/m, 'catalogue: 目录.yaml').replace(/^output: .*$/m, 'output: 手册.pdf'));
    const build = run(bin, ['build'], folder);
    expect(build.status, build.stderr).toBe(0);
    const pdf = path.join(folder, '手册.pdf');
    expect(compactPageTexts(openPdf(fs.readFileSync(pdf))).join('')).toContain('示例县文化体育和旅游局');
    // The checkout's build of the same files gives the same bytes: the installed command runs the same, patched, code.
    const reference = path.join(tmp, 'reference.pdf');
    expect(runCli(['build', path.join(folder, 'handbook.yaml'), '-o', reference]).status).toBe(0);
    expect(digest(pdf)).toBe(digest(reference));
    // Nothing was rebuilt on the way.
    expect(digest(path.join(installed, 'dist/handbook.cjs'))).toBe(before);
  });

  it('builds a folder of localities on worker threads with the bundled worker, to the same bytes', () => {
    const batch = path.join(office, 'batch');
    for (const name of ['甲县', '乙县']) {
      fs.mkdirSync(path.join(batch, name), { recursive: true });
      fs.copyFileSync(path.join(installed, 'data/catalogue/广播电视示例目录.yaml'), path.join(batch, name, '目录.yaml'));
      const demo = fs.readFileSync(path.join(repoRoot, 'data/示例县/handbook.yaml'), 'utf8');
      fs.writeFileSync(path.join(batch, name, 'handbook.yaml'), demo.replace(/^catalogue: .*$/m, 'catalogue: 目录.yaml').replace(/^output: .*$/m, 'output: 手册.pdf'));
    }
    const r = run(bin, ['build', batch, '--jobs', '2'], office);
    expect(r.status, r.stderr).toBe(0);
    const single = path.join(tmp, 'single.pdf');
    expect(run(bin, ['build', path.join(batch, '甲县/handbook.yaml'), '-o', single], office).status).toBe(0);
    expect(digest(path.join(batch, '甲县/手册.pdf'))).toBe(digest(single));
    expect(digest(path.join(batch, '乙县/手册.pdf'))).toBe(digest(single));
  });
});
