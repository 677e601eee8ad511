// Self-test of the real-browser harness: it must be able to fail, not only pass.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { horizontalOverflow, launchBrowser, openContext, runAxe, sharedBrowser, visit, type BrowserContext, type Page } from './browser.js';

const phone = { width: 360, height: 740 };
const desktop = { width: 1280, height: 800 };

const goodPage = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>便民服务手册</title></head>
<body><main><h1>便民服务手册</h1><p>办事指南。</p></main></body></html>`;

function dataUrl(html: string): string {
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}

// One offline context and page, as the site tests use them: each test loads its page into it and
// reads the requests made after its own mark.
let context: BrowserContext;
let requests: string[];
let page: Page;
let dir: string;

beforeAll(async () => {
  ({ context, requests } = await openContext(await sharedBrowser(), phone));
  page = await context.newPage();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-browser-'));
});

afterAll(async () => {
  await context?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes a page to the temp directory and returns its file: URL. */
function file(name: string, html: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, html);
  return pathToFileURL(p).href;
}

describe('browser harness', () => {
  it('reports axe violations: an image without alt, a page without lang', async () => {
    // From a file, as the site's pages are: axe loads from disk (a data: page would be sent axe's 550 KB).
    await visit(page, file('bad.html', '<!doctype html><title>t</title><main><h1>x</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main>'), desktop);
    const violations = await runAxe(page);
    const ids = violations.map((v) => v.id);
    expect(ids).toContain('image-alt');
    expect(ids).toContain('html-has-lang');
    const img = violations.find((v) => v.id === 'image-alt')!;
    expect(img.impact).toBe('critical');
    expect(img.nodes[0]?.target).toEqual(['img']);
    expect(img.nodes[0]?.failureSummary).toMatch(/alt/);
  });

  it('reports nothing on a good page, read from a file', async () => {
    const first = requests.length;
    await visit(page, file('good.html', goodPage), phone);
    expect(await runAxe(page)).toEqual([]);
    expect(await page.evaluate(() => navigator.language)).toBe('zh-CN');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    const made = requests.slice(first);
    expect(made.length).toBeGreaterThan(0);
    expect(made.every((u) => u.startsWith('file:') || u.startsWith('data:'))).toBe(true);
  });

  it('runs axe even where a Content-Security-Policy forbids inline scripts', async () => {
    const csp = goodPage.replace('<title>', `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'none'"><title>`);
    await visit(page, file('csp.html', csp.replace('<h1>便民服务手册</h1>', '<h1></h1>')), desktop);
    expect((await runAxe(page)).map((v) => v.id)).toContain('empty-heading');
  });

  it('measures sideways scrolling on a phone', async () => {
    const wide = goodPage.replace('<p>办事指南。</p>', '<div style="width:2000px;height:10px"></div>');
    await visit(page, dataUrl(wide), phone);
    expect(await horizontalOverflow(page)).toBe(2000 - 360 + 8); // + body's 8px left margin
  });

  it('records and blocks requests that leave the machine', async () => {
    const html = goodPage.replace('<p>办事指南。</p>', '<img src="http://127.0.0.1:9/x.png" alt="">');
    const first = requests.length;
    await visit(page, file('net.html', html), phone);
    const made = requests.slice(first);
    expect(made).toContain('http://127.0.0.1:9/x.png');
    expect(made.every((u) => u.startsWith('file:') || u.startsWith('data:'))).toBe(false);
    // Blocked: the image never loaded.
    expect(await page.evaluate(() => document.querySelector('img')!.naturalWidth)).toBe(0);
  });

  it('refuses to run without Chromium, saying how to install it', async () => {
    const saved = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = path.join(dir, 'no-such-chromium');
    try {
      await expect(launchBrowser()).rejects.toThrow(/apt-get install chromium/);
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
    }
  });
});
