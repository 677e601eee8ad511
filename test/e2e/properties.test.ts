import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { HandbookError, buildHandbook } from '../../src/index.js';
import { compactPageTexts, openPdf } from '../helpers/pdf.js';

/*
 * Property: whatever string lands in a data field — markup characters,
 * Handlebars braces, CDATA ends, bidi controls, emoji, NUL, lone surrogates —
 * the build either prints it exactly (the page text contains it, and the
 * document keeps its structure) or refuses it with a located diagnostic.
 * It never crashes and never lets data become markup.
 */

const nasty = fc.constantFrom('<', '>', '&', '&amp;', '"', "'", '{{', '}}', '{{{title}}}', ']]>', '<?src 0 1?>', '</p>', '<qr url="https://x.example"/>', '\u202e', '\u2066', '😀', '\u0000', '\u0007', '\ud800', '\udfff', '𠮷', '《条例》', '审批', 'ABC', ' ', '\u3000', '\n', '\t', 'é', '\u00ad');
const unit = fc.oneof({ weight: 3, arbitrary: nasty }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)) }, { weight: 2, arbitrary: fc.constantFrom(...'政务公开便民服务手册广播电视') });
const value = fc.array(unit, { minLength: 1, maxLength: 12 }).map((parts) => parts.join(''));
const field = fc.constantFrom('name', 'basis', 'timeLimit', 'note', 'agency', 'address', 'title');

function item(id: string, name: string) {
  return {
    id,
    name,
    content: ['主体信息', '审批结果'],
    basis: ['《广播电视管理条例》'],
    timeLimit: '信息形成（变更）20个工作日内',
    subject: '县级广播电视行政部门',
    channels: ['政府网站'],
    audience: ['全社会'],
    method: ['主动'],
    levels: ['县级'],
  };
}

/** Writes a two-item handbook with `text` in `where`, through a YAML writer so the string arrives exactly. */
function writeHandbook(dir: string, where: string, text: string): string {
  const items = [item('xzxk-01', '设置卫星电视广播地面接收设施审批'), item('xzxk-02', '有线广播电视传输覆盖网工程验收审核')];
  const first = items[0] as Record<string, unknown>;
  if (where === 'name' || where === 'timeLimit' || where === 'note') first[where] = text;
  if (where === 'basis') first.basis = ['《广播电视管理条例》', text];
  const catalogue = { title: '测试目录', domain: '广播电视', categories: [{ code: 'xzxk', name: '行政许可', items }] };
  const locality: Record<string, unknown> = { name: '示例县', agency: where === 'agency' ? text : '示例县文化体育和旅游局' };
  if (where === 'address') locality.address = text;
  const handbook: Record<string, unknown> = {
    catalogue: 'catalogue.yaml',
    ...(where === 'title' && { title: text }),
    locality,
    itemUrl: 'https://zwgk.county.example/gbds/{id}.html',
    edition: { number: 1, date: '2026-11-01' },
  };
  const opts = { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' } as const;
  fs.writeFileSync(path.join(dir, 'catalogue.yaml'), YAML.stringify(catalogue, opts));
  fs.writeFileSync(path.join(dir, 'handbook.yaml'), YAML.stringify(handbook, opts));
  return path.join(dir, 'handbook.yaml');
}

const comparable = (s: string) => s.normalize('NFKC').replace(/[\s\u00ad]+/g, '');

describe('arbitrary data', () => {
  it('is printed exactly or refused with a located diagnostic, never crashes', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-prop-'));
    let n = 0;
    let printed = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(field, value, async (where, text) => {
        const dir = path.join(root, String(n++));
        fs.mkdirSync(dir);
        const file = writeHandbook(dir, where, text);
        try {
          const { pdf } = await buildHandbook(file, { output: path.join(dir, 'out.pdf') });
          printed++;
          const doc = openPdf(pdf);
          const pages = compactPageTexts(doc).map(comparable).join('');
          expect(pages).toContain(comparable(text.trim()));
          // Structure: the same bookmarks as any two-item handbook — 使用说明, one category with two items, 附录 and its parts.
          const outline = doc.loadOutline() ?? [];
          const category = outline.find((o) => o.title?.endsWith('、行政许可'));
          expect(category?.down?.length).toBe(2);
          expect(outline.map((o) => o.title).filter((t) => t === '使用说明' || t === '附录')).toEqual(['使用说明', '附录']);
        } catch (err) {
          if (!(err instanceof HandbookError)) throw err;
          refused++;
          expect(err.diagnostics.length).toBeGreaterThan(0);
          for (const d of err.diagnostics.filter((x) => x.severity === 'error')) {
            expect(d.file, JSON.stringify(d)).toMatch(/(catalogue|handbook)\.yaml$/);
            expect(d.line).toBeGreaterThan(0);
            expect(d.message).toMatch(/[\u4e00-\u9fff]/);
          }
        }
      }),
      { numRuns: 40, seed: 20261126 },
    );
    expect(printed).toBeGreaterThan(5);
    expect(refused).toBeGreaterThan(5);
  });
});
