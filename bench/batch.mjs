#!/usr/bin/env node
// Wall time of building N localities (default 5 and 20) from the demo
// catalogue: in parallel on all cores (the default), on one worker, and one
// CLI process after another.  Usage: node bench/batch.mjs [n ...]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(repo, 'dist/cli/launch.js');
const sizes = process.argv.slice(2).map(Number);

function setup(n) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-batch-${n}-`));
  fs.copyFileSync(path.join(repo, 'data/catalogue/广播电视示例目录.yaml'), path.join(dir, 'catalogue.yaml'));
  for (let i = 1; i <= n; i++) {
    fs.writeFileSync(
      path.join(dir, `loc${i}.yaml`),
      `catalogue: catalogue.yaml\nlocality: { name: 甲${i}县, agency: 甲${i}县文化体育和旅游局 }\nitemUrl: "https://zwgk.county.example/${i}/{id}.html"\nedition: { number: 1, date: 2026-11-01 }\noutput: out/loc${i}.pdf\n`,
    );
  }
  return dir;
}

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
