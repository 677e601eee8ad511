import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findFont } from '../../src/document/system-fonts.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { compactPageTexts, openPdf } from '../helpers/pdf.js';
import { makeTestFont } from '../helpers/test-font.js';

/*
 * Rare characters (生僻字) through the whole pipeline: Extension A, newer BMP
 * and Extension B/C characters in item names, basis and locality fields. The
 * bundled Noto SC fonts lack 𠮷 (U+20BB7); a small fallback font made here
 * supplies it, as an office's SimSun-ExtB would.
 */

const rare = ['㙟', '䶮', '鿏', '𠮷', '𬌗', '𥔲', '垵', '墘', '磜', '厝'];
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-rare-'));
  const base = fs.readFileSync(path.join(repoRoot, 'test/fixtures/unknown-exclude/catalogue.yaml'), 'utf8');
  fs.writeFileSync(
    path.join(dir, 'catalogue.yaml'),
    base
      .replace('name: 设置卫星电视广播地面接收设施审批', 'name: 㙟䶮村鿏站设置审批')
      .replace('name: 收听广播', 'name: 𠮷𬌗𥔲收听广播')
      .replace('basis: [《广播电视管理条例》]\n        timeLimit: 信息形成（变更）20个工作日内\n        subject: 县级广播电视行政部门\n        channels: [政府网站]\n        audience: [全社会]\n        method: [主动]\n        levels: [乡级]', 'basis: [《垵墘磜厝𠮷条例》]\n        timeLimit: 信息形成（变更）20个工作日内\n        subject: 县级广播电视行政部门\n        channels: [政府网站]\n        audience: [全社会]\n        method: [主动]\n        levels: [乡级]'),
  );
  fs.writeFileSync(
    path.join(dir, 'handbook.yaml'),
    'catalogue: catalogue.yaml\nlocality:\n  name: 𠮷安县\n  agency: 𠮷安县墘头镇人民政府\n  address: 磜头村厝前路 1 号\nitemUrl: "https://zwgk.county.example/gbds/{id}.html"\nedition: { number: 1, date: 2026-11-01 }\ntemplate: rare\n',
  );
  fs.mkdirSync(path.join(dir, 'fonts'));
  fs.writeFileSync(path.join(dir, 'fonts', 'extb.otf'), makeTestFont('HandbookTestExtB', ['𠮷']));
  fs.writeFileSync(path.join(dir, 'fonts', 'manifest.yaml'), 'families:\n  单位扩展字体:\n    system: [HandbookTestExtB]\n');
  fs.mkdirSync(path.join(dir, 'templates', 'rare'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'templates', 'rare', 'theme.yaml'),
    'extends: default\nfonts:\n  body: [Noto Serif SC, Noto Sans SC, 单位扩展字体]\n  heading: [Noto Sans SC, Noto Serif SC, 单位扩展字体]\n',
  );
});

describe('rare characters', () => {
  it('builds with every rare character in the text and the fallback font embedded', () => {
    const out = path.join(dir, 'rare.pdf');
    const r = runCli(['build', path.join(dir, 'handbook.yaml'), '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    const bytes = fs.readFileSync(out);
    const text = compactPageTexts(openPdf(bytes)).join('');
    for (const ch of rare) expect(text, ch).toContain(ch);
    for (const s of ['㙟䶮村鿏站设置审批', '𠮷𬌗𥔲收听广播', '《垵墘磜厝𠮷条例》', '𠮷安县墘头镇人民政府', '磜头村厝前路1号']) expect(text).toContain(s);
    const fonts = [...bytes.toString('latin1').matchAll(/\/BaseFont \/([^\s/>]+)/g)].map((m) => m[1]!);
    expect(fonts.some((f) => /\+HandbookTestExtB/.test(f)), fonts.join(' ')).toBe(true);
  });

  it('`handbook fonts` lists the fonts, the roles and the characters that come from the fallback', () => {
    const r = runCli(['fonts', path.join(dir, 'handbook.yaml')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('单位扩展字体（来自fonts/ 文件夹');
    expect(r.stdout).toContain('body：Noto Serif SC → Noto Sans SC → 单位扩展字体');
    expect(r.stdout).toContain('「𠮷」U+20BB7 ← 单位扩展字体');
    const json = JSON.parse(runCli(['fonts', path.join(dir, 'handbook.yaml'), '--json']).stdout) as { fallback: { char: string; family: string }[]; missing: unknown[] };
    expect(json.fallback).toEqual([{ char: '𠮷', codePoint: 'U+20BB7', family: '单位扩展字体' }]);
    expect(json.missing).toEqual([]);
  });

  it('without the fallback, --allow-missing-glyphs builds and warns about every such character', () => {
    const out = path.join(dir, 'allowed.pdf');
    const r = runCli(['build', path.join(dir, 'handbook.yaml'), '--template', 'default', '--allow-missing-glyphs', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(fs.existsSync(out)).toBe(true);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('[font/missing-glyph]'));
    expect(warnings.length).toBeGreaterThanOrEqual(4);
    for (const w of warnings) expect(w).toMatch(/ 警告 .*「𠮷」U\+20BB7 没有字体可以印出/);
    expect(r.stderr).toMatch(/handbook\.yaml:4:11 警告 「单位名称」\(agency\)中的「𠮷」U\+20BB7/);
  });

  it('without the fallback and without the flag, fails and writes nothing', () => {
    const out = path.join(dir, 'refused.pdf');
    const r = runCli(['build', path.join(dir, 'handbook.yaml'), '--template', 'default', '-o', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('[font/missing-glyph]');
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('finding installed fonts', () => {
  it('finds a font in a folder by family name and by file name', () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-sysfont-'));
    fs.writeFileSync(path.join(d, 'simsunb.ttf'), makeTestFont('TestExtB', ['𠮷']));
    expect(findFont(['No Such Font', 'TestExtB'], [d])).toEqual({ file: path.join(d, 'simsunb.ttf'), via: 'fonts' });
    expect(findFont(['SIMSUNB.TTF'], [d])).toEqual({ file: path.join(d, 'simsunb.ttf'), via: 'fonts' });
    expect(findFont(['Surely Not Installed 12345'], [d])).toBeUndefined();
  });
});
