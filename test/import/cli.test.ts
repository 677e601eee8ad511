import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { expected, fixtureRoot, fixtures, tempDir, wired } from './helpers.js';

/*
 * The real CLI, as a user runs it. These tests need `registerImport` wired
 * into src/cli/main.ts; until then they are skipped (and the library-level
 * tests cover the same fixtures).
 */
/** A fresh folder holding a copy of a fixture input under `name`. */
function copyFixture(fixture: string, name: string): string {
  const dir = tempDir();
  fs.copyFileSync(path.join(fixtureRoot, fixture), path.join(dir, name));
  return dir;
}

describe.skipIf(!wired)('handbook import (CLI)', () => {
  it.each(fixtures)('imports the $name fixture to expected.yaml, then reports it unchanged', async (fixture) => {
    const input = await fixture.input();
    const out = path.join(tempDir(), 'catalogue.yaml');
    const first = runCli(['import', path.basename(input), '-o', out], path.dirname(input));
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr.trimEnd()).toBe(expected(fixture.name, 'expected-diagnostics.txt').trimEnd());
    expect(fs.readFileSync(out, 'utf8')).toBe(expected(fixture.name, 'expected.yaml'));
    expect(first.stdout).toMatch(/^已导入：.*catalogue\.yaml（\d+ 个分类、\d+ 个事项；标题「.+」，领域「.+」；0 个错误，\d+ 个警告）\n$/);
    const again = runCli(['import', path.basename(input), '-o', out], path.dirname(input));
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/^未变化：/);
  });

  it('writes <name>.yaml beside the input by default, and takes --title and --domain', () => {
    const dir = copyFixture('csv/广播电视目录.csv', '目录.csv');
    const r = runCli(['import', '目录.csv', '--title', '中方县广播电视目录', '--domain', '广电'], dir);
    expect(r.status, r.stderr).toBe(0);
    const yaml = fs.readFileSync(path.join(dir, '目录.yaml'), 'utf8');
    expect(yaml).toContain('\ntitle: 中方县广播电视目录\ndomain: 广电\n');
    expect(r.stdout).toContain('已导入：目录.yaml（3 个分类、6 个事项；标题「中方县广播电视目录」，领域「广电」；0 个错误，3 个警告）');
  });

  it('exits 1 and writes nothing when an item name cannot be read; an existing file is kept', () => {
    const dir = copyFixture('missing-name/不完整目录.csv', '不完整目录.csv');
    fs.writeFileSync(path.join(dir, 'old.yaml'), 'old content\n');
    const r = runCli(['import', '不完整目录.csv', '-o', 'old.yaml'], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${expected('missing-name', 'expected-diagnostics.txt').trimEnd()}\n导入失败，未写入任何文件（3 个错误，4 个警告）。\n`);
    expect(fs.readFileSync(path.join(dir, 'old.yaml'), 'utf8')).toBe('old content\n');
    expect(fs.readdirSync(dir).sort()).toEqual(['old.yaml', '不完整目录.csv']);
  });

  it('prints JSON diagnostics with --json', () => {
    const dir = path.join(fixtureRoot, 'missing-name');
    const r = runCli(['import', '不完整目录.csv', '--json'], dir);
    expect(r.status).toBe(1);
    const { diagnostics } = JSON.parse(r.stdout) as { diagnostics: { code: string; line?: number; column?: number }[] };
    expect(diagnostics.filter((d) => d.code === 'import/missing-name').map((d) => `${d.line}:${d.column}`)).toEqual(['4:3']);
    expect(fs.existsSync(path.join(dir, '不完整目录.yaml'))).toBe(false);
  });

  it.each([
    ['目录.wps', '不支持的文件类型「.wps」', '另存为」Word 文档（.docx）'],
    ['目录.numbers', '不支持的文件类型「.numbers」', '可以导入的文件类型：.xlsx、.xls、.et、.docx、.doc、.pdf、.csv、.html、.htm、.txt'],
  ])('refuses %s with advice', (name, message, advice) => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, name), 'x');
    const r = runCli(['import', name], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${name} 错误 ${message} [import/unsupported-format]`);
    expect(r.stderr).toContain(advice);
  });

  it('explains a failed write and keeps what was there', () => {
    const dir = copyFixture('csv/广播电视目录.csv', '目录.csv');
    fs.writeFileSync(path.join(dir, 'file'), 'x');
    const r = runCli(['import', '目录.csv', '-o', 'file/catalogue.yaml'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('错误 无法写入输出文件：');
    expect(r.stderr).toContain('导入失败，原有文件没有改动。');
    expect(fs.readFileSync(path.join(dir, 'file'), 'utf8')).toBe('x');
  });

  it('refuses to overwrite the input', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.csv'), 'x');
    const r = runCli(['import', 'a.csv', '-o', 'a.csv'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('输出文件与要导入的文件相同 [import/output-is-input]');
    expect(fs.readFileSync(path.join(dir, 'a.csv'), 'utf8')).toBe('x');
  });

  it('has Chinese help', () => {
    const r = runCli(['import', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('handbook import [选项] <file>');
    expect(r.stdout).toContain('把 Excel/WPS 表格、Word 文档、PDF、CSV、网页或复制的文字中的标准目录导入为目录文件（YAML）');
    expect(r.stdout).toContain('-o, --output <file>');
    expect(r.stdout).toContain('--domain <text>');
  });
});
