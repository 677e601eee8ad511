import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHandbook } from '../../src/check.js';
import type { Item } from '../../src/catalogue/model.js';
import { siteTarget } from '../../src/site/target.js';
import { horizontalOverflow, isLocal, openContext, runAxe, sharedBrowser, visit } from '../helpers/browser.js';
import type { BrowserContext, Page, Viewport } from '../helpers/browser.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { decodeAllQrCodes, openPdf } from '../helpers/pdf.js';

/*
 * The web twin as a citizen meets it: the QR codes decoded from the printed
 * pages, each URL mapped to the file the site folder holds for it, opened in
 * Debian's Chromium at phone and desktop widths, and checked for what the
 * page shows, what it loads and what axe-core finds.
 */

const catalogue = path.join(repoRoot, 'data/catalogue/广播电视示例目录.yaml');
const demo = fs.readFileSync(path.join(repoRoot, 'data/示例县/handbook.yaml'), 'utf8');
const base = 'https://zwgk.county.example/gbds/';

/** The demo handbook file, with its catalogue found from anywhere and its PDF beside it. */
function writeHandbook(dir: string, extra: (yaml: string) => string = (y) => y): string {
  const file = path.join(dir, 'handbook.yaml');
  const yaml = demo.replace(/^catalogue: .*$/m, `catalogue: ${JSON.stringify(catalogue)}`).replace(/^output: .*$/m, 'output: 手册.pdf');
  fs.writeFileSync(file, extra(yaml));
  return file;
}

/** Every text an item states, as the page must show it. */
function itemValues(item: Item): string[] {
  return [...item.content, ...item.basis, item.timeLimit, item.subject, ...item.channels, ...item.audience, ...item.method, ...item.levels, ...(item.note ? [item.note] : [])];
}

function hashFolder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const file = path.join(dir, f);
    if (fs.statSync(file).isFile()) out[f] = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  }
  return out;
}

/** Normalised visible text of an element: white space removed, as Chinese compares reliably. */
const compact = (s: string) => s.replace(/\s+/g, '');

let tmp: string;
let handbookFile: string;
let siteDir: string;
let items: Item[];
let qrUrls: string[];
/** One offline context, and one page that every browser check in this file loads what it looks at into. */
let context: BrowserContext;
let requests: string[];
let page: Page;

