import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkHandbook } from '../../src/index.js';
import type { Item } from '../../src/index.js';
import { runCli } from '../helpers/cli.js';
import { openPdf, pageBox, pageLines } from '../helpers/pdf.js';

/*
 * Issue #17, problem 2: one 公开内容 entry of 1,500 characters (or six of 100)
 * took the whole row off the printed card, with `build` exiting 0; so did a
 * long 公开依据 or 备注. A handbook missing a row is a compliance failure
 * nobody notices. Every field of every item must be in the PDF, whole and in
 * order; a card taller than a page goes on over the next pages, each
 * starting with the item's name and 「（续）」.
 */

/** Varied Chinese text of `n` characters, different for each `seed`, with punctuation as real text has. */
function prose(n: number, seed: string): string {
  const pool = '政府信息公开条例规定行政机关应当主动公开本机关的机构职能设置办公地址时间联系方式负责人姓名等信息并及时更新广播电视台站许可审批结果';
  let out = seed;
  for (let i = 0; out.length < n; i++) {
    out += pool[(i * 7 + seed.length * 13) % pool.length]!;
    if (i % 23 === 22) out += '，';
    if (i % 61 === 60) out += '。';
  }
  return out.slice(0, n);
}

const base = {
  content: ['主体信息', '审批结果'],
  basis: ['《广播电视管理条例》'],
  timeLimit: '信息形成（变更）20个工作日内',
  subject: '县级广播电视行政部门',
  channels: ['政府网站'],
  audience: ['全社会'],
  method: ['主动'],
  levels: ['县级'],
};
const items = [
  { id: 'a-01', name: '普通事项甲', ...base },
  { id: 'a-02', name: '长内容事项', ...base, content: [prose(1500, '甲一')] },
  { id: 'a-03', name: '六条内容事项', ...base, content: Array.from({ length: 6 }, (_, i) => prose(100, `乙${i + 1}`)) },
  { id: 'a-04', name: '长依据事项', ...base, basis: [prose(2000, '丙一'), '《广播电视管理条例》'] },
  { id: 'a-05', name: '长备注事项', ...base, note: prose(1500, '丁一') },
  { id: 'a-06', name: '普通事项乙', ...base },
];
const fields = ['name', 'content', 'basis', 'timeLimit', 'subject', 'channels', 'audience', 'method', 'levels', 'note'] as const satisfies readonly (keyof Item)[];
const compact = (s: string) => s.replace(/\s+/g, '');

let handbook: string;
let dir: string;
/** The items as resolved (a generic 公开主体 becomes the agency): what the handbook must print. */
let resolved: Item[];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-long-text-'));
  // JSON is YAML: the catalogue is written as the test holds it.
  const catalogue = { title: '测试目录', domain: '广播电视', categories: [{ code: 'xzxk', name: '行政许可', items }] };
  fs.writeFileSync(path.join(dir, 'catalogue.yaml'), JSON.stringify(catalogue, null, 1));
  handbook = path.join(dir, 'handbook.yaml');
  fs.writeFileSync(
    handbook,
    'catalogue: catalogue.yaml\nlocality: { name: 示例县, agency: 示例县文化体育和旅游局 }\nitemUrl: "https://zwgk.county.example/gbds/{id}.html"\nedition: { number: 1, date: 2026-11-01 }\n',
  );
  resolved = checkHandbook(handbook).handbook!.categories.flatMap((c) => c.items);
});

interface Line {
  page: number;
  text: string;
}

/**
 * The body text lines of every page in reading order: without the running
 * header and the folio (outside the type area), the QR codes' addresses, and
 * the continuation headings, which are page furniture like them.
 */
function bodyLines(doc: ReturnType<typeof openPdf>): { body: Line[]; continued: Line[] } {
  const body: Line[] = [];
  const continued: Line[] = [];
  for (let i = 0; i < doc.countPages(); i++) {
    const [, y0, , y1] = pageBox(doc, i, 'TrimBox') as [number, number, number, number];
    const height = y1 - y0;
    for (const line of pageLines(doc, i)) {
      const text = compact(line.text);
      if (text === '' || line.y < height * 0.07 || line.y > height * 0.945) continue;
      // The address printed under a QR code, in the column beside the card's text: read after it.
      if (/^[\x21-\x7e]+$/.test(text)) continue;
      (text.endsWith('（续）') ? continued : body).push({ page: i, text });
    }
  }
  return { body, continued };
}

