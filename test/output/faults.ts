import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, vi } from 'vitest';
import { onTempChange, tempsInFlight } from '../../src/output/write-atomic.js';
import { SITE_MARKER } from '../../src/output/write-folder.js';

/* Shared by the tests of src/output: temporary folders, our temporary names, and fault injection through the fs functions the writers call. */

export const tempPattern = /^\..+\.\d+\.[0-9a-f]{8}\.(tmp|old)$/;

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-fault-'));
}

/** Entries of `dir` that look like our temporary files. */
export function temps(dir: string): string[] {
  return fs.readdirSync(dir).filter((n) => tempPattern.test(n));
}

/** A pid no process has: above any system's pid limit (Linux at most 2^22), so never reused by a busy test run. */
export function deadPid(): number {
  return 999_999_999;
}

export function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

/** A system error as fs throws it. */
export function systemError(code: string): Error {
  return Object.assign(new Error(code), { code });
}

/** FileHandle's prototype, where the folder writer's writes go. */
export async function fileHandlePrototype(): Promise<{ write: (...args: unknown[]) => Promise<unknown> }> {
  const probe = path.join(tempDir(), 'probe');
  const handle = await fs.promises.open(probe, 'w');
  await handle.close();
  return Object.getPrototypeOf(handle) as { write: (...args: unknown[]) => Promise<unknown> };
}

/** Every descriptor fs.openSync returned and every one fs.closeSync was given, from now on (both still do their work). */
export function trackDescriptors(): { opened: () => number[]; closed: () => number[] } {
  const open = vi.spyOn(fs, 'openSync');
  const close = vi.spyOn(fs, 'closeSync');
  return {
    opened: () => open.mock.results.filter((r) => r.type === 'return').map((r) => r.value as number).sort(),
    closed: () => close.mock.calls.map((c) => c[0]).sort(),
  };
}

/** Sets HANDBOOK_TEST_PAUSE_WRITE for the length of `fn`. */
export async function withPause<T>(ms: number, fn: () => T | Promise<T>): Promise<T> {
  const saved = process.env.HANDBOOK_TEST_PAUSE_WRITE;
  process.env.HANDBOOK_TEST_PAUSE_WRITE = String(ms);
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.HANDBOOK_TEST_PAUSE_WRITE;
    else process.env.HANDBOOK_TEST_PAUSE_WRITE = saved;
  }
}

/** [held, tempsInFlight()] at each change of the temp registry while `write` runs. */
export async function registryDuring(write: () => unknown): Promise<[boolean, number][]> {
  const counts: [boolean, number][] = [];
  const stop = onTempChange((_, held) => counts.push([held, tempsInFlight()]));
  try {
    await write();
  } finally {
    stop();
  }
  return counts;
}

/** Milliseconds `write` takes with HANDBOOK_TEST_PAUSE_WRITE set to `ms`. */
export async function timedWithPause(ms: number, write: () => unknown): Promise<number> {
  const started = Date.now();
  await withPause(ms, write);
  return Date.now() - started;
}

/** After a refused or failed write (with the fault injection undone): `file` still holds `old` and no temporary file is left in `dir`. */
export function expectKept(file: string, old: string, dir = path.dirname(file)): void {
  vi.restoreAllMocks();
  expect(fs.readFileSync(file, 'utf8')).toBe(old);
  expect(temps(dir)).toEqual([]);
}

/** A FIFO at `file` (reading or writing one with no other end blocks forever). */
export function fifoAt(file: string): string {
  expect(spawnSync('mkfifo', [file]).status).toBe(0);
  return file;
}

/** An earlier build's site: the marker and an old index page. */
export function oldSite(dir: string, name = 'site'): string {
  const site = path.join(dir, name);
  fs.mkdirSync(site);
  fs.writeFileSync(path.join(site, SITE_MARKER), '');
  fs.writeFileSync(path.join(site, 'index.html'), '<p>旧</p>');
  return site;
}
