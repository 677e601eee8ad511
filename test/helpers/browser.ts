// Real-browser test harness: Debian's Chromium driven by playwright-core, axe-core for accessibility.
// Nothing is downloaded: the browser is the system one (`apt-get install chromium`), and every page is
// opened offline — anything that is not file: or data: is recorded and then aborted.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type LaunchOptions, type Page } from 'playwright-core';

const require = createRequire(import.meta.url);

export type { Browser, BrowserContext, Page };

/** Flags for running as root, headless, with no network traffic of the browser's own. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // CI containers often have a 64 MB /dev/shm; Chromium crashes when it fills up.
  '--disable-dev-shm-usage',
];

/** The Chromium executable the harness uses: $CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/**
 * Starts headless Chromium (a fresh, empty profile each time). Throws — never skips — when the executable
 * is missing, saying how to install it.
 */
export async function launchBrowser(): Promise<Browser> {
  return launch({});
}

async function launch(options: Pick<LaunchOptions, 'handleSIGTERM'>): Promise<Browser> {
  const executablePath = chromiumPath();
  try {
    fs.accessSync(executablePath, fs.constants.X_OK);
  } catch {
    throw new Error(
      `Chromium not found (or not executable) at ${executablePath}. The browser tests need it: ` +
        `install it with \`apt-get install chromium\` (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium executable.`,
    );
  }
  return chromium.launch({ ...options, executablePath, args: [...CHROMIUM_ARGS], headless: true, timeout: 60_000 });
}

/** The worker's shared browser, kept on globalThis: vi.resetModules() must not make a second one. */
const SHARED = Symbol.for('handbook.test.sharedBrowser');

interface Shared {
  browser?: Browser;
  launching?: Promise<Browser>;
  closesOnSigterm?: boolean;
}

/**
 * The test worker's Chromium, launched on first use (as launchBrowser does) and shared by every test
 * file the worker runs: vitest runs them one after another in one process (`isolate: false`), and a
 * launch costs about 1.3 CPU-s. Isolate a test with a context of its own (browser.newContext,
 * openContext) and close that; never close this browser. It lives as long as the worker: vitest ends
 * a worker with SIGTERM, and SIGKILL 500 ms later; the browser is closed then (about 0.3 s), and
 * whatever is left when the process exits, Playwright kills (the browser's whole process group) and
 * deletes (its profile).
 */
export async function sharedBrowser(): Promise<Browser> {
  const shared = ((globalThis as { [SHARED]?: Shared })[SHARED] ??= {});
  if (shared.browser?.isConnected()) return shared.browser;
  // Playwright's own SIGTERM handler would close the browser and leave the process running.
  shared.launching ??= launch({ handleSIGTERM: false }).finally(() => {
    shared.launching = undefined;
  });
  shared.browser = await shared.launching;
  if (!shared.closesOnSigterm) {
    shared.closesOnSigterm = true;
    process.once('SIGTERM', () => {
      const closed = shared.browser?.close().catch(() => {});
      const late = new Promise((resolve) => setTimeout(resolve, 350));
      void Promise.race([closed, late]).then(() => process.exit(143));
    });
  }
  return shared.browser;
}

export interface Viewport {
  width: number;
  height: number;
}

/** Whether a request stays on the machine: a file: or data: URL. */
export function isLocal(url: string): boolean {
  return url.startsWith('file:') || url.startsWith('data:');
}

/**
 * An offline context with this viewport (deviceScaleFactor 1, locale zh-CN). Requests other than file: and
 * data: are recorded in `requests` and aborted; WebSockets are recorded and closed. `requests` gathers the
 * requests of every page the context opens, in order, blocked or not: a test that shares the context reads
 * those after its own mark. Open one page and load each page to check into it (visit): every new page is a
 * new renderer process (about 1 CPU-s, and axe-core compiled again), a load into the same one costs about
 * 0.2 CPU-s. Close the context when done.
 */
export async function openContext(
  browser: Browser,
  viewport: Viewport,
): Promise<{ context: BrowserContext; requests: string[] }> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'zh-CN' });
  const requests: string[] = [];
  context.on('request', (request) => {
    if (request.url() !== axeUrl) requests.push(request.url());
  });
  await context.route('**/*', (route) => (isLocal(route.request().url()) ? route.continue() : route.abort('blockedbyclient')));
  await context.routeWebSocket(/.*/, (ws) => {
    requests.push(ws.url());
    void ws.close({ code: 1008, reason: 'offline test' });
  });
  return { context, requests };
}

/** Loads `url` into `page` at this viewport and waits for `load`. */
export async function visit(page: Page, url: string, viewport: Viewport): Promise<void> {
  await page.setViewportSize(viewport);
  await page.goto(url, { waitUntil: 'load' });
}

/** One axe violation, trimmed to what a failing `expect(violations).toEqual([])` needs to show. */
export interface AxeResult {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary: string }[];
}

export interface RunAxeOptions {
  /** axe tags to run (default: WCAG 2.0/2.1 A and AA, plus best-practice). */
  tags?: string[];
  /** Rule ids to turn off, e.g. when a test checks something else on a deliberately odd page. */
  disableRules?: string[];
  /** CSS selector of the part of the document to check (default: the whole document). */
  include?: string;
}

export const AXE_TAGS: readonly string[] = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

let axeSource: string | undefined;
const axePath = require.resolve('axe-core/axe.min.js');
/** axe-core as a file: the harness's own script, not counted among the page's requests. */
const axeUrl = pathToFileURL(axePath).href;

function readAxeSource(): string {
  axeSource ??= fs.readFileSync(axePath, 'utf8');
  return axeSource;
}

/** Runs axe-core in the page and returns its violations (empty when the page passes). */
export async function runAxe(page: Page, options: RunAxeOptions = {}): Promise<AxeResult[]> {
  const source = readAxeSource();
  // Every frame needs its own copy of axe, or axe waits on frames that never answer.
  for (const frame of page.frames()) {
    const has = await frame.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
    if (has) continue;
    // A page read from disk loads axe from disk too: Chromium then compiles it once and reuses the
    // code on the next page (about 0.5 s less per page than sending the 550 KB source each time).
    // A Content-Security-Policy may refuse it.
    if (frame.url().startsWith('file:')) await frame.addScriptTag({ url: axeUrl }).catch(() => {});
    // Other pages, and those whose policy refused the file, are sent the source: evaluating through
    // the protocol is not subject to the policy.
    const injected = await frame.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
    if (!injected) await frame.evaluate(source);
  }
  const runOptions = {
    runOnly: { type: 'tag', values: options.tags ?? [...AXE_TAGS] },
    rules: Object.fromEntries((options.disableRules ?? []).map((id) => [id, { enabled: false }])),
    resultTypes: ['violations'],
  };
  return page.evaluate(
    async ({ include, runOptions }) => {
      type Violation = {
        id: string;
        impact?: string | null;
        help: string;
        nodes: { target: unknown[]; failureSummary?: string }[];
      };
      const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Violation[] }> } }).axe;
      const result = await axe.run(include ?? document, runOptions);
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        nodes: v.nodes.map((n) => ({
          target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))),
          failureSummary: n.failureSummary ?? '',
        })),
      }));
    },
    { include: options.include, runOptions },
  );
}

/** How far the page scrolls sideways, in CSS pixels: ≤ 0 means it fits the viewport's width. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Saves a full-page PNG, for looking at a page by hand. */
export async function screenshot(page: Page, file: string): Promise<void> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
}
