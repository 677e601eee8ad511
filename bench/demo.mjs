#!/usr/bin/env node
// Times the demo handbook build: cold (a new process per build, as a user
// runs it) and warm (rebuilds in one process, as watch or batch do).
// Usage: node bench/demo.mjs [repo-dir] [runs]   (repo-dir defaults to this checkout)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
const runs = Number(process.argv[3] ?? 7);
const demo = path.join(repo, 'data/示例县/handbook.yaml');
const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-demo-')), 'demo.pdf');

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
};
const fmt = ({ median, min, max }) => `${median.toFixed(0)} ms (min ${min.toFixed(0)}, max ${max.toFixed(0)})`;

const cold = [];
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  const r = spawnSync(process.execPath, [path.join(repo, 'dist/cli/launch.js'), 'build', demo, '-o', out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  cold.push(performance.now() - t);
}

const lib = await import(pathToFileURL(path.join(repo, 'dist/index.js')).href);
const warm = [];
for (let i = 0; i < runs + 1; i++) {
  const t = performance.now();
  await lib.buildHandbook(demo, { output: out });
  if (i > 0) warm.push(performance.now() - t); // the first in-process build is a cold one
}
console.log(`repo ${repo}`);
console.log(`cold process build: ${fmt(stats(cold))}`);
console.log(`warm in-process rebuild: ${fmt(stats(warm))}`);
console.log(`peak RSS (this process): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
