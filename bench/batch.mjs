#!/usr/bin/env node
// Wall time of building N localities (default 5 and 20) from the demo
// catalogue: in parallel on all cores (the default), on one worker, and one
// CLI process after another.  Usage: node bench/batch.mjs [n ...]
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLocalities } from './synthetic.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(repo, 'dist/cli/launch.js');
const sizes = process.argv.slice(2).map(Number);

const setup = (n) => writeLocalities(n, repo);

function timed(fn) {
  const t = performance.now();
  fn();
  return ((performance.now() - t) / 1000).toFixed(1);
}

console.log(`${os.availableParallelism()} cores`);
for (const n of sizes.length ? sizes : [5, 20]) {
  const parallel = timed(() => spawnSync(process.execPath, [cli, 'build', setup(n)], { cwd: repo }));
  const oneWorker = timed(() => spawnSync(process.execPath, [cli, 'build', setup(n), '--jobs', '1'], { cwd: repo }));
  const dir = setup(n);
  const oneByOne = timed(() => {
    for (let i = 1; i <= n; i++) spawnSync(process.execPath, [cli, 'build', path.join(dir, `loc${i}.yaml`)], { cwd: dir });
  });
  console.log(`${n} localities: parallel ${parallel} s, one worker ${oneWorker} s, one process each ${oneByOne} s`);
}
