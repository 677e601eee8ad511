import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLinksOffline, checkLinksOnline, linkDiagnostics } from '../../src/site/links.js';
import type { LinkTarget } from '../../src/site/links.js';
import { repoRoot, runCli } from '../helpers/cli.js';

/*
 * A real HTTP server on 127.0.0.1, in a worker thread: `runCli` waits for the
 * CLI with spawnSync, which blocks this thread's event loop, so a server here
 * could not answer the CLI it is testing. Nothing else is ever contacted.
 */
const serverSource = `
const http = require('node:http');
const { parentPort } = require('node:worker_threads');
const counts = {};
let inFlight = 0;
let maxInFlight = 0;
let bodiesAbandoned = 0;
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  const key = req.method + ' ' + url.pathname;
  counts[key] = (counts[key] || 0) + 1;
  const page = (status) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(req.method === 'HEAD' ? undefined : '<p>' + status + '</p>');
  };
  const p = url.pathname;
  if (p === '/ok') return page(200);
  if (p === '/missing') return page(404);
  if (p === '/moved') { res.writeHead(301, { location: '/ok' }); return res.end(); }
  if (p === '/found') { res.writeHead(302, { location: '/ok' }); return res.end(); }
  if (p === '/gone') { res.writeHead(302, { location: '/missing' }); return res.end(); }
  if (p === '/no-head') {
    if (req.method === 'HEAD') return page(405);
    // The body never ends: a checker that read it would time out, and one that
    // left it unread would keep the connection open.
    res.on('close', () => { if (!res.writableFinished) bodiesAbandoned++; });
    res.writeHead(200, { 'content-type': 'text/html' });
    res.write('<p>' + 'x'.repeat(65536));
    return;
  }
  if (p === '/hang') return;
  if (p === '/slow') {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    setTimeout(() => { inFlight--; page(200); }, 60);
    return;
  }
  if (p.startsWith('/gbds/')) return page(p === '/gbds/xzxk-03.html' ? 404 : 200);
  if (p.startsWith('/good/')) return page(200);
  page(404);
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', (m) => {
  if (m === 'stats') parentPort.postMessage({ counts, maxInFlight, bodiesAbandoned });
  if (m === 'reset') { for (const k of Object.keys(counts)) delete counts[k]; maxInFlight = 0; bodiesAbandoned = 0; }
});
`;

let worker: Worker;
let origin: string;

interface Stats {
  counts: Record<string, number>;
  maxInFlight: number;
  bodiesAbandoned: number;
}

function stats(): Promise<Stats> {
  return new Promise((resolve) => {
    worker.once('message', resolve);
    worker.postMessage('stats');
  });
}

