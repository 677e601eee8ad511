#!/usr/bin/env node
// npm run bench: the demo handbook and synthetic catalogues of 67, 300 and
// 1,000 items; for each, median and spread over RUNS cold builds (a new
// `handbook build` process each, peak RSS from that process) and warm
// in-process rebuilds,
// with pages per second and output size.
// The same content is built through Typst (bench/typst/, its Node compiler
// installed in bench/node_modules, out of the user's install) and the ratio
// ours / Typst is printed per case.
// Usage: node bench/run.mjs [runs=5] [sizes=67,300,1000]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeSynthetic } from './synthetic.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 5);
const sizes = (process.argv[3] ?? '67,300,1000').split(',').map(Number);
// Warm rebuilds run in this process, tuned as the CLI's watch and batch modes are.
await import(pathToFileURL(path.join(repo, 'dist/cli/v8-tuning.js')).href);
const lib = await import(pathToFileURL(path.join(repo, 'dist/index.js')).href);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-out-'));
if (!fs.existsSync(path.join(repo, 'bench/node_modules/@myriaddreamin/typst-ts-node-compiler'))) {
  spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: path.join(repo, 'bench'), stdio: 'inherit' });
}
// Typst writes its PDF to a file too, as our CLI does.
const typstCold = (file) => {
  const r = spawnSync(process.execPath, [path.join(repo, 'bench/typst/build-one.mjs'), file, path.join(scratch, 'typst.pdf')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop());
};

// One cold build: a new process running the CLI as a user does
// (`handbook build <file> -o <out>`), timed from spawn to exit. Pages and
// size come from the PDF it wrote, peak RSS from a preload that reports it.
const cli = path.join(repo, 'dist/cli/launch.js');
const pagesOf = (bytes) => (Buffer.from(bytes).toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;
const ourCold = (file, out) => {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['-r', path.join(repo, 'bench/report-rss.cjs'), cli, 'build', file, '-o', out], { encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(r.stderr || r.stdout);
  const { rss } = JSON.parse(r.stderr.split('BENCH ').pop());
  const pdf = fs.readFileSync(out);
  return { ms, rss, pages: pagesOf(pdf), bytes: pdf.length };
};

const stat = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
};

const cases = [['demo (39)', path.join(repo, 'data/示例县/handbook.yaml')], ...sizes.map((n) => [`${n} items`, writeSynthetic(n)])];
const rows = [];
const results = [];
for (const [name, file] of cases) {
  const cold = [];
  let last;
  const out = path.join(scratch, 'ours.pdf');
  const typst = [];
  let typstLast;
  // Ours and Typst alternate, so that this machine's drift (10–25 % within
  // minutes) weighs on both alike rather than on whichever ran second.
  for (let i = 0; i < runs; i++) {
    fs.rmSync(out, { force: true }); // the CLI skips writing unchanged bytes
    last = ourCold(file, out);
    cold.push(last.ms);
    const t = performance.now();
    typstLast = typstCold(file);
    typst.push(performance.now() - t);
  }
  const warm = [];
  await lib.buildHandbook(file); // the first in-process build is cold
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await lib.buildHandbook(file);
    warm.push(performance.now() - t);
  }
  const c = stat(cold);
  const w = stat(warm);
  const ty = stat(typst);
  results.push({ name, cold: c.median, typst: ty.median, rss: last.rss, bytes: last.bytes, typstBytes: typstLast.bytes });
  rows.push({
    case: name,
    pages: last.pages,
    'cold ms (median [min–max])': `${c.median.toFixed(0)} [${c.min.toFixed(0)}–${c.max.toFixed(0)}]`,
    'warm ms (median [min–max])': `${w.median.toFixed(0)} [${w.min.toFixed(0)}–${w.max.toFixed(0)}]`,
    'pages/s (warm)': (last.pages / (w.median / 1000)).toFixed(0),
    'size KB': Math.round(last.bytes / 1024),
    'peak RSS MB (cold)': Math.round(last.rss),
    'typst cold ms': `${ty.median.toFixed(0)} [${ty.min.toFixed(0)}–${ty.max.toFixed(0)}]`,
    'typst KB': Math.round(typstLast.bytes / 1024),
    'ours/typst (cold)': (c.median / ty.median).toFixed(2),
  });
  if (!name.startsWith('demo')) fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
console.table(rows);
fs.rmSync(scratch, { recursive: true, force: true });

// The targets of issue #10, checked on this run's numbers.
const mark = (ok) => (ok ? 'met' : 'NOT met');
console.log('\nTargets (this run):');
for (const r of results) {
  if (r.name.startsWith('demo') || r.name.startsWith('300 ')) {
    console.log(`  ${r.name}: cold ≤ 1.5 × Typst — ${(r.cold / r.typst).toFixed(2)} × — ${mark(r.cold <= 1.5 * r.typst)}`);
  }
  if (r.name.startsWith('300 ')) console.log(`  ${r.name}: peak RSS ≤ 300 MB — ${Math.round(r.rss)} MB — ${mark(r.rss <= 300)}`);
  console.log(`  ${r.name}: size ≤ Typst — ${Math.round(r.bytes / 1024)} KB vs ${Math.round(r.typstBytes / 1024)} KB — ${mark(r.bytes <= r.typstBytes)}`);
}

// The web twin's build time, on the same machine in the same run.
const { benchSite } = await import('./site.mjs');
await benchSite(runs, [300]);
