#!/usr/bin/env node
// npm run bench: the demo handbook and synthetic catalogues of 67, 300 and
// 1,000 items; for each, median and spread over RUNS cold builds (a new
// process each, peak RSS from that process) and warm in-process rebuilds,
// with pages per second and output size.
// The same content is built through Typst (bench/typst/, its Node compiler
// installed in bench/node_modules, out of the user's install) and the ratio
// ours / Typst is printed per case.
// Usage: node bench/run.mjs [runs=5] [sizes=67,300,1000]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeSynthetic } from './synthetic.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 5);
const sizes = (process.argv[3] ?? '67,300,1000').split(',').map(Number);
const lib = await import(pathToFileURL(path.join(repo, 'dist/index.js')).href);
if (!fs.existsSync(path.join(repo, 'bench/node_modules/@myriaddreamin/typst-ts-node-compiler'))) {
  spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: path.join(repo, 'bench'), stdio: 'inherit' });
}
const typstCold = (file) => {
  const r = spawnSync(process.execPath, [path.join(repo, 'bench/typst/build-one.mjs'), file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop());
};

// One cold build in a fresh process that reports its own time, pages, size and peak RSS.
const probe = `
  const lib = await import(${JSON.stringify(pathToFileURL(path.join(repo, 'dist/index.js')).href)});
  const t = performance.now();
  const r = await lib.buildHandbook(process.argv[1]);
  const ms = performance.now() - t;
  console.log(JSON.stringify({ ms, pages: r.pageCount, bytes: r.pdf.byteLength, rss: process.resourceUsage().maxRSS / 1024 }));`;

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
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe, file], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    last = JSON.parse(r.stdout.trim().split('\n').pop());
    cold.push(performance.now() - t);
  }
  const warm = [];
  await lib.buildHandbook(file); // the first in-process build is cold
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await lib.buildHandbook(file);
    warm.push(performance.now() - t);
  }
  const typst = [];
  let typstLast;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    typstLast = typstCold(file);
    typst.push(performance.now() - t);
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
