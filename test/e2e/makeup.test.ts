import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error bench scripts are plain JavaScript
import { writeSynthetic } from '../../bench/synthetic.mjs';
import { checkHandbook } from '../../src/index.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { bodyPages, outlineTitles, shortPages, strandedHeadings } from '../helpers/makeup.js';
import { openPdf } from '../helpers/pdf.js';

/*
 * Page make-up (issue #19, item 8), read off the PDFs the CLI writes: a heading
 * never ends a page without what it introduces, and no page of a section —
 * the contents' last page above all — holds only one or two lines.
 */

const demo = path.join(repoRoot, 'data/示例县/handbook.yaml');
// Headings that are not bookmarked: the guide's h3s and the appendix's service halls.
const unbookmarked = ['怎样阅读事项卡片', '扫码查看网上信息', '申请公开政府信息（依申请公开）', '联系我们', '目录'];
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-makeup-'));
});

function build(handbook: string, name: string, ...args: string[]) {
  const out = path.join(dir, `${name}.pdf`);
  const r = runCli(['build', handbook, '-o', out, ...args]);
  expect(r.status, r.stderr).toBe(0);
  const doc = openPdf(fs.readFileSync(out));
  const book = checkHandbook(handbook).handbook!;
  const headings = new Set([...outlineTitles(doc), ...unbookmarked, ...book.locality.serviceHalls.map((h) => h.name.replace(/\s+/g, ''))]);
  return { pages: bodyPages(doc, book.title), headings };
}

describe('page make-up', () => {
  it.each([
    ['demo A5', []],
    ['demo A4', ['--paper', 'A4']],
    ['large print A5', ['--template', 'large-print']],
    ['large print A4', ['--template', 'large-print', '--paper', 'A4']],
  ])('%s: no heading ends a page, no page of a section has under three lines', (name, args) => {
    const { pages, headings } = build(demo, name.replace(/ /g, '-'), ...args);
    expect(headings.has('二、服务大厅')).toBe(true);
    expect.soft(strandedHeadings(pages, headings, '目录')).toEqual([]);
    expect.soft(shortPages(pages)).toEqual([]);
  });

  // 38 items on A5: before page make-up 「联系我们」 ended page 2 with its one-row table alone on
  // page 3, and the contents' last page held only 「三、监督与投诉」. Large print as a guard.
  it.each([
    [38, []],
    [38, ['--template', 'large-print']],
  ])('a synthetic catalogue of %i items %j', (n, args) => {
    const { pages, headings } = build(writeSynthetic(n), `synthetic-${n}-${args.length}`, ...args);
    expect.soft(strandedHeadings(pages, headings, '目录')).toEqual([]);
    expect.soft(shortPages(pages)).toEqual([]);
  });
});