describe.each([
  ['A5, default template', []],
  ['A4', ['--paper', 'A4']],
  ['large print', ['--template', 'large-print']],
])('long item texts, %s', (name, args) => {
  let body: Line[];
  let continued: Line[];

  beforeAll(() => {
    const out = path.join(dir, `${name.replace(/\W+/g, '-')}.pdf`);
    const r = runCli(['build', handbook, '-o', out, ...args]);
    expect(r.status, r.stderr).toBe(0);
    ({ body, continued } = bodyLines(openPdf(fs.readFileSync(out))));
  });

  /** Where an item's card starts: its heading, followed by the first row. */
  const cardStart = (item: Item) => body.findIndex((l, k) => l.text === `${item.id.slice(-2)}${item.name}` && body[k + 1]?.text.startsWith('公开内容'));

  it('prints every field of every item, whole and in order', () => {
    const text = body.map((l) => l.text).join('');
    expect(resolved).toHaveLength(items.length);
    for (const item of resolved) {
      for (const field of fields) {
        const value = item[field];
        for (const entry of value === undefined ? [] : [value].flat()) {
          expect(text.includes(compact(entry)), `${item.id} ${field} (${entry.length} characters)`).toBe(true);
        }
      }
    }
  });

  it('starts each page a card continues on with the item name and 「（续）」', () => {
    const long = resolved.filter((i) => ['a-02', 'a-03', 'a-04', 'a-05'].includes(i.id));
    for (const item of long) {
      const heading = `${item.id.slice(-2)}${item.name}（续）`;
      const pages = continued.filter((l) => l.text === heading).map((l) => l.page);
      const start = cardStart(item);
      const next = resolved[resolved.indexOf(item) + 1]!;
      // The continuation pages follow the card's first page, one after another,
      expect(pages.every((p, k) => p === body[start]!.page + k + 1), `${heading}: pages ${pages} after ${body[start]!.page}`).toBe(true);
      // each holds more of the card, and the next card starts after them.
      for (const p of pages) expect(body.some((l) => l.page === p), `${heading} on page ${p}`).toBe(true);
      if (pages.length) expect(body[cardStart(next)]!.page).toBeGreaterThanOrEqual(pages[pages.length - 1]!);
    }
    // The three texts longer than a page do continue; nothing else is marked so.
    for (const id of ['a-02', 'a-04', 'a-05']) expect(continued.some((l) => l.text.startsWith(id.slice(-2))), id).toBe(true);
    const names = new Set(long.map((i) => `${i.id.slice(-2)}${i.name}（续）`));
    for (const l of continued) expect(names.has(l.text), l.text).toBe(true);
  });

  it('leaves the other items as they were: each card whole on one page', () => {
    for (const item of [resolved[0]!, resolved[5]!]) {
      const start = cardStart(item);
      expect(start, item.id).toBeGreaterThan(-1);
      const end = body.findIndex((l, k) => k > start && l.text.startsWith('公开层级'));
      expect(body[end]!.page, item.id).toBe(body[start]!.page);
      expect(continued.some((l) => l.text.includes(item.name))).toBe(false);
    }
  });
});

describe('cards about a page tall (the demo in large print on A5)', () => {
  it('keeps each whole when it fits a page, and marks every page a card goes on to', () => {
    const demo = path.join(path.dirname(handbook), 'demo-large.pdf');
    const r = runCli(['build', path.resolve('data/示例县/handbook.yaml'), '-o', demo, '--template', 'large-print']);
    expect(r.status, r.stderr).toBe(0);
    const doc = openPdf(fs.readFileSync(demo));
    const { body, continued } = bodyLines(doc);
    const demoItems = checkHandbook(path.resolve('data/示例县/handbook.yaml'), { template: 'large-print' }).handbook!.categories.flatMap((c) => c.items);
    let whole = 0;
    for (const item of demoItems) {
      const seq = String(item.seq).padStart(2, '0');
      // The card's heading (a long name wraps), not its line in the contents: the first row follows.
      const start = body.findIndex((l, k) => l.text.startsWith(`${seq}${item.name.slice(0, 6)}`) && body.slice(k + 1, k + 6).some((n) => n.text.startsWith('公开内容')));
      const end = body.findIndex((l, k) => k > start && l.text.startsWith('公开层级'));
      expect(start, item.id).toBeGreaterThan(-1);
      const pages = new Set(body.slice(start, end + 1).map((l) => l.page));
      if (pages.size === 1) whole++;
      // A card that goes on to another page says so there.
      for (const p of pages) if (p !== body[start]!.page) expect(continued.some((l) => l.page === p && l.text.startsWith(seq)), `${item.id} page ${p}`).toBe(true);
    }
    // Before, the estimate judged most of these cards too tall to keep, and they broke anywhere.
    expect(whole).toBeGreaterThanOrEqual(demoItems.length - 3);
  });
});
