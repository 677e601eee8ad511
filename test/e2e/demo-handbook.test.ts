import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkHandbook } from '../../src/index.js';
import type { Handbook, Item } from '../../src/index.js';
import { repoRoot, runCli, spawnCli } from '../helpers/cli.js';
import { expectPageNumbersMatchFolios } from '../helpers/folios.js';
import { compactPageTexts, decodeAllQrCodes, expectStandardQuietZones, inflatedStreams, measureQrQuietZones, openPdf, pageLines } from '../helpers/pdf.js';

/*
 * The product test: build the demo handbook through the real CLI, then open
 * the PDF it wrote and check what a reader, a print shop and a phone see.
 */

const demo = path.join(repoRoot, 'data/示例县/handbook.yaml');
let dir: string;
let pdfPath: string;
let bytes: Uint8Array;
let handbook: Handbook;
let items: Item[];
let doc: ReturnType<typeof openPdf>;
let pages: string[];
let build: ReturnType<typeof runCli>;

const pad = (n: number) => String(n).padStart(2, '0');
const closing = /^[，。、；：？！）」』》〉】,.;:!?)]/;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-demo-'));
  pdfPath = path.join(dir, 'demo.pdf');
  // The demo as a user builds it: a process of its own, through the launcher, bundle and code cache.
  build = spawnCli(['build', demo, '-o', pdfPath]);
  bytes = new Uint8Array(fs.readFileSync(pdfPath));
  const checked = checkHandbook(demo);
  handbook = checked.handbook!;
  items = handbook.categories.flatMap((c) => c.items);
  doc = openPdf(bytes);
  pages = compactPageTexts(doc);
});

/** Index (1-based) of the first page after the table of contents holding an item's heading. */
function headingPage(item: Item): number {
  const firstBody = pages.findIndex((t, i) => i > 2 && t.includes(`一、${handbook.categories[0]!.name}`) && !t.startsWith('目录'));
  const key = `${pad(item.seq)}${item.name}`.replace(/\s+/g, '');
  const at = pages.findIndex((t, i) => i >= firstBody && t.includes(key));
  return at + 1;
}

