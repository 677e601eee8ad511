import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../helpers/cli.js';

export const fixtureRoot = path.join(repoRoot, 'test/diff/fixtures');

export function fixture(...parts: string[]): string {
  return path.join(fixtureRoot, ...parts);
}

export function readFixture(...parts: string[]): string {
  return fs.readFileSync(fixture(...parts), 'utf8');
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-diff-'));
}

/** Runs git in `cwd` without depending on the machine's git configuration. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=测试', '-c', 'user.email=test@example.org', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: os.devNull },
  });
}

/**
 * A fresh git repository whose folder 数据/ held v1's catalogue and handbook
 * file in the first commit and holds v2's in the second (HEAD); the non-ASCII
 * folder name checks that paths reach git unquoted.
 */
export function twoCommitRepo(): { root: string; dir: string } {
  const root = tempDir();
  const dir = path.join(root, '数据');
  fs.mkdirSync(dir);
  git(root, 'init', '-q');
  for (const version of ['v1', 'v2']) {
    for (const file of ['catalogue.yaml', 'handbook.yaml']) fs.copyFileSync(fixture(version, file), path.join(dir, file));
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', version);
  }
  return { root, dir };
}

