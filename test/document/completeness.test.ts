import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pdfmake from 'pdfmake';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareDocument } from '../../src/build.js';
import { IncompleteLayoutError } from '../../src/document/completeness.js';
import type { LaidOutPage } from '../../src/document/completeness.js';
import { pdfmakeFontDescriptors } from '../../src/document/fonts.js';
import { findItemBlocks } from '../../src/document/item-regions.js';
import { checkHandbook } from '../../src/index.js';
import { loadTemplate, templateSearchPath } from '../../src/layout/template.js';
import { renderPdf } from '../../src/pdf/render.js';
import { repoRoot, runCli } from '../helpers/cli.js';

/*
 * The build checks after layout that every item field its template prints
 * was placed whole, and refuses (exit 70, naming item and field) to write a
 * PDF missing one. What a template prints is what its {{#each items}} blocks
 * refer to.
 */

const demo = path.join(repoRoot, 'data/示例县/handbook.yaml');
const long = '甲'.repeat(40) + '政府信息公开条例规定行政机关应当主动公开本机关的机构职能设置办公地址'.repeat(40);
let dir: string;

/** A handbook of three items, the second with a 公开内容 entry longer than a page and two bases. */
function writeHandbook(name: string, template?: { name: string; item: string }): string {
  const d = fs.mkdtempSync(path.join(dir, `${name}-`));
  const item = (id: string, itemName: string, content: string) =>
    `      - id: ${id}\n        name: ${itemName}\n        content: [${content}]\n        basis: [《广播电视管理条例》, 《政府信息公开条例》]\n        timeLimit: 信息形成（变更）20个工作日内\n        subject: 县级广播电视行政部门\n        channels: [政府网站]\n        audience: [全社会]\n        method: [主动]\n        levels: [县级]\n`;
  fs.writeFileSync(
    path.join(d, 'catalogue.yaml'),
    `title: 测试目录\ndomain: 广播电视\ncategories:\n  - code: xzxk\n    name: 行政许可\n    items:\n${item('a-01', '普通事项', '主体信息')}${item('a-02', '长内容事项', long)}${item('a-03', '另一事项', '审批结果')}`,
  );
  fs.writeFileSync(
    path.join(d, 'handbook.yaml'),
    `catalogue: catalogue.yaml\nlocality: { name: 示例县, agency: 示例县文化体育和旅游局 }\nitemUrl: "https://zwgk.county.example/gbds/{id}.html"\nedition: { number: 1, date: 2026-11-01 }\noutput: out/手册.pdf\n${template ? `template: ${template.name}\n` : ''}`,
  );
  if (template) {
    const t = path.join(d, 'templates', template.name);
    fs.mkdirSync(t, { recursive: true });
    fs.writeFileSync(path.join(t, 'theme.yaml'), 'extends: default\n');
    fs.writeFileSync(path.join(t, 'item.hbs'), template.item);
  }
  return path.join(d, 'handbook.yaml');
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-completeness-'));
});

describe('what a template prints', () => {
  const fieldsOf = (name: string) => {
    const t = loadTemplate(name, templateSearchPath(repoRoot)).value!;
    return findItemBlocks(t).map((b) => [...b.fields].sort());
  };

  it('is every field its {{#each items}} blocks and their partials refer to', () => {
    const all = ['audience', 'basis', 'channels', 'content', 'levels', 'method', 'name', 'note', 'subject', 'timeLimit'];
    // The cards, and the overview table in the appendix (name and 公开方式).
    expect(fieldsOf('default')).toEqual([all, ['method', 'name']]);
    expect(fieldsOf('large-print')).toEqual([all, ['method', 'name']]);
    // A poster leaves out 公开主体, 公开层级 and 备注; a category poster prints name and 公开时限.
    expect(fieldsOf('poster')).toEqual([['audience', 'basis', 'channels', 'content', 'method', 'name', 'timeLimit']]);
    expect(fieldsOf('poster-category')).toEqual([['name', 'timeLimit']]);
  });
});

