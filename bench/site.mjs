#!/usr/bin/env node
// The web twin's build time (issue #16: 300 items under 1 s): `handbook site`
// as a user runs it (a new process each, timed from spawn to exit, peak RSS
// from a preload) and warm rebuilds in one process, for the demo and
// synthetic catalogues; with page count and the largest page's size.
// Usage: node bench/site.mjs [runs=5] [sizes=300]   (also run by npm run bench)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeSynthetic } from './synthetic.mjs';
import { usageOf, usagePreload } from './usage.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(repo, 'dist/cli/launch.js');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchSite(runs = 5, sizes = [300]) {
  const lib = await import(pathToFileURL(path.join(repo, 'dist/index.js')).href);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-site-'));
  const cases = [['demo (39)', path.join(repo, 'data/示例县/handbook.yaml')], ...sizes.map((n) => [`${n} items`, writeSynthetic(n)])];
  const rows = [];
  for (const [name, file] of cases) {
    const out = path.join(scratch, 'site');
    const cold = [];
    let rss = 0;
    for (let i = 0; i < runs; i++) {
      fs.rmSync(out, { recursive: true, force: true }); // an unchanged site is not written again
      const t = performance.now();
      const r = spawnSync(process.execPath, ['-r', usagePreload, cli, 'site', file, '-o', out], { encoding: 'utf8' });
      cold.push(performance.now() - t);
      if (r.status !== 0) throw new Error(r.stderr || r.stdout);
      rss = usageOf(r.stderr).rss;
    }
    const warm = [];
    await lib.buildSite(file);
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await lib.buildSite(file);
      warm.push(performance.now() - t);
    }
    const pages = fs.readdirSync(out, { recursive: true }).filter((f) => String(f).endsWith('.html'));
    const largest = Math.max(...pages.map((f) => fs.statSync(path.join(out, String(f))).size));
    rows.push({
      case: name,
      'HTML pages': pages.length,
      'cold ms (median)': Math.round(median(cold)),
      'warm ms (median)': Math.round(median(warm)),
      'peak RSS MB (cold)': Math.round(rss),
      'largest page KB': (largest / 1024).toFixed(1),
    });
    if (!name.startsWith('demo')) fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
  fs.rmSync(scratch, { recursive: true, force: true });
  console.log('\nWeb twin (handbook site):');
  console.table(rows);
  const at300 = rows.find((r) => r.case.startsWith('300 '));
  if (at300) console.log(`  300 items: cold site build < 1 s — ${at300['cold ms (median)']} ms — ${at300['cold ms (median)'] < 1000 ? 'met' : 'NOT met'}`);
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchSite(Number(process.argv[2] ?? 5), (process.argv[3] ?? '300').split(',').map(Number));
}
