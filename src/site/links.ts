import fs from 'node:fs';
import path from 'node:path';
import type { Handbook } from '../catalogue/model.js';
import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic, SourcePosition } from '../diagnostics/diagnostic.js';
import { siteTarget } from './target.js';

/*
 * `handbook check --links`: does every QR code and printed web address open
 * a page? Online, each URL is asked for over HTTP; offline, each item URL is
 * looked up in a built site folder, as a static host would serve it.
 */

/** One URL to check, and where it was written, so a broken link is reported there. */
export interface LinkTarget {
  url: string;
  itemId?: string;
  /** Canonical field name: `url` for items, `website` for contacts. */
  field: string;
  at?: SourcePosition;
}

/** Why a link failed; chooses the hint, and `outside-site` is only a warning. */
export type LinkFailure = 'refused' | 'status' | 'timeout' | 'network' | 'no-page' | 'no-anchor' | 'not-a-file' | 'outside-folder' | 'outside-site';

export interface LinkResult {
  target: LinkTarget;
  ok: boolean;
  /** The final HTTP status (online). */
  status?: number;
  /** Where redirects ended, when that is not the URL itself. */
  finalUrl?: string;
  /** Chinese, the whole sentence a diagnostic shows. */
  problem?: string;
  reason?: LinkFailure;
}

export interface OnlineOptions {
  /** Requests in flight at once (default 8): enough to be quick, few enough not to look like an attack on a county's server. */
  concurrency?: number;
  /** Per request (default 10 000 ms). */
  timeoutMs?: number;
  /** Further tries after a timeout or network error (default 1); an HTTP answer is never retried. */
  retries?: number;
  fetch?: typeof fetch;
  /** Called with (0, total) before the first request and after each distinct URL is done. */
  onProgress?: (done: number, total: number) => void;
}

type Outcome = Omit<LinkResult, 'target'>;

/** Every URL a reader of the handbook may open: item URLs (the QR codes), then the locality's and its contacts' websites. */
export function linkTargets(handbook: Handbook): LinkTarget[] {
  const targets: LinkTarget[] = [];
  for (const item of handbook.categories.flatMap((c) => c.items)) {
    if (item.url === undefined) continue;
    // A URL made from itemUrl has no position of its own; the item's is where to look.
    targets.push({ url: item.url, itemId: item.id, field: 'url', at: item.fieldOrigins.url ?? item.origin });
  }
  const website = (url: string | undefined, key: string) => {
    if (url === undefined) return;
    const at = handbook.origins[key];
    targets.push(at === undefined ? { url, field: 'website' } : { url, field: 'website', at });
  };
  website(handbook.locality.website, 'locality.website');
  handbook.locality.serviceHalls.forEach((c, i) => website(c.website, `locality.serviceHalls.${i}.website`));
  handbook.locality.supervision.forEach((c, i) => website(c.website, `locality.supervision.${i}.website`));
  return targets;
}

/**
 * Asks each URL over HTTP(S): HEAD, then GET when HEAD does not answer 2xx;
 * redirects followed. Each distinct URL is fetched once. Never throws; results
 * are in the order of `targets`.
 */
export async function checkLinksOnline(targets: readonly LinkTarget[], options: OnlineOptions = {}): Promise<LinkResult[]> {
  const { concurrency = 8, timeoutMs = 10_000, retries = 1, fetch: fetchUrl = globalThis.fetch, onProgress } = options;
  const urls = [...new Set(targets.map((t) => t.url))];
  const outcomes = new Map<string, Outcome>();
  let next = 0;
  let done = 0;
  onProgress?.(0, urls.length);
  // A fixed number of workers taking the next URL: bounded concurrency without a queue library.
  const worker = async () => {
    while (next < urls.length) {
      const url = urls[next++]!;
      outcomes.set(url, await probe(url, fetchUrl, timeoutMs, Math.max(0, retries)));
      onProgress?.(++done, urls.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(urls.length, Math.max(1, Math.floor(concurrency))) }, worker));
  return targets.map((target) => ({ target, ...outcomes.get(target.url)! }));
}

