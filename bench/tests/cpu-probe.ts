// Setup file for bench/tests.mjs: the CPU each test file and each test costs, as CPU-seconds of
// the test worker's whole process tree (the worker, the suite's CLI server, spawned commands,
// Chromium), read from /proc at its start and end. Only meaningful with nothing else running in
// that tree at the same time: one worker per file, as vitest runs them.
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

const out = process.env.HANDBOOK_TEST_CPU_OUT;
const ticks = 100; // USER_HZ on Linux

/** utime + stime + cutime + cstime of this process and every live descendant, in seconds. */
function treeCpu(): number {
  const procs = new Map<number, { ppid: number; cpu: number }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(entry), { ppid: Number(f[1]), cpu: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) });
    } catch {
      // Ended while being read.
    }
  }
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of procs) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const sum = (pid: number): number => (procs.get(pid)?.cpu ?? 0) + (children.get(pid) ?? []).reduce((a, c) => a + sum(c), 0);
  return sum(process.pid) / ticks;
}

const record = (row: object) => out && fs.appendFileSync(out, `${JSON.stringify(row)}\n`);

let fileStart = { cpu: 0, own: process.cpuUsage(), wall: 0 };
let testStart = { cpu: 0, wall: 0 };
beforeAll(() => {
  fileStart = { cpu: treeCpu(), own: process.cpuUsage(), wall: Date.now() };
});
afterAll(({}, suite) => {
  const own = process.cpuUsage(fileStart.own);
  record({ file: suite.file.filepath, cpu: treeCpu() - fileStart.cpu, own: (own.user + own.system) / 1e6, wall: (Date.now() - fileStart.wall) / 1000 });
});
beforeEach(() => {
  testStart = { cpu: treeCpu(), wall: Date.now() };
});
afterEach(({ task }) => {
  record({ file: task.file.filepath, test: task.name, cpu: treeCpu() - testStart.cpu, wall: (Date.now() - testStart.wall) / 1000 });
});
