import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSyncFn } from 'synckit';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cliPath = path.join(repoRoot, 'dist/cli/launch.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

const serve = createSyncFn<(args: string[], cwd: string, env: Record<string, string>, heapMb?: number) => Promise<CliResult>>(
  path.join(repoRoot, 'test/helpers/cli-worker.mjs'),
  { timeout: 120_000 },
);

/**
 * Runs a `handbook` command of the built CLI (`npm test` builds it first: the
 * bundle and its code cache) and returns its exit code and output. The
 * command runs in the suite's CLI server (cli-server.mjs): the same bundle,
 * loaded once per test worker rather than once per command.
 */
export function runCli(args: string[], cwd: string = repoRoot, env: Record<string, string> = {}): CliResult {
  return serve(args, cwd, env);
}

/**
 * As runCli, in a CLI server whose heap is limited to `heapMb` (as
 * `--max-old-space-size`): every command it runs, one after another, must fit,
 * with whatever the process kept from the ones before. A command that takes
 * the process down gets a null status, and the next one a new server.
 */
export function runCliWithHeap(heapMb: number, args: string[], cwd: string = repoRoot): CliResult {
  return serve(args, cwd, {}, heapMb);
}

/**
 * Runs the real CLI as installed in a process of its own, as a user would: for exits, signals,
 * heap limits (`NODE_OPTIONS` in `env`) and the launcher itself. Its stdin is closed: a FIFO or
 * a device there must not be what blocks.
 */
export function spawnCli(args: string[], cwd: string = repoRoot, env: Record<string, string> = {}, timeout = 120_000): CliResult {
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
