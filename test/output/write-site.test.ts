import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BuildResult } from '../../src/build.js';
import type { Handbook } from '../../src/catalogue/model.js';
import type { SiteResult } from '../../src/site/build.js';
import { SITE_MARKER } from '../../src/output/write-folder.js';
import { writeBuildResult } from '../../src/output/write-result.js';
import { siteOutputPath, writeSiteResult } from '../../src/output/write-site.js';

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