async function probe(url: string, fetchUrl: typeof fetch, timeoutMs: number, retries: number): Promise<Outcome> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'refused', problem: `不是完整的网址，未检查：${url}` };
  }
  // A handbook file could otherwise make `check` read local files (file:) or anything else fetch may learn.
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { ok: false, reason: 'refused', problem: `只检查 http 和 https 网址，不打开「${parsed.protocol.replace(/:$/, '')}」网址：${url}` };
  }
  const send = async (method: 'HEAD' | 'GET'): Promise<Response> => {
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await fetchUrl(url, {
          method,
          redirect: 'follow',
          signal: AbortSignal.timeout(timeoutMs),
          headers: { 'user-agent': 'Mozilla/5.0 (compatible; handbook-check-links)', accept: 'text/html,*/*;q=0.8' },
        });
        // Only the status matters: cancelling the body stops the download and frees the connection.
        await response.body?.cancel().catch(() => undefined);
        return response;
      } catch (err) {
        if (attempt >= retries) throw err;
      }
    }
  };
  try {
    let response = await send('HEAD');
    // Any non-2xx answer to HEAD is asked again with GET, not only 405/501: servers and
    // firewalls often refuse or mishandle HEAD (403, 404, 400), and GET is what a phone
    // scanning the QR code sends, so its answer is the one that counts.
    if (!isSuccess(response.status)) response = await send('GET');
    const finalUrl = response.url !== '' && response.url !== url ? response.url : undefined;
    const status = response.status;
    if (isSuccess(status)) return { ok: true, status, ...(finalUrl !== undefined && { finalUrl }) };
    const via = finalUrl !== undefined ? `（跳转到 ${finalUrl}）` : '';
    return { ok: false, status, ...(finalUrl !== undefined && { finalUrl }), reason: 'status', problem: `网址打不开（${status}）：${url}${via}` };
  } catch (err) {
    if (err instanceof Error && err.name === 'TimeoutError') {
      return { ok: false, reason: 'timeout', problem: `网址超时未响应（${Number((timeoutMs / 1000).toFixed(1))} 秒）：${url}` };
    }
    return { ok: false, reason: 'network', problem: `网址打不开（${networkProblem(err)}）：${url}` };
  }
}

const isSuccess = (status: number) => status >= 200 && status < 300;

/** Undici reports connection failures as TypeError('fetch failed') with the system error as `cause`. */
function networkProblem(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
  const message = cause instanceof Error ? cause.message : String(cause);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return '找不到这个域名';
  if (code === 'ECONNREFUSED') return '服务器拒绝连接';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return '连接被中断';
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return `网站的安全证书有问题：${code}`;
  if (/redirect/i.test(message)) return '跳转次数过多';
  return `无法连接：${code || message}`;
}

/**
 * Looks each target up in a built site folder: the file its URL names (see
 * `siteTarget`) must be a regular file inside `siteDir`, also after symbolic
 * links are followed, and hold an element with the URL's fragment as its id.
 * A URL outside `base` cannot be checked here (`outside-site`).
 */
export function checkLinksOffline(targets: readonly LinkTarget[], siteDir: string, base: string): LinkResult[] {
  let root: string;
  try {
    root = fs.realpathSync(siteDir);
  } catch {
    root = path.resolve(siteDir);
  }
  const pages = new Map<string, Page>();
  return targets.map((target): LinkResult => {
    const fail = (reason: LinkFailure, problem: string): LinkResult => ({ target, ok: false, reason, problem });
    const where = siteTarget(serialize(target.url), serialize(base));
    if ('problem' in where) return fail('outside-site', `网址不在网站文件夹之中（${where.problem}），未检查：${target.url}`);
    let page = pages.get(where.file);
    if (page === undefined) {
      page = openPage(root, where.file);
      pages.set(where.file, page);
    }
    if ('reason' in page) return fail(page.reason, page.problem);
    if (where.anchor !== undefined) {
      try {
        page.ids ??= elementIds(fs.readFileSync(page.real, 'utf8'));
      } catch (err) {
        return fail('no-page', `无法读取网站文件夹中的页面 ${where.file}（${(err as NodeJS.ErrnoException).code ?? String(err)}）`);
      }
      if (!page.ids.has(escapeAttribute(where.anchor))) return fail('no-anchor', `页面中没有事项的位置 #${where.anchor}（${where.file}）`);
    }
    return { target, ok: true };
  });
}

/**
 * The URL as the WHATWG parser writes it, dot segments resolved: a URL
 * `…/gbds/../x.html` starts with the base as written, but a browser opens
 * `…/x.html`, outside it. Both sides serialized alike, so a base written with
 * Chinese characters still matches its percent-encoded form.
 */