beforeAll(async () => {
  worker = new Worker(serverSource, { eval: true });
  const { port } = await new Promise<{ port: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  origin = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await worker.terminate();
});

const target = (route: string, itemId?: string): LinkTarget => ({
  url: `${origin}${route}`,
  field: 'url',
  ...(itemId !== undefined && { itemId }),
  at: { file: '/data/catalogue.yaml', line: 10, column: 9 },
});

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('checkLinksOnline', () => {
  it('reports 200 as open, 404 as broken, and follows 301/302 to the final URL', async () => {
    worker.postMessage('reset');
    const results = await checkLinksOnline([target('/ok'), target('/missing', 'xzxk-02'), target('/moved'), target('/found'), target('/gone')]);
    expect(results.map((r) => [r.target.url.slice(origin.length), r.ok, r.status, r.finalUrl])).toEqual([
      ['/ok', true, 200, undefined],
      ['/missing', false, 404, undefined],
      ['/moved', true, 200, `${origin}/ok`],
      ['/found', true, 200, `${origin}/ok`],
      ['/gone', false, 404, `${origin}/missing`],
    ]);
    expect(results[1]!.problem).toBe(`网址打不开（404）：${origin}/missing`);
    expect(results[4]!.problem).toBe(`网址打不开（404）：${origin}/gone（跳转到 ${origin}/missing）`);
    const { counts } = await stats();
    // HEAD answered 200 for /ok: no GET. A 404 to HEAD is asked again with GET.
    expect(counts['HEAD /ok']).toBe(3);
    expect(counts['GET /ok']).toBeUndefined();
    expect(counts['HEAD /missing']).toBe(2);
    expect(counts['GET /missing']).toBe(2);
  });

  it('falls back to GET when HEAD answers 405, without reading the body', async () => {
    worker.postMessage('reset');
    const started = Date.now();
    const [result] = await checkLinksOnline([target('/no-head')], { timeoutMs: 2000 });
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(Date.now() - started).toBeLessThan(1500);
    expect((await stats()).counts).toMatchObject({ 'HEAD /no-head': 1, 'GET /no-head': 1 });
    // The client hung up on the endless body.
    for (let i = 0; i < 20 && (await stats()).bodiesAbandoned === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect((await stats()).bodiesAbandoned).toBe(1);
  });

  it('gives up after the timeout, retrying once, and says how long it waited', async () => {
    worker.postMessage('reset');
    const started = Date.now();
    const [result] = await checkLinksOnline([target('/hang', 'xzxk-05')], { timeoutMs: 300 });
    expect(result).toMatchObject({ ok: false, reason: 'timeout', problem: `网址超时未响应（0.3 秒）：${origin}/hang` });
    expect(result!.status).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    expect((await stats()).counts['HEAD /hang']).toBe(2);
    worker.postMessage('reset');
    await checkLinksOnline([target('/hang')], { timeoutMs: 200, retries: 0 });
    expect((await stats()).counts['HEAD /hang']).toBe(1);
  });

  it('reports a refused connection after one retry', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/ok`;
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls++;
      return fetch(input, init);
    };
    const [result] = await checkLinksOnline([{ url, field: 'website' }], { fetch: counting });
    expect(result).toMatchObject({ ok: false, reason: 'network', problem: `网址打不开（服务器拒绝连接）：${url}` });
    expect(calls).toBe(2);
  });

  it('refuses file: and other schemes without fetching', async () => {
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls++;
      return fetch(input, init);
    };
    const results = await checkLinksOnline(
      [
        { url: 'file:///etc/passwd', field: 'url', itemId: 'zcfg-01' },
        { url: 'ftp://127.0.0.1/x', field: 'url' },
      ],
      { fetch: counting },
    );
    expect(calls).toBe(0);
    expect(results.map((r) => [r.ok, r.reason, r.problem])).toEqual([
      [false, 'refused', '只检查 http 和 https 网址，不打开「file」网址：file:///etc/passwd'],
      [false, 'refused', '只检查 http 和 https 网址，不打开「ftp」网址：ftp://127.0.0.1/x'],
    ]);
  });

  it('keeps at most `concurrency` requests in flight, fetches each URL once, and keeps input order', async () => {
    worker.postMessage('reset');
    const routes = ['/slow?a', '/slow?b', '/slow?c', '/slow?d', '/slow?e', '/slow?f', '/slow?a'];
    const progress: number[] = [];
    const results = await checkLinksOnline(
      routes.map((r) => target(r)),
      { concurrency: 2, onProgress: (done, total) => progress.push(done, total) },
    );
    expect(results.map((r) => r.target.url.slice(origin.length))).toEqual(routes);
    expect(results.every((r) => r.ok)).toBe(true);
    const { counts, maxInFlight } = await stats();
    expect(maxInFlight).toBe(2);
    expect(counts['HEAD /slow']).toBe(6);
    expect(progress).toEqual([0, 6, 1, 6, 2, 6, 3, 6, 4, 6, 5, 6, 6, 6]);
  });
});

describe('checkLinksOffline', () => {
  const base = 'https://zwgk.county.example/gbds/';
  let site: string;

  beforeAll(() => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-links-'));
    site = path.join(root, 'site');
    fs.mkdirSync(path.join(site, 'folder'), { recursive: true });
    fs.mkdirSync(path.join(site, 'dir.html'));
    fs.writeFileSync(path.join(site, 'xzxk-01.html'), '<!doctype html><section class="item" id="xzxk-01"><h2>事项</h2></section>');
    fs.writeFileSync(path.join(site, 'index.html'), '<!doctype html><ul><li><a href="xzxk-01.html">xzxk-01</a></li></ul>');
    fs.writeFileSync(path.join(site, 'folder', 'index.html'), '<p>folder</p>');
    fs.writeFileSync(path.join(root, 'secret.html'), '<p id="xzxk-09">outside</p>');
    fs.symlinkSync(path.join(root, 'secret.html'), path.join(site, 'escape.html'));
    fs.symlinkSync(path.join(site, 'xzxk-01.html'), path.join(site, 'alias.html'));
  });

  const offline = (url: string) => {
    const [result] = checkLinksOffline([{ url: `${base}${url}`, field: 'url', itemId: 'xzxk-01' }], site, base);
    return result!.ok ? 'ok' : `${result!.reason}: ${result!.problem}`;
  };

  it('finds pages and the element an anchor names', () => {
    expect(offline('xzxk-01.html')).toBe('ok');
    expect(offline('xzxk-01.html#xzxk-01')).toBe('ok');
    expect(offline('')).toBe('ok');
    expect(offline('folder')).toBe('ok');
    expect(offline('alias.html#xzxk-01')).toBe('ok');
  });

  it('reports a missing page, a missing anchor, a folder and a link out of the folder', () => {
    expect(offline('xzxk-02.html')).toBe('no-page: 网站文件夹中没有这个页面：xzxk-02.html');
    expect(offline('index.html#xzxk-01')).toBe('no-anchor: 页面中没有事项的位置 #xzxk-01（index.html）');
    expect(offline('xzxk-01.html#xzxk-02')).toBe('no-anchor: 页面中没有事项的位置 #xzxk-02（xzxk-01.html）');
    expect(offline('dir.html')).toBe('not-a-file: 网站文件夹中的 dir.html 不是文件');
    expect(offline('escape.html')).toBe('outside-folder: 页面 escape.html 是指向网站文件夹之外的链接');
    expect(offline('escape.html#xzxk-09')).toMatch(/^outside-folder: /);
    expect(offline('../secret.html')).toMatch(/^outside-site: 网址不在网站文件夹之中（/);
  });

  it('makes an error per broken link at the URL\'s position, and only a warning for a URL outside the site', () => {
    const results = checkLinksOffline(
      [
        { url: `${base}xzxk-01.html`, field: 'url', itemId: 'xzxk-01', at: { file: '/d/cat.yaml', line: 67, column: 9 } },
        { url: `${base}xzxk-02.html`, field: 'url', itemId: 'xzxk-02', at: { file: '/d/cat.yaml', line: 87, column: 9 } },
        { url: 'https://elsewhere.example/a.html', field: 'url', itemId: 'xzxk-03', at: { file: '/d/hb.yaml', line: 5, column: 12 } },
      ],
      site,
      base,
    );
    const diagnostics = linkDiagnostics(results);
    expect(diagnostics.map(({ hint, ...d }) => d)).toEqual([
      { severity: 'error', code: 'link/broken', message: '网站文件夹中没有这个页面：xzxk-02.html', file: '/d/cat.yaml', line: 87, column: 9, itemId: 'xzxk-02', field: 'url' },
      {
        severity: 'warning',
        code: 'link/not-in-site',
        message: '网址不在网站文件夹之中（不在网站地址 https://zwgk.county.example/gbds/ 之下），未检查：https://elsewhere.example/a.html',
        file: '/d/hb.yaml',
        line: 5,
        column: 12,
        itemId: 'xzxk-03',
        field: 'url',
      },
    ]);
    expect(diagnostics.every((d) => typeof d.hint === 'string' && d.hint.length > 0)).toBe(true);
  });
});

describe('handbook check --links (CLI)', () => {
  const catalogue = path.join(repoRoot, 'data/catalogue/广播电视示例目录.yaml');
  const catalogueLines = fs.readFileSync(catalogue, 'utf8').split('\n');
  let dir: string;

  /** A handbook like data/示例县's, with its URLs on the test server. */
  const writeHandbook = (name: string, itemUrl: string | undefined) => {
    const file = path.join(dir, name);
    fs.writeFileSync(
      file,
      [
        `catalogue: ${JSON.stringify(catalogue)}`,
        'title: 示例县广播电视便民服务手册',
        'locality:',
        '  name: 示例县',
        '  agency: 示例县文化体育和旅游局',
        `  website: ${origin}/moved`,
        '  phone: 0591-12345678',
        ...(itemUrl === undefined ? [] : [`itemUrl: "${itemUrl}"`]),
        'levels: [县级]',
        'edition: { number: 1, date: 2026-11-01 }',
        'output: out/手册.pdf',
        '',
      ].join('\n'),
    );
    return name;
  };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-links-cli-'));
  });

  /** `file:line:col` of an item in the catalogue, as the CLI prints it from `dir`. */
  const itemPosition = (id: string) => {
    const line = catalogueLines.findIndex((l) => l.endsWith(`- id: ${id}`));
    return `${path.relative(dir, catalogue)}:${line + 1}:${catalogueLines[line]!.indexOf('id:') + 1}`;
  };

  it('exits 1 and names the item whose page answers 404, at its position; exits 0 when all open', () => {
    const broken = runCli(['check', writeHandbook('broken.yaml', `${origin}/gbds/{id}.html`), '--links'], dir);
    expect(broken.status, broken.stderr).toBe(1);
    expect(broken.stdout).toMatch(/^检查通过：\d+ 个分类、\d+ 个事项（0 个错误，0 个警告）。\n$/);
    const items = Number(/、(\d+) 个事项/.exec(broken.stdout)![1]);
    expect(broken.stderr).toContain(`正在检查 ${items + 1} 个网址……\n`);
    expect(broken.stderr).toContain(`${itemPosition('xzxk-03')} 错误 事项 xzxk-03 网址打不开（404）：${origin}/gbds/xzxk-03.html [link/broken]\n    提示：`);
    expect(broken.stderr.match(/\[link\/broken\]/g)).toHaveLength(1);
    expect(broken.stderr).toMatch(new RegExp(`网址检查：${items + 1} 个，1 个打不开。\n$`));

    const good = runCli(['check', writeHandbook('good.yaml', `${origin}/good/{id}.html`), '--links'], dir);
    expect(good.status, good.stderr).toBe(0);
    expect(good.stderr).not.toContain('[link/');
    expect(good.stdout).toContain(`网址检查：${items + 1} 个，全部可以打开。\n`);
  });

  it('checks against a site folder offline, and needs a site base to do so', () => {
    const site = path.join(dir, 'site');
    fs.mkdirSync(site, { recursive: true });
    for (const id of ['zcfg-01', 'xzxk-01']) fs.writeFileSync(path.join(site, `${id}.html`), `<section id="${id}"></section>`);
    const offline = runCli(['check', writeHandbook('offline.yaml', `https://zwgk.county.example/gbds/{id}.html`), '--links', 'site'], dir);
    expect(offline.status, offline.stderr).toBe(1);
    expect(offline.stderr).toContain(`${itemPosition('xzxk-03')} 错误 事项 xzxk-03 网站文件夹中没有这个页面：xzxk-03.html [link/broken]`);
    expect(offline.stderr).not.toContain('事项 xzxk-01 ');
    expect(offline.stderr).not.toContain('正在检查');
    const items = Number(/、(\d+) 个事项/.exec(offline.stdout)![1]);
    // Only item URLs: the locality's website is not part of the site.
    expect(offline.stderr).toMatch(new RegExp(`网址检查（对照网站文件夹 site）：${items} 个，${items - 2} 个打不开。\n$`));

    const missing = runCli(['check', writeHandbook('no-site.yaml', undefined), '--links', 'site'], dir);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no-site.yaml:1:1 错误 手册文件没有设置网站地址，无法对照网站文件夹检查网址 [link/no-site]');
    expect(missing.stderr).toMatch(/无法检查网址。\n$/);
  });
});
