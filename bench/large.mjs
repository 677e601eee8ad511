#!/usr/bin/env node
// Builds a synthetic catalogue of N items (default 5,000) in a child process
// and reports wall time, peak RSS and pages, or the refusal message.
// Usage: node bench/large.mjs [items]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSynthetic } from './synthetic.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const n = Number(process.argv[2] ?? 5000);
const handbook = writeSynthetic(n);
const dir = path.dirname(handbook);
const out = path.join(dir, 'large.pdf');
const t = performance.now();
const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, path.join(repo, 'dist/cli/launch.js'), 'build', handbook, '-o', out], { encoding: 'utf8' });
const seconds = (performance.now() - t) / 1000;
const rssKb = Number(r.stderr.trim().split('\n').pop());
console.log(`${n} items: exit ${r.status}, ${seconds.toFixed(1)} s, peak RSS ${(rssKb / 1024).toFixed(0)} MB`);
console.log((r.stdout + r.stderr).split('\n').filter((l) => l && !/^\d+$/.test(l)).slice(0, 4).join('\n'));