describe('the check after layout', () => {
  it('finds nothing missing in the demo handbook, in every template', async () => {
    for (const template of ['default', 'large-print', 'poster', 'poster-category']) {
      const { handbook } = checkHandbook(demo, { template });
      const prepared = prepareDocument(handbook!);
      expect(prepared.completeness, template).toBeDefined();
      const { pageCount } = await renderPdf(prepared.definition, prepared.fonts, prepared.template.dirs, undefined, prepared.completeness);
      expect(pageCount).toBeGreaterThan(0);
    }
  });

  it('names the item and field whose text is not on the laid-out pages', async () => {
    const { handbook } = checkHandbook(demo);
    const prepared = prepareDocument(handbook!);
    const check = prepared.completeness!;
    check.mark(prepared.definition.content);
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy(() => false);
    pdfmake.setFonts(pdfmakeFontDescriptors(prepared.fonts));
    const doc = (await pdfmake.createPdf(prepared.definition, { bufferPages: true }).getStream()) as unknown as { _pdfMakePages: LaidOutPage[] };
    const pages = doc._pdfMakePages;
    expect(check.verify(pages)).toEqual([]);

    // Take the 公开依据 of one item's card off the pages, as a layout that dropped the row would.
    // Other items cite the same laws: the check must tell the cards apart.
    const item = handbook!.categories[1]!.items[2]!;
    const textOf = (e: LaidOutPage['items'][number]) => (e.item.inlines ?? []).map((i) => i.text as string).join('');
    let inCard = false;
    let removed = 0;
    for (const page of pages) {
      page.items = page.items.filter((e) => {
        if (e.type !== 'line') return true;
        const text = textOf(e);
        if (text.endsWith(item.name)) inCard = true;
        else if (text.startsWith('公开时限')) inCard = false;
        const drop = inCard && text !== '' && item.basis.some((b) => b.includes(text));
        if (drop) removed++;
        return !drop;
      });
    }
    expect(removed).toBeGreaterThan(0);
    const problems = check.verify(pages);
    expect(problems.map((d) => [d.itemId, d.field, d.code])).toEqual([[item.id, 'basis', 'layout/incomplete']]);
    expect(problems[0]!.message).toContain(item.name);
    expect(problems[0]!.message).toContain('「公开依据」(basis)');
  });

  it('fails the build where pdfmake drops a row taller than a page (dontBreakRows, as before)', async () => {
    const { handbook } = checkHandbook(writeHandbook('rows'));
    const prepared = prepareDocument(handbook!);
    // The conversion as it was: the rows of every <table> kept whole.
    const keepRows = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(keepRows);
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      const table = n.table as { body: unknown[][]; dontBreakRows?: boolean } | undefined;
      if (table) {
        if ('dontBreakRows' in table) table.dontBreakRows = true;
        table.body.forEach(keepRows);
      }
      for (const key of ['stack', 'columns', 'section']) if (key in n) keepRows(n[key]);
    };
    keepRows(prepared.definition.content);
    const built = renderPdf(prepared.definition, prepared.fonts, prepared.template.dirs, undefined, prepared.completeness);
    await expect(built).rejects.toThrow(IncompleteLayoutError);
    const err = (await built.catch((e: unknown) => e)) as IncompleteLayoutError;
    expect(err.diagnostics.map((d) => [d.itemId, d.field])).toEqual([['a-02', 'content']]);
  });

  it('refuses with exit 70, naming item and field, a template whose item partial prints only part of a field it uses', () => {
    // {{basis.[0]}} refers to 公开依据, so the template prints it; it prints the first entry only.
    const item = fs.readFileSync(path.join(repoRoot, 'templates/default/item.hbs'), 'utf8').replace(/\{\{#each basis\}\}.*?\{\{\/each\}\}/, '{{basis.[0]}}');
    expect(item).toContain('{{basis.[0]}}');
    const file = writeHandbook('first-basis', { name: 'first-basis', item });
    const r = runCli(['build', file]);
    expect(r.status, r.stderr).toBe(70);
    expect(r.stderr).toContain('a-01');
    expect(r.stderr).toContain('「公开依据」(basis)');
    expect(r.stderr).not.toContain('「公开内容」');
    expect(fs.existsSync(path.join(path.dirname(file), 'out/手册.pdf'))).toBe(false);
  });

  it('builds a template whose passes are several elements and loose text', () => {
    // Two elements per item, and 公开内容 as loose text between them: the pass starts at each
    // <h2>; the loose text is not in what the check follows, so it is not checked, not refused.
    const item = '<h2 id="item-{{id}}">{{name}}</h2>\n{{join content "、"}}\n<p>{{timeLimit}}　{{#each basis}}{{this}}{{/each}}</p>\n';
    const file = writeHandbook('loose', { name: 'loose', item });
    const r = runCli(['build', file]);
    expect(r.status, r.stderr).toBe(0);
  });

  it('builds a template that does not print a field at all: it never said it would', () => {
    const item = fs.readFileSync(path.join(repoRoot, 'templates/default/item.hbs'), 'utf8').replace(/\s*<tr><th>公开依据<\/th>.*<\/tr>/, '');
    expect(item).not.toContain('basis');
    const file = writeHandbook('no-basis', { name: 'no-basis', item });
    const r = runCli(['build', file]);
    expect(r.status, r.stderr).toBe(0);
  });
});
