import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkHandbook } from '../../src/index.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { expectPageNumbersMatchFolios } from '../helpers/folios.js';
import { compactPageTexts, decodeAllQrCodes, openPdf, pageBox, pageLines } from '../helpers/pdf.js';

/*
 * The same directory in other forms: large print (适老化), posters for notice
 * boards, and a traditional-character edition — each checked on its PDF.
 */

const demo = path.join(repoRoot, 'data/示例县/handbook.yaml');
const items = checkHandbook(demo).handbook!.categories.flatMap((c) => c.items);
// opencc-js itself, not the code under test: simplified (mainland) → traditional (Taiwan standard).
const toTraditional = (createRequire(import.meta.url)('opencc-js/cn2t') as { Converter(o: { from: string; to: string }): (s: string) => string }).Converter({
  from: 'cn',
  to: 'tw',
});
const mmOf = (pt: number) => (pt * 25.4) / 72;
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-templates-'));
});

const built = new Map<string, string>();

/** The demo built with `args` (once per set of arguments: several tests look at the same PDF). */
function buildFile(name: string, ...args: string[]): string {
  const key = args.join(' ');
  const done = built.get(key);
  if (done) return done;
  const out = path.join(dir, `${name}.pdf`);
  const r = runCli(['build', demo, '-o', out, ...args]);
  expect(r.status, r.stderr).toBe(0);
  built.set(key, out);
  return out;
}

function build(name: string, ...args: string[]) {
  return openPdf(fs.readFileSync(buildFile(name, ...args)));
}

function sizes(doc: ReturnType<typeof openPdf>) {
  const all: { font: string; size: number }[] = [];
  for (let i = 0; i < doc.countPages(); i++) for (const l of pageLines(doc, i)) l.sizes.forEach((size, k) => all.push({ font: l.fonts[k]!, size }));
  return all;
}