const phone: Viewport = { width: 360, height: 740 };
const desktop: Viewport = { width: 1280, height: 800 };

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-site-'));
  handbookFile = writeHandbook(tmp);
  const built = runCli(['build', handbookFile]);
  expect(built.status, built.stderr).toBe(0);
  siteDir = path.join(tmp, 'site');
  const site = runCli(['site', handbookFile, '-o', siteDir]);
  expect(site.status, site.stderr).toBe(0);
  items = checkHandbook(handbookFile).handbook!.categories.flatMap((c) => c.items);
  const qr = await decodeAllQrCodes(openPdf(fs.readFileSync(path.join(tmp, '手册.pdf'))));
  qrUrls = qr.map((q) => q.data);
  ({ context, requests } = await openContext(await sharedBrowser(), phone));
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('handbook site: the pages the QR codes open', () => {
  it('has a page for the URL of every QR code in the PDF, and nothing it does not need', () => {
    expect(qrUrls.length).toBe(items.length);
    expect(new Set(qrUrls)).toEqual(new Set(items.map((i) => i.url)));
    const files = qrUrls.map((url) => {
      const target = siteTarget(url, base);
      expect(target, url).not.toHaveProperty('problem');
      return (target as { file: string }).file;
    });
    for (const f of files) expect(fs.statSync(path.join(siteDir, f)).isFile(), f).toBe(true);
    const present = (fs.readdirSync(siteDir, { recursive: true }) as string[]).sort();
    expect(present).toEqual([...files, 'index.html', '手册.pdf', '.handbook-site'].sort());
    // Phones on slow mobile data: every page under 50 KB (no fonts here: the demo has no rare character).
    for (const f of present.filter((p) => p.endsWith('.html'))) expect(fs.statSync(path.join(siteDir, f)).size, f).toBeLessThan(50 * 1024);
    // The PDF offered for download is the handbook as built.
    expect(fs.readFileSync(path.join(siteDir, '手册.pdf')).equals(fs.readFileSync(path.join(tmp, '手册.pdf')))).toBe(true);
  });

  it("shows each item's name and every value at 360×740 and 1280×800, fits the width, passes axe, loads nothing remote", async () => {
    const byUrl = new Map(items.map((i) => [i.url!, i]));
    // Every page is checked for what it shows and for fit at both widths. The item pages are one
    // template over different text: axe (about as costly as all the other checks of a page together)
    // runs, at both widths, on the index, on the first item of each category and on the items with
    // the longest and the shortest text.
    const textLength = (i: Item) => itemValues(i).join('').length;
    const bySize = [...items].sort((a, b) => textLength(a) - textLength(b));
    const firstOfCategory = [...new Map(items.map((i) => [i.category, i])).values()];
    const axeUrls = new Set([bySize[0]!, bySize[bySize.length - 1]!, ...firstOfCategory].map((i) => i.url!));
    expect(axeUrls.size).toBeGreaterThanOrEqual(5);
    // Each page is loaded once and checked at both widths, the second time after resizing the viewport
    // (a relayout, not a second load: Chromium's page loads are most of this test's cost). The item
    // pages take the widths in turns, phone then desktop, desktop then phone, so that the viewport
    // changes once per page rather than twice (a resize costs about half a load); the index, whose
    // script runs at load, is loaded at phone width.
    const first = requests.length;
    let axeRuns = 0;
    const checkAt = async (viewport: Viewport, url: string, item: Item | undefined) => {
      await page.setViewportSize(viewport);
      const where = `${viewport.width}px ${url}`;
      // One round trip for what the page shows (locators would each load Playwright's helper
      // script into every new page first).
      const seen = await page.evaluate(() => ({
        h1: document.querySelector('h1')?.innerText ?? '',
        main: document.querySelector('main')?.innerText ?? '',
        links: [...document.querySelectorAll('main a')].map((a) => a.getAttribute('href')),
        overflow: document.documentElement.scrollWidth - window.innerWidth,
      }));
      expect(seen.overflow, where).toBeLessThanOrEqual(0);
      if (item) {
        expect(compact(seen.h1), where).toBe(compact(item.name));
        const shown = compact(seen.main);
        for (const value of itemValues(item)) expect(shown, `${where}: ${value}`).toContain(compact(value));
        // The page names the edition and links to its category, the index and the PDF.
        expect(shown, where).toContain('第1版');
        expect(seen.links).toContain(`index.html#cat-${item.category}`);
        expect(seen.links).toContain('index.html');
        expect(seen.links).toContain('手册.pdf');
      }
      if (!item || axeUrls.has(url)) {
        expect(await runAxe(page), where).toEqual([]);
        axeRuns++;
      }
    };
    for (const [i, url] of qrUrls.entries()) {
      const target = siteTarget(url, base) as { file: string };
      const widths = i % 2 === 0 ? [phone, desktop] : [desktop, phone];
      await visit(page, pathToFileURL(path.join(siteDir, target.file)).href, widths[0]!);
      for (const viewport of widths) await checkAt(viewport, url, byUrl.get(url)!);
    }
    await visit(page, pathToFileURL(path.join(siteDir, 'index.html')).href, phone);
    for (const viewport of [phone, desktop]) await checkAt(viewport, 'index.html', undefined);
    expect(axeRuns).toBe(2 * (axeUrls.size + 1));
    const made = requests.slice(first);
    expect(made.length).toBeGreaterThan(qrUrls.length);
    expect(made.filter((u) => !isLocal(u))).toEqual([]);
  });

  it('body text is at least 16 px on a phone', async () => {
    await visit(page, pathToFileURL(path.join(siteDir, `${items[0]!.id}.html`)).href, phone);
    const sizes = await page.locator('main dd, main p, main li').evaluateAll((els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize)));
    expect(sizes.length).toBeGreaterThan(10);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(16);
  });

  it('typing 许可 into the index search shows exactly the items that mention it', async () => {
    await visit(page, pathToFileURL(path.join(siteDir, 'index.html')).href, phone);
    const all = await page.locator('ul.items li').count();
    expect(all).toBe(items.length);
    await page.locator('input[type="search"]').pressSequentially('许可');
    const categoryName = new Map(checkHandbook(handbookFile).handbook!.categories.map((c) => [c.code, c.name]));
    const expected = items.filter((i) => `${i.name}${categoryName.get(i.category)}${i.content.join('')}`.includes('许可')).map((i) => compact(i.name));
    expect(expected.length).toBeGreaterThan(3);
    expect(expected.length).toBeLessThan(items.length);
    const visible = await page.locator('ul.items li:visible a').evaluateAll((as) => as.map((a) => a.lastChild!.textContent!.replace(/\s+/g, '')));
    expect(visible).toEqual(expected);
    expect(await page.locator('[role="status"]').innerText()).toBe(`找到 ${expected.length} 个事项`);
    // A word no item has: nothing shown, and the reader is told so.
    await page.locator('input[type="search"]').fill('无此事项词');
    expect(await page.locator('ul.items li:visible').count()).toBe(0);
    expect(await page.locator('[role="status"]').innerText()).toContain('没有找到');
  });

  it('is byte-identical when built again, and says unchanged', () => {
    const again = path.join(tmp, 'site-again');
    expect(runCli(['site', handbookFile, '-o', again]).status).toBe(0);
    expect(hashFolder(again)).toEqual(hashFolder(siteDir));
    const before = hashFolder(siteDir);
    const r = runCli(['site', handbookFile, '-o', siteDir]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('未变化');
    expect(hashFolder(siteDir)).toEqual(before);
  });

  it('a failed build leaves the last good site as it was', () => {
    const tplDir = path.join(tmp, 'templates/broken');
    fs.mkdirSync(path.join(tplDir, 'site'), { recursive: true });
    fs.writeFileSync(path.join(tplDir, 'theme.yaml'), 'extends: default\n');
    fs.writeFileSync(path.join(tplDir, 'site/item.hbs'), '<h1>{{#each item.content}}{{this}}\n');
    const before = hashFolder(siteDir);
    const r = runCli(['site', handbookFile, '--template', 'broken', '-o', siteDir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${path.join(tplDir, 'site/item.hbs')}`);
    expect(r.stderr).toContain('[template/syntax]');
    expect(r.stderr).toContain('网站生成失败，原有文件没有改动');
    expect(hashFolder(siteDir)).toEqual(before);
    expect(fs.readdirSync(tmp).filter((f) => f.includes('.tmp') || f.includes('.old'))).toEqual([]);
  });

  it('never replaces a folder it did not make', () => {
    const mine = path.join(tmp, 'mine');
    fs.mkdirSync(mine);
    fs.writeFileSync(path.join(mine, '重要.txt'), '别删');
    const r = runCli(['site', handbookFile, '-o', mine]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('不是 handbook 生成的网站');
    expect(r.stderr).toContain('[output/foreign-folder]');
    expect(fs.readdirSync(mine)).toEqual(['重要.txt']);
  });
});

describe('handbook site --single: one self-contained page', () => {
  it('opens from disk alone, with every item at the anchor of its id', async () => {
    const file = path.join(tmp, '单页.html');
    const r = runCli(['site', handbookFile, '--single', '-o', file]);
    expect(r.status, r.stderr).toBe(0);
    // The demo's QR codes open pages of their own: the user is told the single page is not what they open.
    expect(r.stderr).toContain('[site/single-mismatch]');
    const html = fs.readFileSync(file, 'utf8');
    expect(html).not.toMatch(/<link\b|\ssrc=/);
    const first = requests.length;
    await visit(page, pathToFileURL(file).href, phone);
    // Every item's section in one round trip (three locator calls per item cost about 2 CPU-s): the
    // elements with its id, the text of each h3 in the first of them, and its whole text.
    const sections = await page.evaluate((ids) => {
      return ids.map((id) => {
        const found = document.querySelectorAll(`[id="${id}"]`);
        const section = found[0] as HTMLElement | undefined;
        const h3s = section ? [...section.querySelectorAll('h3')].map((h) => h.innerText) : [];
        return { count: found.length, h3s, text: section?.innerText ?? '' };
      });
    }, items.map((i) => i.id));
    for (const [i, item] of items.entries()) {
      const section = sections[i]!;
      expect(section.count, item.id).toBe(1);
      // One h3 (as a locator's innerText demands), the item's name.
      expect(section.h3s.map(compact), item.id).toEqual([compact(item.name)]);
      const shown = compact(section.text);
      for (const value of itemValues(item)) expect(shown, `${item.id}: ${value}`).toContain(compact(value));
    }
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await runAxe(page)).toEqual([]);
    expect(requests.slice(first)).toEqual([pathToFileURL(file).href]);
  });

  it('with site.single in the handbook file, every QR code opens its item inside the one page', async () => {
    const dir = path.join(tmp, 'single-mode');
    fs.mkdirSync(dir);
    const file = writeHandbook(dir, (y) => y.replace(/^itemUrl: .*$/m, `site: { base: "${base}", single: true, page: 手册.html }`));
    expect(runCli(['build', file]).status).toBe(0);
    const out = path.join(dir, 'site');
    const r = runCli(['site', file, '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const urls = (await decodeAllQrCodes(openPdf(fs.readFileSync(path.join(dir, '手册.pdf'))))).map((q) => q.data);
    expect(urls.sort()).toEqual(items.map((i) => `${base}${encodeURI('手册.html')}#${i.id}`).sort());
    await page.setViewportSize(phone);
    // The first loads the page; the others differ from it only in the anchor, so Chromium scrolls the
    // loaded page to it (a same-document navigation) rather than loading the page again.
    for (const url of urls) {
      const target = siteTarget(url, base) as { file: string; anchor: string };
      expect(target.file).toBe('手册.html');
      const item = items.find((i) => i.id === target.anchor)!;
      await page.goto(`${pathToFileURL(path.join(out, target.file)).href}#${target.anchor}`);
      expect(compact(await page.locator(`[id="${target.anchor}"] h3`).innerText())).toBe(compact(item.name));
    }
    // The index links into the single page; --single writes that same page alone.
    await visit(page, pathToFileURL(path.join(out, 'index.html')).href, phone);
    const hrefs = await page.locator('ul.items a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(items.map((i) => `手册.html#${i.id}`));
    expect(await runAxe(page)).toEqual([]);
    const single = path.join(dir, 'alone.html');
    const s = runCli(['site', file, '--single', '-o', single]);
    expect(s.status).toBe(0);
    expect(s.stderr).toBe('');
    // The same page without the site around it: no index to link to, no PDF beside it.
    const alone = fs.readFileSync(single, 'utf8');
    for (const item of items) expect(alone).toContain(`<article class="item" id="${item.id}"`);
    expect(alone).not.toMatch(/href="index\.html|\.pdf"/);
  });

  it('a traditional-character site converts the text, not the addresses', () => {
    const file = path.join(tmp, '繁体.html');
    expect(runCli(['site', handbookFile, '--single', '--script', 'hant', '-o', file]).status).toBe(0);
    // What a reader sees: the page without its script (whose comments are the template author's).
    const html = fs.readFileSync(file, 'utf8').replace(/<script>[\s\S]*?<\/script>/g, '');
    expect(html).toContain('<html lang="zh-Hant">');
    expect(html).toContain('公開內容');
    expect(html).not.toContain('公开内容');
    expect(html).toContain('id="xzxk-01"');
    expect(html).toContain('href="https://zwgk.county.example"');
  });
});

describe('rare characters on the web', () => {
  it('a page with a character phone fonts may lack carries a few-KB subset of just that character, and it loads', async () => {
    const dir = path.join(tmp, 'rare');
    fs.mkdirSync(dir);
    const file = writeHandbook(dir, (y) => `${y}\noverrides:\n  ggfw-02:\n    note: 服务点设在䢺村\n`);
    const out = path.join(dir, 'site');
    const r = runCli(['site', file, '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    const html = fs.readFileSync(path.join(out, 'ggfw-02.html'), 'utf8');
    const faces = html.match(/@font-face\s*\{[^}]*\}/g) ?? [];
    expect(faces.length).toBe(1);
    expect(faces[0]).toContain('unicode-range: U+48BA;');
    const data = /url\("?data:font\/woff2;base64,([^")]+)/.exec(faces[0]!)![1]!;
    const bytes = Buffer.from(data, 'base64').length;
    expect(bytes).toBeGreaterThan(200);
    expect(bytes).toBeLessThan(8 * 1024);
    // Under 50 KB before the font; pages without the character carry no font at all.
    expect(Buffer.byteLength(html) - data.length).toBeLessThan(50 * 1024);
    expect(fs.readFileSync(path.join(out, 'ggfw-01.html'), 'utf8')).not.toContain('@font-face');
    const first = requests.length;
    await visit(page, pathToFileURL(path.join(out, 'ggfw-02.html')).href, phone);
    await page.evaluate(() => document.fonts.ready);
    const fonts = await page.evaluate(() => [...document.fonts].map((f) => `${f.family}:${f.status}`));
    expect(fonts).toEqual(['handbook-rare:loaded']);
    expect(requests.slice(first).filter((u) => !isLocal(u))).toEqual([]);
  });
});
