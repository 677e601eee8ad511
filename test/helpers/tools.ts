import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/*
 * Tests that need something from the system say so and fail when it is
 * missing, rather than pass having checked nothing (as test/helpers/browser.ts
 * does for Chromium).
 */

/** Throws, saying how to install it, unless `command args` runs and exits 0. */
export function requireTool(command: string, install: string, args: string[] = ['--version']): void {
  const r = spawnSync(command, args, { stdio: 'ignore' });
  if (r.error || r.status !== 0) {
    throw new Error(`${command} is needed by this test and was not found or does not run (${r.error?.message ?? `exit ${r.status}`}). Install it: ${install}`);
  }
}

/** Throws unless `file` exists: a system file the test relies on (a Linux or macOS system is assumed). */
export function requireSystemFile(file: string, why: string): void {
  if (!fs.existsSync(file)) throw new Error(`${file} is needed by this test (${why}) and does not exist on this system; run the tests on Linux.`);
}
