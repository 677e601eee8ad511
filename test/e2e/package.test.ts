import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';
import { compactPageTexts, openPdf } from '../helpers/pdf.js';

/*
 * The tool as an office installs it: `npm pack`, then a global install of
 * the tarball into a fresh prefix, then the `handbook` command run from a
 * folder outside the project. Install scripts are left off, as newer npm
 * does for global installs unless allowed: the command must work on the
 * bundles alone, with the patched libraries inside them, and give the same
 * bytes as the checkout.
 *
 * The install is laid out here as `npm install -g --ignore-scripts` lays it
 * out, not run: that cost ~17 CPU-s, over 40 % of this file on 2 cores (npm
 * extracts ~470 MB, mostly the three @expo-google-fonts packages); laid out,
 * the file takes ~20 CPU-s, of which `npm pack` ~3.5 and the dry run below
 * ~4.5. The tarball is extracted with its file modes into
 * <prefix>/lib/node_modules/handbook, <prefix>/bin/handbook links to its
 * `bin` file, and its node_modules holds what its `dependencies` bring and
 * nothing else: the declared packages and theirs, hoisted as in the
 * checkout's lockfile (the bundles read pdfkit's data files from
 * node_modules/pdfkit, where npm hoists it), linked from the checkout's
 * node_modules. So a run-time require of an undeclared package fails as
 * after a real install. The packages `patches/` changes are copied instead,
 * with their patches taken back out: npm installs them unpatched, and the
 * bundles must not lean on the checkout's patched copies. `npm install -g
 * --dry-run` shows npm itself accepts the tarball for a global install and
 * resolves every dependency.
 *
 * What a real install does that this does not: fetch and unpack the
 * registry's newest versions within the declared ranges (this runs the
 * lockfile's, checked against the ranges), hoist them by its own reckoning
 * rather than the lockfile's, copy rather than link them (a linked package
 * resolves its own requires from the checkout), and make the `bin` file
 * executable itself (here the tarball must already have it so).
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

interface Manifest {
  name: string;
  version: string;
  bin?: string | Record<string, string>;
  dependencies?: Record<string, string>;
}

interface LockEntry {
  version: string;
  optional?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

/** The tarball as npm extracts it for `install -g`, with <prefix>/bin links to its `bin` files. */
function unpack(tarball: string): Manifest {
  const lib = path.dirname(installed);
  const untar = run('tar', ['-xzf', tarball, '--no-same-owner', '-C', lib], tmp);
  expect(untar.status, untar.stderr).toBe(0);
  fs.renameSync(path.join(lib, 'package'), installed);
  const manifest = readJson<Manifest>(path.join(installed, 'package.json'));
  const bins = typeof manifest.bin === 'string' ? { [manifest.name]: manifest.bin } : manifest.bin ?? {};
  expect(Object.keys(bins)).toEqual(['handbook']);
  fs.mkdirSync(path.dirname(bin));
  for (const [name, target] of Object.entries(bins)) {
    const file = path.join(installed, target);
    expect(fs.statSync(file).mode & 0o111, `${target} is executable`).toBe(0o111);
    expect(fs.readFileSync(file, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    fs.symlinkSync(path.relative(path.dirname(bin), file), path.join(path.dirname(bin), name));
  }
  return manifest;
}

/**
 * The lockfile packages the manifest's `dependencies` bring, found as Node
 * finds them (nested node_modules first, then each folder up): keys such as
 * `node_modules/pdfkit`, the top-level ones to be linked, the nested ones
 * reached through them.
 */
function runtimePackages(manifest: Manifest): Set<string> {
  const lock = readJson<{ packages: Record<string, LockEntry> }>(path.join(repoRoot, 'package-lock.json')).packages;
  const found = new Set<string>();
  const at = (dir: string, name: string) => `${dir ? `${dir}/` : ''}node_modules/${name}`;
  const visit = (from: string, name: string) => {
    let dir = from;
    while (!lock[at(dir, name)]) {
      expect(dir, `${name}, required from ${from || 'the package'}, is in the lockfile`).not.toBe('');
      dir = dir.replace(/\/?node_modules\/(@[^/]+\/)?[^/]+$/, '');
    }
    const key = at(dir, name);
    const entry = lock[key]!;
    if (found.has(key) || (entry.optional && !fs.existsSync(path.join(repoRoot, key)))) return;
    found.add(key);
    const peers = Object.keys(entry.peerDependencies ?? {}).filter((dep) => !entry.peerDependenciesMeta?.[dep]?.optional);
    for (const dep of [...Object.keys({ ...entry.dependencies, ...entry.optionalDependencies }), ...peers]) visit(key, dep);
  };
  for (const name of Object.keys(manifest.dependencies ?? {})) visit('', name);
  return found;
}

/**
 * The installed package's node_modules: each top-level runtime package linked
 * from the checkout, the declared ones checked against their ranges; the ones
 * `patches/` changes copied and unpatched, as the registry has them.
 */
function installDependencies(manifest: Manifest): void {
  const modules = path.join(installed, 'node_modules');
  const top = [...runtimePackages(manifest)].filter((key) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(key));
  for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
    const { version } = readJson<Manifest>(path.join(repoRoot, 'node_modules', name, 'package.json'));
    expect(semver.satisfies(version, range), `${name} ${version} satisfies ${range}`).toBe(true);
  }
  const patched = new Map(fs.readdirSync(path.join(installed, 'patches')).filter((f) => f.endsWith('.patch')).map((f) => {
    const [, name, version] = /^(.+)\+([^+]+)\.patch$/.exec(f)!;
    return [name!.replace('+', '/'), { file: path.join(installed, 'patches', f), version: version! }];
  }));
  for (const key of top) {
    const name = key.slice('node_modules/'.length);
    const from = path.join(repoRoot, key);
    const to = path.join(modules, name);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    const patch = patched.get(name);
    if (!patch) {
      fs.symlinkSync(from, to);
      continue;
    }
    expect(readJson<Manifest>(path.join(from, 'package.json')).version).toBe(patch.version);
    fs.cpSync(from, to, { recursive: true });
    const unpatch = run('patch', ['-R', '-p1', '-s', '-t', '--no-backup-if-mismatch', '-d', installed, '-i', patch.file], tmp);
    expect(unpatch.status, `${path.basename(patch.file)} taken back out: ${unpatch.stdout}${unpatch.stderr}`).toBe(0);
    patched.delete(name);
  }
  // Every patched package is one the dependencies bring, and was unpatched above.
  expect([...patched.keys()]).toEqual([]);
}

beforeAll(() => {
  // The checkout is already built (pretest); packing must not rebuild it under the other tests' feet.
  const pack = run('npm', ['pack', '--ignore-scripts', '--pack-destination', tmp, '--silent'], repoRoot);
  expect(pack.status, pack.stderr).toBe(0);
  const tarball = path.join(tmp, pack.stdout.trim().split('\n').at(-1)!);
  fs.mkdirSync(path.join(prefix, 'lib', 'node_modules'), { recursive: true });
  const dryRun = run('npm', ['install', '-g', '--dry-run', '--prefix', prefix, tarball, '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], tmp);
  expect(dryRun.status, dryRun.stderr).toBe(0);
  const manifest = unpack(tarball);
  // npm would add the package and each of its dependencies.
  const added = new Set(dryRun.stdout.split('\n').map((line) => line.split(' ').slice(0, 2).join(' ')));
  for (const name of [manifest.name, ...Object.keys(manifest.dependencies ?? {})]) expect(added).toContain(`add ${name}`);
  installDependencies(manifest);
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
