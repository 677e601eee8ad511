#!/usr/bin/env node
// The test suite's time and where its CPU goes (issue #20: `npm test` under 90 s on 2 cores).
// Runs `npm run build` and then the whole suite as `npm test` does, timing each; the machine's CPU
// use over the run from /proc/stat; and, with --files, each test file's and test's CPU-seconds
// (the worker's process tree: CLI server, spawned commands, Chromium; bench/tests/cpu-probe.ts).
// Run it with nothing else on the machine: the suite keeps every core busy.
// Usage: node bench/tests.mjs [--runs N] [--files] [--top N] [vitest file filters...]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = args[at + 1];
  args.splice(at, 2);
  return value;
};
const runs = Number(option('--runs', '1'));
const top = Number(option('--top', '25'));
const files = args.includes('--files');
const filters = args.filter((a) => a !== '--files');

/** Busy CPU-seconds of the whole machine so far (user, nice, system, irq, softirq, steal). */
function machineCpu() {
  const [, user, nice, system, , , irq, softirq, steal] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).map(Number);
  return (user + nice + system + irq + softirq + steal) / 100;
}

function timed(command, commandArgs, env = {}) {
  const cpu = machineCpu();
  const t = performance.now();
  const r = spawnSync(command, commandArgs, { cwd: repo, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 28 });
  return { status: r.status, output: r.stdout + r.stderr, wall: (performance.now() - t) / 1000, cpu: machineCpu() - cpu };
}

const load = () => os.loadavg()[0].toFixed(2);
for (let run = 1; run <= runs; run++) {
  console.log(`run ${run}/${runs}, load average before: ${load()}`);
  const build = timed('npm', ['run', 'build', '--silent']);
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.output}`);
  const probe = files && path.join(os.tmpdir(), `handbook-test-cpu-${process.pid}-${run}.jsonl`);
  const vitestArgs = ['vitest', 'run', '--reporter=dot', ...(files ? ['--config', 'bench/tests/vitest.config.ts'] : []), ...filters];
  const test = timed('npx', vitestArgs, probe ? { HANDBOOK_TEST_CPU_OUT: probe } : {});
  const counts = /Tests\s+(.*)\n/.exec(test.output.replace(/\x1b\[[0-9;]*m/g, ''))?.[1] ?? '?';
  console.log(`  build ${build.wall.toFixed(1)} s (${build.cpu.toFixed(1)} CPU-s); tests ${test.wall.toFixed(1)} s (${test.cpu.toFixed(1)} CPU-s); together ${(build.wall + test.wall).toFixed(1)} s; ${counts}; exit ${test.status}`);
  if (!probe || !fs.existsSync(probe)) continue;
  const rows = fs.readFileSync(probe, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  fs.rmSync(probe);
  const name = (f) => path.relative(path.join(repo, 'test'), f);
  const perFile = rows.filter((r) => r.test === undefined).sort((a, b) => b.cpu - a.cpu);
  const sum = perFile.reduce((a, r) => a + r.cpu, 0);
  console.log(`  test files: ${sum.toFixed(1)} CPU-s in their hooks and tests; the rest of the ${test.cpu.toFixed(1)} is vitest (collecting, transforming, importing) and processes outside the workers' trees`);
  // The probe reads every /proc/<pid>/stat (this kernel has no /proc/<pid>/task/<tid>/children to
  // walk the tree alone): about 2 ms before and after each test, inside the times above.
  console.log(`  (the probe's own /proc reads, ~2 ms per test and file, are inside these times: compare suites timed without --files)`);
  console.log('  CPU-s  own  wall  file');
  for (const r of perFile.slice(0, top)) console.log(`  ${r.cpu.toFixed(1).padStart(5)} ${r.own.toFixed(1).padStart(4)} ${r.wall.toFixed(1).padStart(5)}  ${name(r.file)}`);
  console.log('  CPU-s  wall  test');
  for (const r of rows.filter((r) => r.test !== undefined).sort((a, b) => b.cpu - a.cpu).slice(0, top)) {
    console.log(`  ${r.cpu.toFixed(2).padStart(5)} ${r.wall.toFixed(1).padStart(5)}  ${name(r.file)} > ${r.test}`);
  }
}
