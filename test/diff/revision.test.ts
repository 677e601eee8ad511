import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RevisionError, diffRevision, formatDiff, revisionHost } from '../../src/diff/index.js';
import { formatDiagnostic } from '../../src/diagnostics/format.js';
import { git, readFixture, tempDir, twoCommitRepo } from './helpers.js';

describe('diff against a git revision', () => {
  const { root, dir } = twoCommitRepo();

  it('compares a catalogue at HEAD~1 with the working file', () => {
    const { value, diagnostics } = diffRevision(path.join(dir, 'catalogue.yaml'), 'HEAD~1');
    expect(diagnostics).toEqual([]);
    expect(`${formatDiff(value!)}\n`).toBe(readFixture('expected.txt'));
    expect(`${JSON.stringify(value, null, 2)}\n`).toBe(readFixture('expected.json'));
  });

  it('reads a handbook file and its catalogue at the same revision', () => {
    // Were the catalogue read from the working tree, both sides would hold v2's items and nothing would differ.
    const { value, diagnostics } = diffRevision(path.join(dir, 'handbook.yaml'), 'HEAD~1');
    expect(diagnostics).toEqual([]);
    expect(`${formatDiff(value!)}\n`).toBe(readFixture('expected.txt'));
  });

  it('finds no change against HEAD, and reads uncommitted edits of the working file', () => {
    const file = path.join(dir, 'catalogue.yaml');
    expect(formatDiff(diffRevision(file, 'HEAD').value!)).toBe('没有变化。');
    const text = fs.readFileSync(file, 'utf8');
    try {
      fs.writeFileSync(file, text.replace('name: 应急广播服务', 'name: 应急广播'));
      expect(formatDiff(diffRevision(file, 'HEAD').value!)).toBe('事项 ggfw-01 的名称由「应急广播服务」改为「应急广播」');
    } finally {
      fs.writeFileSync(file, text);
    }
  });

  it('names files read at the revision rev:path in diagnostics', () => {
    const repo = tempDir();
    git(repo, 'init', '-q');
    fs.writeFileSync(path.join(repo, 'catalogue.yaml'), readFixture('v1/catalogue.yaml').replace('        timeLimit: 作出决定之日起7个工作日内\n', ''));
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'broken');
    fs.writeFileSync(path.join(repo, 'catalogue.yaml'), readFixture('v1/catalogue.yaml'));
    const { value, diagnostics } = diffRevision(path.join(repo, 'catalogue.yaml'), 'HEAD');
    expect(value).toBeUndefined();
    expect(diagnostics.map((d) => formatDiagnostic(d))).toEqual(['HEAD:catalogue.yaml:43:9 错误 事项 xzcf-01 缺少「公开时限」(timeLimit) [schema/missing-field]']);
  });

  it('reports a file the revision does not have as not found', () => {
    fs.writeFileSync(path.join(dir, 'new.yaml'), readFixture('v2/catalogue.yaml'));
    try {
      const { diagnostics } = diffRevision(path.join(dir, 'new.yaml'), 'HEAD');
      expect(diagnostics.map((d) => formatDiagnostic(d))).toEqual(['HEAD:数据/new.yaml 错误 找不到文件 [file/not-found]']);
    } finally {
      fs.rmSync(path.join(dir, 'new.yaml'));
    }
  });

  it('does not read outside the repository', () => {
    const host = revisionHost(path.join(dir, 'catalogue.yaml'), 'HEAD');
    expect(host.exists(path.join(dir, 'catalogue.yaml'))).toBe(true);
    expect(host.exists(path.join(root, '..', 'catalogue.yaml'))).toBe(false);
    expect(host.label(path.join(root, '..', 'x.yaml'))).toBeUndefined();
  });

  it('refuses an unknown revision and a folder outside git', () => {
    expect(() => diffRevision(path.join(dir, 'catalogue.yaml'), 'v9')).toThrow(new RevisionError('git 仓库中没有版本「v9」'));
    expect(() => diffRevision(path.join(dir, 'catalogue.yaml'), '--output=/tmp/x')).toThrow(RevisionError);
    const outside = tempDir();
    expect(() => diffRevision(path.join(outside, 'catalogue.yaml'), 'HEAD')).toThrow(new RevisionError(`「${outside}」不在 git 仓库中`));
  });
});
