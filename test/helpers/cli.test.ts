import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli, runCliWithHeap, spawnCli } from './cli.js';

/*
 * The suite's CLI server (cli-server.mjs) must answer as the command does in a
 * process of its own: same exit code, same output, same files.
 */

const demo = path.join(repoRoot, 'data/示例县/handbook.yaml');

describe('the CLI server', () => {
  it('gives the exit code and output a process of its own gives, in the folder and environment asked', () => {
    const fixture = path.join(repoRoot, 'test/fixtures/many-problems');
    for (const args of [['check', 'handbook.yaml'], ['check', 'handbook.yaml', '--json'], ['--version'], ['nosuchcommand']]) {
      const served = runCli(args, fixture);
      const spawned = spawnCli(args, fixture);
      expect(served, args.join(' ')).toEqual(spawned);
    }
    // The environment given to one command is not left for the next: had SOURCE_DATE_EPOCH=0 stayed,
    // the second build would carry the same dates as the first.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-cli-server-'));
    const out = (name: string) => path.join(dir, name);
    const small = path.join(repoRoot, 'test/diff/fixtures/v1/handbook.yaml');
    expect(runCli(['build', small, '-o', out('a.pdf')], repoRoot, { SOURCE_DATE_EPOCH: '0' }).status).toBe(0);
    expect(runCli(['build', small, '-o', out('b.pdf')]).status).toBe(0);
    expect(fs.readFileSync(out('a.pdf')).equals(fs.readFileSync(out('b.pdf')))).toBe(false);
    expect(process.env.SOURCE_DATE_EPOCH).toBeUndefined();
  });

  it('with a heap limit: a command that does not fit fails, and the next one gets a new server', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-cli-heap-'));
    // 24 MB holds the loaded CLI but not the demo's build: V8 aborts the process.
    const tooSmall = runCliWithHeap(24, ['build', demo, '-o', path.join(dir, 'x.pdf')]);
    expect(tooSmall.status).toBeNull();
    expect(tooSmall.stderr).toContain('CLI server exited (SIGABRT)');
    expect(tooSmall.stderr).toContain('heap');
    expect(fs.existsSync(path.join(dir, 'x.pdf'))).toBe(false);
    expect(runCliWithHeap(24, ['--version']).stdout.trim()).toBe('0.1.0');
    // A larger limit is a server of its own (the reliability tests build the demo in it, within 512 MB).
    const fits = runCliWithHeap(512, ['check', demo]);
    expect(fits.status, fits.stderr).toBe(0);
    expect(fits.stdout).toContain('检查通过');
  });
});
