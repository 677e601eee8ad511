import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHandbook } from '../../src/check.js';
import { cliPath, repoRoot, runCli } from '../helpers/cli.js';
import { readFolios } from '../helpers/folios.js';
import { compactPageTexts, openPdf } from '../helpers/pdf.js';

/*
 * New editions (动态调整): the changes page, batch builds for many
 * localities, unchanged files left alone, and watch mode.
 */

const fixtures = path.join(repoRoot, 'test/diff/fixtures');
// The batch's handbooks are the small fixture catalogue: what is tested is the batch (good and broken
// localities, the summary, unchanged files), and each worker thread's cold build of the 39-item demo
// cost ~1 CPU-s more per handbook. Batches of the demo catalogue: package.test.ts, site-commands.test.ts.
const smallCatalogue = path.join(fixtures, 'v1/catalogue.yaml');
const itemNames = checkHandbook(path.join(fixtures, 'v1/handbook.yaml'))
  .handbook!.categories.flatMap((c) => c.items)
  .map((i) => i.name.replace(/\s+/g, ''));

function locality(dir: string, i: number, broken = false): string {
  const file = path.join(dir, `loc${i}.yaml`);
  fs.writeFileSync(
    file,
    `catalogue: catalogue.yaml\nlocality: { name: 甲${i}县, ${broken ? 'agnecy' : 'agency'}: 甲${i}县文化体育和旅游局 }\nitemUrl: "https://zwgk.county.example/${i}/{id}.html"\nedition: { number: 1, date: 2026-11-01 }\noutput: out/loc${i}.pdf\n`,
  );
  return file;
}

describe('changes page', () => {
  it('lists what changed since the previous edition, in the PDF and its TOC', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-changes-')), 'v2.pdf');
    const r = runCli(['build', path.join(fixtures, 'v2/handbook.yaml'), '--changes-from', path.join(fixtures, 'v1/handbook.yaml'), '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    const doc = openPdf(fs.readFileSync(out));
    const pages = compactPageTexts(doc);
    const page = pages.findIndex((t) => t.includes('本版更新说明本手册为第二版'));
    expect(page).toBeGreaterThan(0);
    const expected = fs.readFileSync(path.join(fixtures, 'expected.txt'), 'utf8').trim().split('\n');
    // List numbers are extracted after an item's first line; take them out to compare the sentences.
    const text = pages.slice(page, page + 2).join('').replace(/\d+\.(?!\d)/g, '');
    let from = 0;
    for (const line of expected) {
      const at = text.indexOf(line.replace(/\s+/g, ''), from);
      expect(at, line).toBeGreaterThanOrEqual(from);
      from = at;
    }
    expect(text).toContain(`有以下${expected.length}处调整`);
    expect(pages.slice(page, page + 2).join('')).toContain(`${expected.length}.`);
    // Its TOC entry gives the number printed at the foot of the changes page.
    const folios = readFolios(doc);
    expect(folios.toc.filter((e) => e.title === '本版更新说明')).toEqual([{ title: '本版更新说明', page: folios.printed[page] }]);
    expect(folios.printed[page]).toBeGreaterThan(1);
  });

  it('without --changes-from there is no changes page', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-nochanges-')), 'v2.pdf');
    expect(runCli(['build', path.join(fixtures, 'v2/handbook.yaml'), '-o', out]).status).toBe(0);
    expect(compactPageTexts(openPdf(fs.readFileSync(out))).join('')).not.toContain('本版更新说明');
  });
});

describe('batch builds', () => {
  it('builds the good localities, reports the broken one, exits 1', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-batch-'));
    fs.copyFileSync(smallCatalogue, path.join(dir, 'catalogue.yaml'));
    for (let i = 1; i <= 5; i++) locality(dir, i, i === 3);
    const r = runCli(['build', dir], dir);
    expect(r.status).toBe(1);
    for (const i of [1, 2, 4, 5]) {
      const pages = compactPageTexts(openPdf(fs.readFileSync(path.join(dir, 'out', `loc${i}.pdf`))));
      // Each locality's own handbook: its agency on the cover, every item of the catalogue inside.
      expect(pages[0], `loc${i}`).toContain(`甲${i}县文化体育和旅游局`);
      for (const name of itemNames) expect(pages.join(''), `loc${i}: ${name}`).toContain(name);
      expect(r.stdout).toMatch(new RegExp(`loc${i}\\.yaml\\s+已生成\\s+\\d+`));
    }
    expect(fs.existsSync(path.join(dir, 'out', 'loc3.pdf'))).toBe(false);
    expect(r.stdout).toMatch(/loc3\.yaml\s+失败/);
    expect(r.stderr).toContain('loc3.yaml:2:');
    expect(r.stderr).toContain('[schema/unknown-key]');
    expect(r.stdout).toContain('共 5 本：成功 4 本，失败 1 本');

    // Unchanged input: the files stay as they were and the summary says so.
    const before = fs.statSync(path.join(dir, 'out', 'loc1.pdf')).mtimeMs;
    const again = runCli(['build', path.join(dir, 'loc1.yaml'), path.join(dir, 'loc2.yaml')], dir);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/loc1\.yaml\s+未变化/);
    expect(fs.statSync(path.join(dir, 'out', 'loc1.pdf')).mtimeMs).toBe(before);
  });
});

describe('watch', () => {
  it('rebuilds after an edit, and keeps the last good PDF when an edit breaks the data', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-watch-'));
    fs.copyFileSync(path.join(fixtures, 'v1/catalogue.yaml'), path.join(dir, 'catalogue.yaml'));
    fs.copyFileSync(path.join(fixtures, 'v1/handbook.yaml'), path.join(dir, 'handbook.yaml'));
    const child = spawn(process.execPath, [cliPath, 'watch', 'handbook.yaml'], { cwd: dir });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const waitFor = async (re: RegExp, count: number) => {
      const deadline = Date.now() + 30_000;
      while ((output.match(new RegExp(re, 'g'))?.length ?? 0) < count) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${re}:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    try {
      await waitFor(/已生成：out\/手册\.pdf/, 1);
      await waitFor(/正在监视改动/, 1);
      const pdf = path.join(dir, 'out', '手册.pdf');
      const first = fs.readFileSync(pdf);

      const catalogue = path.join(dir, 'catalogue.yaml');
      fs.writeFileSync(catalogue, fs.readFileSync(catalogue, 'utf8').replace('应急广播', '应急广播服务'));
      await waitFor(/已生成：out\/手册\.pdf/, 2);
      expect(output).toMatch(/有改动：catalogue\.yaml/);
      const second = fs.readFileSync(pdf);
      expect(second.equals(first)).toBe(false);
      expect(compactPageTexts(openPdf(second)).join('')).toContain('应急广播服务');

      fs.writeFileSync(catalogue, fs.readFileSync(catalogue, 'utf8').replace('    name: 行政许可', '    nmae: 行政许可'));
      await waitFor(/生成失败，保留上一次生成的 PDF/, 1);
      expect(output).toContain('[schema/unknown-key]');
      expect(fs.readFileSync(pdf).equals(second)).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