describe('large print', () => {
  it.each([
    ['A5', 148, 210, 14],
    ['A4', 210, 297, 16],
  ])('on %s (%i × %i mm): body text at least %i pt, nothing under 12 pt', async (paper, w, h, body) => {
    const doc = build(`large-${paper}`, '--template', 'large-print', '--paper', paper);
    const box = pageBox(doc, 2, 'TrimBox');
    expect(mmOf(box[2]! - box[0]!)).toBeCloseTo(w, 0);
    expect(mmOf(box[3]! - box[1]!)).toBeCloseTo(h, 0);
    const runs = sizes(doc);
    const bodyRuns = runs.filter((r) => r.font.includes('NotoSerifSC'));
    expect(bodyRuns.length).toBeGreaterThan(1000);
    expect(Math.min(...bodyRuns.map((r) => r.size))).toBeGreaterThanOrEqual(body);
    expect(Math.min(...runs.map((r) => r.size))).toBeGreaterThanOrEqual(12);
    const codes = await decodeAllQrCodes(doc, 100);
    expect(codes).toHaveLength(items.length);
    // The back cover is one page, the last: its larger text once ran over, padding blanks between its halves.
    const pages = compactPageTexts(doc);
    expect(pages.at(-1)).toMatch(/^示例县文化体育和旅游局地址示例县城关镇人民路88号电话.*印制.*本手册内容如有调整，以网上公开信息为准。$/);
  });

  it('on A4: the TOC, the bookmarks and the appendix give the page numbers printed on the pages', () => {
    expectPageNumbersMatchFolios(build('large-A4', '--template', 'large-print', '--paper', 'A4'), items);
  });

  it('keeps the item values readable beside the QR code and prints each address under the card', () => {
    const doc = build('large-lines', '--template', 'large-print', '--paper', 'A5');
    const lines: string[] = [];
    for (let i = 0; i < doc.countPages(); i++) lines.push(...pageLines(doc, i).map((l) => l.text.replace(/\s+/g, '')));
    // A large-print address under the QR code was wider than the code and squeezed the values
    // into lines of a few characters: the first item's 40-character 公开内容 took 7 lines.
    const start = lines.findIndex((l) => l.startsWith('公开内容有关广播电视'));
    const end = lines.findIndex((l, i) => i > start && l.startsWith('公开依据'));
    expect(start).toBeGreaterThan(-1);
    expect(end - start).toBeLessThanOrEqual(5);
    const addresses = lines.filter((l) => l.startsWith('扫码或访问：')).map((l) => l.slice('扫码或访问：'.length));
    expect(addresses).toEqual(items.map((item) => item.url!.replace(/^https:\/\//, '')));
  });

  it('draws QR codes of at least 30 mm including the quiet zone', async () => {
    const out = buildFile('large-qr', '--template', 'large-print', '--paper', 'A5');
    // The QR canvas is the white quiet-zone rectangle drawn before the dark path: "x y w h re" in the page content.
    const { inflatedStreams } = await import('../helpers/pdf.js');
    const rects = inflatedStreams(fs.readFileSync(out))
      .join('\n')
      .matchAll(/([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re\s+\/DeviceCMYK cs\s+0 0 0 0 scn/g);
    const widths = [...rects].map((m) => mmOf(Number(m[3])));
    expect(widths.length).toBe(items.length);
    for (const wmm of widths) expect(wmm).toBeGreaterThanOrEqual(30);
  });
});

describe('posters', () => {
  it('one A4 poster per item, each with one QR code (ECC Q) decoding to its URL', async () => {
    // No --pages-multiple: the poster theme's `binding: sheets` keeps the count at one page per item.
    const doc = build('poster', '--template', 'poster');
    expect(items.length % 4).not.toBe(0); // else padding to 4 could not show
    expect(doc.countPages()).toBe(items.length);
    for (let i = 0; i < doc.countPages(); i++) {
      const box = pageBox(doc, i, 'TrimBox');
      expect(mmOf(box[2]! - box[0]!)).toBeCloseTo(210, 0);
      expect(mmOf(box[3]! - box[1]!)).toBeCloseTo(297, 0);
    }
    const codes = await decodeAllQrCodes(doc, 100);
    expect(codes.map((c) => [c.page, c.data])).toEqual(items.map((it, k) => [k + 1, it.url]));
    for (const c of codes) expect(c.ecLevel).toBe('Q');
    const texts = compactPageTexts(doc);
    items.forEach((it, k) => expect(texts[k]).toContain(it.name.replace(/\s+/g, '')));
  });

  it('--items picks the posters to print', async () => {
    const doc = build('poster-items', '--template', 'poster', '--items', 'xzxk-01,ggfw-02');
    expect(doc.countPages()).toBe(2);
    expect((await decodeAllQrCodes(doc, 100)).map((c) => c.data)).toEqual([
      'https://zwgk.county.example/gbds/xzxk-01.html',
      'https://zwgk.county.example/gbds/ggfw-02.html',
    ]);
  });

  // Issue #19: posters are single sheets, not a saddle-stitched booklet (theme `binding: sheets`).
  it('a 2-item poster is 2 pages, both printed, with no saddle-stitch blanks', () => {
    const out = path.join(dir, 'poster-two.pdf');
    const r = runCli(['build', demo, '-o', out, '--template', 'poster', '--items', 'xzxk-01,xzxk-02']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/（2 页，\d+ KB/);
    const texts = compactPageTexts(openPdf(fs.readFileSync(out)));
    expect(texts).toHaveLength(2);
    ['xzxk-01', 'xzxk-02'].forEach((id, k) => expect(texts[k]).toContain(items.find((it) => it.id === id)!.name.replace(/\s+/g, '')));
  });

  it('--pages-multiple 4 on the command line still pads a poster', () => {
    const texts = compactPageTexts(build('poster-pad', '--template', 'poster', '--items', 'xzxk-01,xzxk-02', '--pages-multiple', '4'));
    expect(texts).toHaveLength(4);
    expect(texts.slice(0, 2).every((t) => t !== '')).toBe(true);
    expect(texts.slice(2)).toEqual(['', '']);
  });

  it('the handbook template is still padded to a multiple of 4 with the same items', () => {
    const texts = compactPageTexts(build('handbook-two', '--items', 'xzxk-01,xzxk-02'));
    expect(texts.length % 4).toBe(0);
    expect(texts).toContain('');
  });

  it.each(['poster', 'poster-category'])('--impose booklet with %s is refused at the theme\'s binding, writing nothing', (template) => {
    const out = path.join(dir, `refused-${template}.pdf`);
    const r = runCli(['build', demo, '-o', out, '--template', template, '--impose', 'booklet']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`templates/${template}/theme\\.yaml:\\d+:\\d+ 错误 模板「${template}」用于单张印刷（binding: sheets），不能拼成骑马钉小册子 \\[template/not-imposable\\]`));
    expect(r.stderr).toContain('去掉 --impose booklet');
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.existsSync(out.replace(/\.pdf$/, '-拼版.pdf'))).toBe(false);
  });

  it('an unknown id in --items is refused', () => {
    const r = runCli(['build', demo, '-o', path.join(dir, 'x.pdf'), '--template', 'poster', '--items', 'xzxk-99']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--items 中的事项编号「xzxk-99」在目录中不存在 [handbook/unknown-item]');
  });

  it('per category: a table of the items with one QR code each', async () => {
    const doc = build('poster-category', '--template', 'poster-category');
    const codes = await decodeAllQrCodes(doc, 150);
    expect(codes.map((c) => c.data).sort()).toEqual(items.map((it) => it.url!).sort());
    expect(compactPageTexts(doc)[0]).toContain('政策法规文件');
  });
});

describe('traditional-character edition', () => {
  it('converts data and template text, keeps QR URLs, uses Noto Sans TC', async () => {
    const out = buildFile('hant', '--script', 'hant');
    const bytes = fs.readFileSync(out);
    const doc = openPdf(bytes);
    const text = compactPageTexts(doc).join('');
    const known: [string, string][] = [
      ['广播电视', '廣播電視'],
      ['示例县', '示例縣'],
      ['便民服务手册', '便民服務手冊'],
      ['公开依据', '公開依據'],
      ['使用说明', '使用說明'],
      ['审批', '審批'],
      ['行政处罚', '行政處罰'],
      ['文化体育和旅游局', '文化體育和旅遊局'],
      ['监督与投诉', '監督與投訴'],
      ['条例', '條例'],
    ];
    for (const [hans, hant] of known) {
      expect(text, hant).toContain(hant);
      expect(text, hans).not.toContain(hans);
    }
    const codes = await decodeAllQrCodes(doc, 150);
    expect(codes.map((c) => c.data)).toEqual(items.map((it) => it.url));
    expect(bytes.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansTC-/);
  });

  it('leaves no simplified-only character anywhere: page text, bookmarks, document title', () => {
    const doc = build('hant', '--script', 'hant');
    const outline: string[] = [];
    const walk = (nodes: ReturnType<typeof doc.loadOutline>) => {
      for (const node of nodes ?? []) {
        outline.push(node.title ?? '');
        walk(node.down ?? null);
      }
    };
    walk(doc.loadOutline());
    expect(outline.length).toBeGreaterThan(items.length);
    const title = doc.getMetaData('info:Title') ?? '';
    expect(title).not.toBe('');
    // Web addresses are printed as they are; everything else must be traditional.
    const noUrls = (s: string) => s.replace(/(https?:\/\/)?[\w-]+(\.[\w-]+)+(\/[\w./?=&%#-]*)?/g, ' ');
    const texts: [string, string][] = [
      ...compactPageTexts(doc).map((t, i): [string, string] => [`p.${i + 1}`, t]),
      ...outline.map((t): [string, string] => ['bookmark', t]),
      ['info:Title', title],
    ];
    const found: string[] = [];
    for (const [where, raw] of texts) {
      const text = noUrls(raw);
      const converted = toTraditional(text);
      for (const [k, c] of [...text].entries()) {
        // A character the converter changes on its own has a different traditional form (目录 → 目錄);
        // one that it keeps in its context is traditional there too (批准, not 批準).
        if (toTraditional(c) === c) continue;
        if ([...converted].length === [...text].length ? [...converted][k] === c : converted.includes(text.slice(Math.max(0, k - 3), k + 4))) continue;
        found.push(`${where} ${c}→${toTraditional(c)}: …${[...text].slice(Math.max(0, k - 6), k + 6).join('')}…`);
      }
    }
    expect(found).toEqual([]);
  });
});
