import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';
import { fixture, readFixture, tempDir, twoCommitRepo } from './helpers.js';

/* The real CLI, as a user runs it: the built dist, in a fresh folder. */
describe('handbook diff (CLI)', () => {
  const diff = (args: string[], cwd = fixture()) => runCli(['diff', ...args], cwd);

  it('prints the report for two catalogue files and exits 0', () => {
    const r = diff(['v1/catalogue.yaml', 'v2/catalogue.yaml']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(readFixture('expected.txt'));
    expect(r.stderr).toBe('');
  });

  it('prints the structured diff with --json', () => {
    const r = diff(['v1/catalogue.yaml', 'v2/catalogue.yaml', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(readFixture('expected.json'));
  });

  it('compares handbook files as resolved, overrides included', () => {
    const r = diff(['overrides/old.yaml', 'overrides/new.yaml']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(readFixture('overrides/expected.txt'));
  });

  it('says so when nothing changed, and still exits 0', () => {
    const r = diff(['v2/handbook.yaml', 'v2/handbook.yaml']);
    expect(r).toEqual({ status: 0, stdout: '没有变化。\n', stderr: '' });
    const json = diff(['v2/handbook.yaml', 'v2/handbook.yaml', '--json']);
    expect(json).toEqual({ status: 0, stdout: '{\n  "categories": [],\n  "items": []\n}\n', stderr: '' });
  });

  it('compares the working file with a git revision', () => {
    const { dir } = twoCommitRepo();
    for (const file of ['catalogue.yaml', 'handbook.yaml']) {
      const r = diff([file, '--rev', 'HEAD~1'], dir);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe(readFixture('expected.txt'));
    }
    expect(diff(['handbook.yaml', '--rev', 'HEAD'], dir).stdout).toBe('没有变化。\n');
  });

  it('exits 1 with the diagnostics handbook check prints for invalid input', () => {
    const dir = path.join(repoRoot, 'test/fixtures/missing-basis');
    const r = diff(['handbook.yaml', fixture('v2/handbook.yaml')], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${fs.readFileSync(path.join(dir, 'expected'), 'utf8').trimEnd()}\n无法比较：1 个错误，0 个警告。\n`);
    const json = diff(['handbook.yaml', fixture('v2/handbook.yaml'), '--json'], dir);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(runCli(['check', 'handbook.yaml', '--json'], dir).stdout));
  });

  it('exits 2 for usage errors', () => {
    expect(diff(['v1/catalogue.yaml'])).toEqual({
      status: 2,
      stdout: '',
      stderr: '错误：需要两个文件（旧版和新版）\n用法：handbook diff <旧文件> <新文件>，或 handbook diff <文件> --rev <版本>\n',
    });
    expect(diff(['v1/catalogue.yaml', 'v2/catalogue.yaml', '--rev', 'HEAD']).stderr).toMatch(/^错误：使用 --rev 时只需给出一个文件\n/);
    expect(diff(['v1/catalogue.yaml', 'v2/catalogue.yaml', '--rev', 'HEAD']).status).toBe(2);
    const { dir } = twoCommitRepo();
    expect(diff(['catalogue.yaml', '--rev', 'v9'], dir)).toEqual({ status: 2, stdout: '', stderr: '错误：git 仓库中没有版本「v9」\n' });
    const outside = tempDir();
    expect(diff(['a.yaml', '--rev', 'HEAD'], outside)).toEqual({ status: 2, stdout: '', stderr: `错误：「${fs.realpathSync(outside)}」不在 git 仓库中\n` });
    const none = diff([]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('错误：缺少参数「old」');
  });
});
