import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BuildResult } from '../../src/build.js';
import type { Handbook } from '../../src/catalogue/model.js';
import type { SiteResult } from '../../src/site/build.js';
import { SITE_MARKER } from '../../src/output/write-folder.js';
import { writeBuildResult } from '../../src/output/write-result.js';
import { buildAndWriteSite, siteOutputPath, writeSiteResult } from '../../src/output/write-site.js';
import { buildHandbook } from '../../src/index.js';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-write-site-'));
const bytes = (s: string) => new TextEncoder().encode(s);

describe('siteOutputPath', () => {
  it('names the site after the PDF, beside it', () => {
    const handbook = { output: path.join('/srv', '示例县', '手册.pdf') } as Handbook;
    expect(siteOutputPath(handbook, false)).toBe(path.join('/srv', '示例县', '手册-网站'));
    expect(siteOutputPath(handbook, true)).toBe(path.join('/srv', '示例县', '手册.html'));
  });
});

describe('writeSiteResult', () => {
  it('writes a single page as one file, and leaves it alone when unchanged', async () => {
    const file = path.join(tmp(), '手册.html');
    const site = { single: true, files: new Map([['index.html', bytes('<p>一页</p>')]]) } as SiteResult;
    expect(await writeSiteResult(site, file)).toBe('written');
    expect(fs.readFileSync(file, 'utf8')).toBe('<p>一页</p>');
    expect(await writeSiteResult(site, file)).toBe('unchanged');
  });

  it('writes a site as a folder with its marker, and leaves it alone when unchanged', async () => {
    const folder = path.join(tmp(), '手册-网站');
    const site = { single: false, files: new Map([['index.html', bytes('首页')], ['gbds/xzxk-01.html', bytes('事项')]]) } as SiteResult;
    expect(await writeSiteResult(site, folder)).toBe('written');
    expect(fs.readFileSync(path.join(folder, 'gbds/xzxk-01.html'), 'utf8')).toBe('事项');
    expect(fs.existsSync(path.join(folder, SITE_MARKER))).toBe(true);
    expect(await writeSiteResult(site, folder)).toBe('unchanged');
  });
});

describe('writeBuildResult', () => {
  it('writes the PDF and, when there is one, the imposed sheets; unchanged ones are left alone', async () => {
    const dir = tmp();
    const output = path.join(dir, '手册.pdf');
    const imposedPath = path.join(dir, '手册-拼版.pdf');
    const plain = { handbook: { output }, pdf: bytes('%PDF one') } as unknown as BuildResult;
    expect(writeBuildResult(plain)).toEqual({ pdf: 'written' });
    expect(fs.existsSync(imposedPath)).toBe(false);
    const imposed = { ...plain, imposed: { pdf: bytes('%PDF sheets'), path: imposedPath, sheetName: 'A4', sides: 4 } } as BuildResult;
    expect(writeBuildResult(imposed)).toEqual({ pdf: 'unchanged', imposed: 'written' });
    expect(fs.readFileSync(imposedPath, 'utf8')).toBe('%PDF sheets');
    expect(writeBuildResult(imposed)).toEqual({ pdf: 'unchanged', imposed: 'unchanged' });
  });
});

describe('buildAndWriteSite', () => {
  it('writes the web twin of a build beside its PDF, in the edition’s script, with that PDF for download', async () => {
    const dir = tmp();
    const catalogue = `title: 测试目录\ndomain: 广播电视\ncategories:\n  - code: xzxk\n    name: 行政许可\n    items:\n      - id: xzxk-01\n        name: 测试事项审批\n        content: [主体信息]\n        basis: [《广播电视管理条例》]\n        timeLimit: 20个工作日内\n        subject: 县级广播电视行政部门\n        channels: [政府网站]\n        audience: [全社会]\n        method: [主动]\n        levels: [县级]\n`;
    fs.writeFileSync(path.join(dir, 'catalogue.yaml'), catalogue);
    fs.writeFileSync(
      path.join(dir, 'handbook.yaml'),
      'catalogue: catalogue.yaml\nlocality: { name: 示例县, agency: 示例县文化体育和旅游局 }\nitemUrl: "https://zwgk.county.example/gbds/{id}.html"\nedition: { number: 1, date: 2026-11-01 }\noutput: 手册.pdf\n',
    );
    const build = await buildHandbook(path.join(dir, 'handbook.yaml'));
    const { site, target, status } = await buildAndWriteSite(build, 'hant');
    expect(target).toBe(path.join(dir, '手册-网站'));
    expect(status).toBe('written');
    expect(site.single).toBe(false);
    expect(fs.existsSync(path.join(target, SITE_MARKER))).toBe(true);
    const pages = [...site.files.keys()].filter((f) => f.endsWith('.html'));
    const html = pages.map((f) => fs.readFileSync(path.join(target, f), 'utf8')).join('');
    expect(html).toContain('行政許可');
    expect(html).not.toContain('行政许可');
    const pdfs = [...site.files.entries()].filter(([f]) => f.endsWith('.pdf'));
    expect(pdfs).toHaveLength(1);
    expect(Buffer.from(pdfs[0]![1]).equals(Buffer.from(build.pdf))).toBe(true);
  });
});
