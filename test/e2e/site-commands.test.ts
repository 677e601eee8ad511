import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, repoRoot, runCli } from '../helpers/cli.js';

/*
 * The web twin from the commands an office already runs: `build --site`
 * (one handbook, or a province's folder of localities) and `watch --site`.
 */

const fixtures = path.join(repoRoot, 'test/diff/fixtures');

/** A folder with the small v1 catalogue and a handbook file whose PDF is written beside it. */
function workspace(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.copyFileSync(path.join(fixtures, 'v1/catalogue.yaml'), path.join(dir, 'catalogue.yaml'));
  fs.writeFileSync(path.join(dir, 'handbook.yaml'), fs.readFileSync(path.join(fixtures, 'v1/handbook.yaml'), 'utf8').replace('output: out/手册.pdf', 'output: 手册.pdf'));
  return dir;
}

describe('build --site', () => {
  it('writes the PDF and, beside it, the site offering that same PDF', () => {
    const dir = workspace('handbook-build-site-');
    const r = runCli(['build', 'handbook.yaml', '--site'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/已生成：手册\.pdf/);
    expect(r.stdout).toMatch(/已生成：手册-网站（网站，\d+ 个页面/);
    expect(r.stdout).toContain('上传到 https://zwgk.county.example/gbds/');
    const site = path.join(dir, '手册-网站');
    expect(fs.readFileSync(path.join(site, '手册.pdf')).equals(fs.readFileSync(path.join(dir, '手册.pdf')))).toBe(true);
    const pages = fs.readdirSync(site).filter((f) => f.endsWith('.html'));
    const ids = [...fs.readFileSync(path.join(dir, 'catalogue.yaml'), 'utf8').matchAll(/- id: (\S+)/g)].map((m) => `${m[1]}.html`);
    expect(pages.sort()).toEqual([...ids, 'index.html'].sort());
  });

  it('offers a large-print edition built beside the PDF for download too', () => {
    const dir = workspace('handbook-large-site-');
    expect(runCli(['build', 'handbook.yaml', '--template', 'large-print', '-o', '手册-大字版.pdf'], dir).status).toBe(0);
    const r = runCli(['build', 'handbook.yaml', '--site'], dir);
    expect(r.status, r.stderr).toBe(0);
    const site = path.join(dir, '手册-网站');
    expect(fs.readFileSync(path.join(site, '手册-大字版.pdf')).equals(fs.readFileSync(path.join(dir, '手册-大字版.pdf')))).toBe(true);
    const index = fs.readFileSync(path.join(site, 'index.html'), 'utf8');
    expect(index).toMatch(/<a href="手册\.pdf">手册（PDF，\d+ KB）<\/a>/);
    expect(index).toMatch(/<a href="手册-大字版\.pdf">大字版手册（PDF，\d+ KB）<\/a>/);
  });

  it('builds each locality its own site in a batch', () => {
    const dir = workspace('handbook-batch-site-');
    const folder = path.join(dir, 'localities');
    fs.mkdirSync(folder);
    for (const i of [1, 2]) {
      fs.writeFileSync(
        path.join(folder, `loc${i}.yaml`),
        `catalogue: ../catalogue.yaml\nlocality: { name: 甲${i}县, agency: 甲${i}县文化体育和旅游局 }\nitemUrl: "https://zwgk.county.example/${i}/{id}.html"\nedition: { number: 1, date: 2026-11-01 }\noutput: out/loc${i}.pdf\n`,
      );
    }
    const r = runCli(['build', 'localities', '--site', '--jobs', '2'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('网站');
    for (const i of [1, 2]) {
      const index = fs.readFileSync(path.join(folder, `out/loc${i}-网站/index.html`), 'utf8');
      expect(index).toContain(`甲${i}县`);
      expect(fs.readFileSync(path.join(folder, `out/loc${i}-网站/loc${i}.pdf`)).equals(fs.readFileSync(path.join(folder, `out/loc${i}.pdf`)))).toBe(true);
    }
  });
});

describe('watch --site', () => {
  it('rebuilds the site with the PDF, and its own writes do not set off another build', async () => {
    const dir = workspace('handbook-watch-site-');
    const child = spawn(process.execPath, [cliPath, 'watch', 'handbook.yaml', '--site'], { cwd: dir });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const count = (re: RegExp) => output.match(new RegExp(re, 'g'))?.length ?? 0;
    const waitFor = async (re: RegExp, n: number) => {
      const deadline = Date.now() + 30_000;
      while (count(re) < n) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${re}:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    try {
      await waitFor(/正在监视改动/, 1);
      expect(count(/：手册-网站（网站/g)).toBe(1);
      const catalogue = path.join(dir, 'catalogue.yaml');
      fs.writeFileSync(catalogue, fs.readFileSync(catalogue, 'utf8').replace('应急广播', '应急广播服务'));
      await waitFor(/已生成：手册-网站（网站/, 2);
      expect(fs.readFileSync(path.join(dir, '手册-网站/index.html'), 'utf8')).toContain('应急广播服务');
      // The site folder appearing in the watched folder is not an edit: no third build follows.
      await new Promise((r) => setTimeout(r, 1500));
      expect(count(/：手册\.pdf/g), output).toBe(2);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