describe('demo handbook build', () => {
  it('reports the output path, page count and time', () => {
    expect(build.status, build.stderr).toBe(0);
    expect(build.stdout).toMatch(/已生成：.*demo\.pdf（\d+ 页(，含 \d+ 页补足骑马钉的空白页)?，\d+ KB，用时 [\d.]+ 秒）/);
    expect(doc.countPages()).toBeGreaterThan(items.length / 2);
  });

  it('prints every item name, in catalogue order', () => {
    expect(items).toHaveLength(39);
    const body = pages.join('');
    // The TOC comes first and lists everything; search the category pages after it.
    let from = pages.slice(0, headingPage(items[0]!) - 1).join('').length;
    for (const item of items) {
      const at = body.indexOf(`${pad(item.seq)}${item.name}`.replace(/\s+/g, ''), from);
      expect(at, `${item.id} ${item.name}`).toBeGreaterThan(from - 1);
      from = at;
    }
  });

  it('gives each TOC entry the page where that item starts', () => {
    // In the TOC an entry is its text lines, then its page number on a line of its own.
    const entries: [string, number][] = [];
    for (let i = 0; i + 1 < headingPage(items[0]!); i++) {
      if (!pages[i]!.includes('目录')) continue;
      let text = '';
      for (const line of pageLines(doc, i)) {
        const t = line.text.replace(/\s+/g, '');
        if (/^\d+$/.test(t)) {
          entries.push([text, Number(t)]);
          text = '';
        } else text += t;
      }
    }
    const pageOf = (key: string) => entries.find(([text]) => text.endsWith(key))?.[1];
    for (const item of items) {
      const key = `${pad(item.seq)}${item.name}`.replace(/\s+/g, '');
      expect(pageOf(key), `TOC entry for ${item.id}`).toBe(headingPage(item));
    }
    for (const [i, cat] of handbook.categories.entries()) {
      expect(pageOf(`${'一二三四五六七八九'[i]}、${cat.name}`), cat.name).toBe(headingPage(cat.items[0]!));
    }
  });

  it('has bookmarks that mirror the TOC', () => {
    const outline = doc.loadOutline() ?? [];
    const byTitle = new Map(outline.map((o) => [o.title, o]));
    handbook.categories.forEach((cat, i) => {
      const entry = [...byTitle.values()].find((o) => o.title?.endsWith(`、${cat.name}`));
      expect(entry, cat.name).toBeDefined();
      const children = entry!.down ?? [];
      expect(children.map((c) => c.title)).toEqual(cat.items.map((it) => `${pad(it.seq)}　${it.name}`));
      for (const [k, child] of children.entries()) expect(child.page! + 1).toBe(headingPage(cat.items[k]!));
      // Categories in catalogue order, each opening at its first page (its first item's).
      expect(entry!.title).toBe(`${'一二三四五六七八九'[i]}、${cat.name}`);
      expect(outline.indexOf(entry!)).toBe(outline.findIndex((o) => o.title?.endsWith(`、${handbook.categories[0]!.name}`)) + i);
      expect(entry!.page! + 1).toBe(headingPage(cat.items[0]!));
    });
    expect(byTitle.has('使用说明')).toBe(true);
    expect(byTitle.has('附录')).toBe(true);
  });

  it('prints on each page the number that the TOC, the bookmarks and the appendix give for it', () => {
    expectPageNumbersMatchFolios(doc, items);
  });

  it('embeds every font as a subset, with no standard-14 fallback', () => {
    const raw = Buffer.from(bytes).toString('latin1');
    const baseFonts = [...raw.matchAll(/\/BaseFont \/([^\s/>]+)/g)].map((m) => m[1]!);
    expect(baseFonts.length).toBeGreaterThan(0);
    for (const name of baseFonts) expect(name).toMatch(/^[A-Z]{6}\+Noto(Sans|Serif)SC-/);
    const descriptors = raw.match(/\/Type \/FontDescriptor/g)?.length ?? 0;
    expect(raw.match(/\/FontFile2 /g)?.length ?? 0).toBe(descriptors);
  });

  it('sets title, author, subject, keywords, language and dates from the edition', () => {
    expect(doc.getMetaData('info:Title')).toBe('示例县广播电视便民服务手册');
    expect(doc.getMetaData('info:Author')).toBe('示例县文化体育和旅游局');
    expect(doc.getMetaData('info:Subject')).toContain('第1版');
    expect(doc.getMetaData('info:Keywords')).toContain('政务公开');
    expect(Buffer.from(bytes).toString('latin1')).toContain('/Lang (zh-CN)');
    // Edition date 2026-11-01 at midnight China time.
    expect(doc.getMetaData('info:CreationDate')).toMatch(/^D:20261031160000Z/);
    expect(doc.getMetaData('info:ModDate')).toMatch(/^D:20261031160000Z/);
  });

  it('gives byte-identical output for the same input', () => {
    // Built again in the suite's long-lived CLI server (test/helpers/cli-server.mjs), not in a fresh
    // process: what one process keeps between builds (watch and batch modes do the same) changes no byte.
    const again = path.join(dir, 'again.pdf');
    const r = runCli(['build', demo, '-o', again]);
    expect(r.status, r.stderr).toBe(0);
    expect(Buffer.compare(fs.readFileSync(again), Buffer.from(bytes))).toBe(0);
  });

  it('prints one QR code per item that decodes to the item URL, on the item page', async () => {
    const found = await decodeAllQrCodes(doc, 150);
    for (const f of found) expect(f.ecLevel).toBe('M');
    expect(found).toHaveLength(items.length);
    const byUrl = new Map(found.map((f) => [f.data, f.page]));
    for (const item of items) {
      expect(item.url).toMatch(/^https:\/\/zwgk\.county\.example\/gbds\//);
      expect(byUrl.get(item.url!), item.id).toBe(headingPage(item));
    }
  });

  it('leaves at least 4 modules of white around every QR code, with nothing drawn there (measured on the rendered pages)', () => {
    const zones = measureQrQuietZones(doc);
    expect(zones).toHaveLength(items.length);
    expectStandardQuietZones(zones);
  });

  it('draws text and QR codes in 100% K, with no RGB colour operators', () => {
    const content = inflatedStreams(bytes).filter((s) => /\bBT\b|\bre\b|\bf\b/.test(s));
    expect(content.length).toBeGreaterThan(0);
    const all = content.join('\n');
    expect(all).not.toMatch(/(^|\s)[\d.]+ [\d.]+ [\d.]+ (rg|RG)(\s|$)/m);
    expect(all).not.toMatch(/\/DeviceRGB (cs|CS)/);
    // pdfkit selects the colour space, then the colour: 100% K is "0 0 0 1 scn".
    expect(all).toMatch(/\/DeviceCMYK cs\s+0 0 0 1 scn/);
    // No painting operator without a path: a colour set for text is not followed by `f`.
    expect(all).not.toMatch(/scn\s+f\s+q\s/);
  });

  it('keeps each item card on one page', () => {
    for (const item of items) {
      const p = headingPage(item);
      const text = pages[p - 1]!;
      const start = text.indexOf(`${pad(item.seq)}${item.name}`.replace(/\s+/g, ''));
      const next = items.find((i) => i.seq === item.seq + 1);
      const end = next ? text.indexOf(`${pad(next.seq)}${next.name}`.replace(/\s+/g, ''), start + 1) : -1;
      const card = text.slice(start, end === -1 ? undefined : end);
      expect(card, item.id).toContain('公开层级');
    }
  });

  it('styles inline markup as the template asks: item numbers in the accent colour, channel names bold, notes in the heading face', () => {
    const lines = Array.from({ length: doc.countPages() }, (_, i) => pageLines(doc, i)).flat();
    const headings = lines.filter((l) => /^\d\d\u3000/.test(l.text));
    expect(headings.length).toBeGreaterThanOrEqual(items.length);
    for (const h of headings) {
      // <span class="seq">: accent red, the name after it is not.
      const [r, g] = h.colors[0]!;
      expect(r! - g!, h.text).toBeGreaterThan(0.4);
      expect(h.colors[3], h.text).not.toEqual(h.colors[0]);
    }
    // <b> in the appendix's channel table.
    const channel = lines.find((l) => l.text.startsWith('政府网站') && l.fonts.slice(0, 4).every((f) => /SerifSC-Bold/.test(f)));
    expect(channel, 'a bold 政府网站 row').toBeDefined();
    // <span class="note"> in each category's lead: the heading (sans) face, not the body serif.
    const notes = lines.filter((l) => l.text.startsWith('本类共'));
    expect(notes.length).toBe(handbook.categories.length);
    for (const n of notes) expect(n.fonts.every((f) => /SansSC/.test(f)), n.text).toBe(true);
  });

  it('sets body text at 10.5 pt or more and never starts a line with closing punctuation', () => {
    for (let i = 0; i < doc.countPages(); i++) {
      for (const line of pageLines(doc, i)) {
        line.fonts.forEach((font, k) => {
          if (font.includes('NotoSerifSC')) expect(line.sizes[k], `p.${i + 1} ${line.text}`).toBeGreaterThanOrEqual(10.5);
        });
        expect(line.text.trimStart(), `p.${i + 1}`).not.toMatch(closing);
      }
    }
  });

  it('leaves the previous PDF untouched when a build fails', () => {
    const target = path.join(dir, 'keep.pdf');
    fs.writeFileSync(target, 'previous good handbook');
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, 'catalogue: nowhere.yaml\nlocality: { name: 示例县, agency: 示例县文旅局 }\n');
    const r = runCli(['build', bad, '-o', target]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('[file/not-found]');
    expect(fs.readFileSync(target, 'utf8')).toBe('previous good handbook');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