function serialize(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

type Page = { real: string; ids?: Set<string> } | { reason: LinkFailure; problem: string };

function openPage(root: string, file: string): Page {
  const inside = (p: string) => {
    const rel = path.relative(root, p);
    return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
  };
  const full = path.join(root, ...file.split('/'));
  if (!inside(full)) return { reason: 'outside-folder', problem: `页面 ${file} 在网站文件夹之外` };
  let real: string;
  try {
    real = fs.realpathSync(full);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { reason: 'no-page', problem: `网站文件夹中没有这个页面：${file}` };
    return { reason: 'no-page', problem: `无法读取网站文件夹中的页面 ${file}（${code ?? String(err)}）` };
  }
  // A symbolic link may point anywhere; what a host uploads is the folder's own files.
  if (!inside(real)) return { reason: 'outside-folder', problem: `页面 ${file} 是指向网站文件夹之外的链接` };
  if (!fs.statSync(real).isFile()) return { reason: 'not-a-file', problem: `网站文件夹中的 ${file} 不是文件` };
  return { real };
}

/** The ids of a page we generated: double-quoted attributes, values HTML-escaped. */
function elementIds(html: string): Set<string> {
  return new Set([...html.matchAll(/\s[iI][dD]\s*=\s*"([^"]*)"/g)].map((m) => m[1]!));
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const hints: Record<LinkFailure, string> = {
  refused: '二维码和网址只能使用 http 或 https；改正这个网址。',
  status: '读者扫码会看到错误页：请网站管理员在这个地址放好页面，或改正网址（事项的 url 或手册文件的 itemUrl）。',
  timeout: '网站可能暂时无法访问：检查网址和网络，稍后再运行 handbook check --links。',
  network: '检查网址是否写错、网络是否正常；网站可能暂时无法访问，稍后再试。',
  'no-page': '用本手册重新生成网站版，并确认给出的文件夹就是网站地址对应的那一层。',
  'no-anchor': '网站版的页面与手册不一致：用本手册重新生成网站版。',
  'not-a-file': '网站文件夹中这个位置应是页面文件；用本手册重新生成网站版。',
  'outside-folder': '上传网站时只会带上文件夹里的文件；把页面放进网站文件夹，不要用指向外面的链接。',
  'outside-site': '网站文件夹里只有网站地址之下的页面；不带文件夹运行 handbook check --links 可在线检查这个网址。',
};

/** One diagnostic per failed link, at the place the URL was written: an error, except a URL an offline check cannot reach (a warning). */
export function linkDiagnostics(results: readonly LinkResult[]): Diagnostic[] {
  return results
    .filter((r) => !r.ok)
    .map((r) => {
      const reason = r.reason ?? 'network';
      const warning = reason === 'outside-site';
      return diagnostic(warning ? 'warning' : 'error', warning ? 'link/not-in-site' : 'link/broken', r.problem ?? `网址打不开：${r.target.url}`, r.target.at, {
        ...(r.target.itemId !== undefined && { itemId: r.target.itemId }),
        field: r.target.field,
        hint: hints[reason],
      });
    });
}

/** Distinct URLs checked, how many failed, and how many an offline check could not reach. */
export function countLinks(results: readonly LinkResult[]): { total: number; broken: number; unchecked: number } {
  const distinct = (rs: readonly LinkResult[]) => new Set(rs.map((r) => r.target.url)).size;
  return {
    total: distinct(results),
    broken: distinct(results.filter((r) => !r.ok && r.reason !== 'outside-site')),
    unchecked: distinct(results.filter((r) => r.reason === 'outside-site')),
  };
}

export interface HandbookLinkOptions extends OnlineOptions {
  /** A built site folder: check item URLs against it instead of over the network. */
  siteDir?: string;
}

/**
 * The whole of `check --links` for a resolved handbook. Offline needs the
 * site's base (a `site:` section or an itemUrl) to map URLs to files, and
 * checks item URLs only: contacts' websites are not part of the site.
 */
export async function checkHandbookLinks(handbook: Handbook, options: HandbookLinkOptions = {}): Promise<{ results: LinkResult[]; diagnostics: Diagnostic[] }> {
  const { siteDir, ...online } = options;
  if (siteDir === undefined) {
    const results = await checkLinksOnline(linkTargets(handbook), online);
    return { results, diagnostics: linkDiagnostics(results) };
  }
  if (handbook.site === undefined) {
    const at = { file: handbook.files.handbook, line: 1, column: 1 };
    return {
      results: [],
      diagnostics: [
        diagnostic('error', 'link/no-site', '手册文件没有设置网站地址，无法对照网站文件夹检查网址', at, {
          field: 'site',
          hint: '在手册文件中加上 site:（如 site: { base: https://…/gbds/ }）或 itemUrl，网址才能对应到文件夹中的页面；或不带文件夹运行 handbook check --links 在线检查。',
        }),
      ],
    };
  }
  if (!isDirectory(siteDir)) {
    return {
      results: [],
      diagnostics: [
        diagnostic('error', 'link/no-site-folder', `网站文件夹不存在：${siteDir}`, undefined, {
          hint: '--links 后面只能写网站文件夹；手册文件写在 --links 前面，如 handbook check handbook.yaml --links 网站文件夹。',
        }),
      ],
    };
  }
  const results = checkLinksOffline(
    linkTargets(handbook).filter((t) => t.itemId !== undefined),
    siteDir,
    handbook.site.base,
  );
  return { results, diagnostics: linkDiagnostics(results) };
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
