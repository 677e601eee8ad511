import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';
import { expected, fixtureRoot, fixtures, tempDir } from './helpers.js';

/* The real CLI, as a user runs it: the built dist, in a fresh folder. */
/** A fresh folder holding a copy of a fixture input under `name`. */
function copyFixture(fixture: string, name: string): string {
  const dir = tempDir();
  fs.copyFileSync(path.join(fixtureRoot, fixture), path.join(dir, name));
  return dir;
}

describe('handbook import (CLI)', () => {
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

describe('handbook import --draft', () => {
  it('writes a table it cannot read cleanly as a draft, each doubtful item marked, and exits 1', () => {
    const dir = copyFixture('missing-name/不完整目录.csv', '目录.csv');
    const r = runCli(['import', '目录.csv', '--draft'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('这是草稿：2 个事项标有 draft');
    const yaml = fs.readFileSync(path.join(dir, '目录.yaml'), 'utf8');
    expect(yaml).toContain('# 这是草稿：2 个事项标有「draft: true」');
    // Row 3 read cleanly and carries no mark; rows 4 and 5 do.
    expect(yaml.match(/^ {8}draft: true$/gm)).toHaveLength(2);
    expect(yaml).toMatch(/name: 设置卫星电视广播地面接收设施审批\n {8}content:/);
    // The nameless row is kept under a name that says what to do, with the reason above it.
    expect(yaml).toMatch(/# 待核对（原表第 4 行第 3 列）：这一行有内容，但事项名称为空\n {8}name: （名称待填写：原表第 4 行）\n {8}draft: true/);
    // Each doubtful value has its comment above the field it concerns.
    expect(yaml).toMatch(/# 待核对（原表第 5 行第 5 列）：「公开依据」为空，按合并单元格沿用上一行的内容\n {8}basis:/);
    expect(yaml).toMatch(/# 待核对（原表第 5 行第 8 列）：事项「迁建广播电视设施审核」的「公开渠道和载体」为空\n {8}channels:/);
  });

  it('a draft never checks or builds: each mark is an error at its line', () => {
    const dir = copyFixture('missing-name/不完整目录.csv', '目录.csv');
    expect(runCli(['import', '目录.csv', '--draft', '--handbook', '.'], dir).status).toBe(1);
    const lines = fs.readFileSync(path.join(dir, '目录.yaml'), 'utf8').split('\n');
    const marks = lines.flatMap((l, i) => (l.trim() === 'draft: true' ? [`目录.yaml:${i + 1}:9`] : []));
    expect(marks).toHaveLength(2);
    for (const command of ['check', 'build']) {
      const r = runCli([command, 'handbook.yaml'], dir);
      expect(r.status).toBe(1);
      const drafts = r.stderr.split('\n').filter((l) => l.includes('[catalogue/draft]'));
      expect(drafts.map((l) => l.split(' ')[0])).toEqual(marks);
      expect(drafts[0]).toContain('错误 事项 xzxk-02 「（名称待填写：原表第 4 行）」还标着 draft（导入草稿，有待核对的内容）');
    }
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.pdf'))).toEqual([]);
  });

  it('imports a table it reads cleanly as usual: no marks, exit 0', async () => {
    const input = await fixtures[0]!.input();
    const out = path.join(tempDir(), 'catalogue.yaml');
    const r = runCli(['import', input, '-o', out, '--draft']);
    expect(r.status, r.stderr).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe(expected('xlsx', 'expected.yaml'));
  });

  it('marks a value it could not interpret, even when nothing is missing', () => {
    const dir = copyFixture('csv/广播电视目录.csv', '目录.csv');
    const r = runCli(['import', '目录.csv', '--draft'], dir);
    expect(r.status).toBe(1);
    expect(fs.readFileSync(path.join(dir, '目录.yaml'), 'utf8')).toMatch(/# 待核对（原表第 8 行第 8 列）：无法识别「公开渠道和载体」中的「◎政府网站」，未导入\n {8}channels:/);
  });
});

describe('handbook import --handbook', () => {
  it('writes the catalogue and a handbook file into the folder, which checks at once and lists what to fill in', () => {
    const dir = copyFixture('csv/广播电视目录.csv', '目录.csv');
    const r = runCli(['import', '目录.csv', '--handbook', '示例县'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(fs.readdirSync(path.join(dir, '示例县')).sort()).toEqual(['handbook.yaml', '目录.yaml']);
    expect(r.stdout).toContain('下一步：handbook check 示例县/handbook.yaml');
    const check = runCli(['check', '示例县/handbook.yaml'], dir);
    expect(check.status, check.stderr).toBe(0);
    const warned = check.stderr.split('\n').filter((l) => l.includes('[handbook/placeholder]'));
    // The title named the agency (中方县文化旅游广电体育局): only what no table says is left to fill in.
    expect(fs.readFileSync(path.join(dir, '示例县/handbook.yaml'), 'utf8')).toContain('agency: "中方县文化旅游广电体育局"');
    expect(warned.map((l) => /「[^」]+」\((\w+)\)/.exec(l)?.[1])).toEqual(['phone', 'address', 'hours', 'itemUrl']);
    expect(warned[0]).toMatch(/^示例县\/handbook\.yaml:19:10 警告 「电话」\(phone\)还没有填写：「待填写：咨询电话」/);
    // No per-item 「没有网址」 flood: the item URL template is one placeholder.
    expect(check.stderr).not.toContain('handbook/missing-url');
  });

  it('never replaces a handbook file that is there, and then writes nothing at all', () => {
    const dir = copyFixture('csv/广播电视目录.csv', '目录.csv');
    fs.mkdirSync(path.join(dir, 'hb'));
    fs.writeFileSync(path.join(dir, 'hb/handbook.yaml'), 'mine\n');
    const r = runCli(['import', '目录.csv', '--handbook', 'hb'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('手册文件「hb/handbook.yaml」已经存在，不会覆盖 [import/handbook-exists]');
    expect(fs.readFileSync(path.join(dir, 'hb/handbook.yaml'), 'utf8')).toBe('mine\n');
    expect(fs.readdirSync(path.join(dir, 'hb'))).toEqual(['handbook.yaml']);
  });

  it('site refuses placeholders too', () => {
    const dir = copyFixture('csv/广播电视目录.csv', '目录.csv');
    runCli(['import', '目录.csv', '--handbook', '.'], dir);
    const r = runCli(['site', 'handbook.yaml', '-o', 'web'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/handbook\.yaml:19:10 错误 「电话」\(phone\)还没有填写/);
    expect(fs.existsSync(path.join(dir, 'web'))).toBe(false);
  });
});

describe('an imported catalogue with the sample handbook file', () => {
  it('checks and builds with a copy of data/示例县/handbook.yaml, only its catalogue line changed', async () => {
    // The .xlsx fixture has no ggfw-01: an override of it in the sample would fail here.
    const dir = tempDir();
    expect(runCli(['import', await fixtures[0]!.input(), '-o', path.join(dir, '目录.yaml')]).status).toBe(0);
    const sample = fs.readFileSync(path.join(repoRoot, 'data/示例县/handbook.yaml'), 'utf8');
    fs.writeFileSync(path.join(dir, 'handbook.yaml'), sample.replace(/^catalogue: .*$/m, 'catalogue: 目录.yaml').replace(/^output: .*$/m, 'output: 手册.pdf'));
    const check = runCli(['check', 'handbook.yaml'], dir);
    expect(check.status, check.stderr).toBe(0);
    expect(check.stderr).not.toContain('错误');
    const build = runCli(['build', 'handbook.yaml'], dir);
    expect(build.status, build.stderr).toBe(0);
    expect(fs.existsSync(path.join(dir, '手册.pdf'))).toBe(true);
  });
});
