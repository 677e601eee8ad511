import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { itemAttributes } from '../../src/catalogue/fields.js';
import { isGenericSubject, resolveHandbook } from '../../src/catalogue/resolve.js';
import { memoryHost, nodeHost } from '../../src/host/host.js';
import { repoRoot } from '../helpers/cli.js';

const demo = path.join(repoRoot, 'data/示例县/handbook.yaml');

describe('resolved demo handbook', () => {
  const { value: hb, diagnostics } = resolveHandbook(demo, nodeHost);

  it('resolves without errors or warnings', () => {
    expect(diagnostics).toEqual([]);
    expect(hb).toBeDefined();
  });

  it('has all 39 items, each with all eight attributes and a URL', () => {
    const items = hb!.categories.flatMap((c) => c.items);
    expect(items).toHaveLength(39);
    for (const item of items) {
      for (const attr of itemAttributes) {
        const v = item[attr];
        expect(Array.isArray(v) ? v.length : String(v).length, `${item.id}.${attr}`).toBeGreaterThan(0);
      }
      expect(item.url).toBe(`https://zwgk.county.example/gbds/${item.id}.html`);
    }
    expect(items.map((i) => i.seq)).toEqual(items.map((_, k) => k + 1));
  });

  it('fills the generic 公开主体 with the agency and applies overrides', () => {
    // The demo shows the override as a comment (so a copy works with any catalogue); here it is in force.
    const catalogue = path.join(repoRoot, 'data/catalogue/广播电视示例目录.yaml');
    const text = fs.readFileSync(demo, 'utf8').replace(/^# overrides:\n#   ggfw-01:\n#     channels: (.*)$/m, 'overrides:\n  ggfw-01:\n    channels: $1');
    expect(text).toMatch(/^overrides:$/m);
    const { value, diagnostics: found } = resolveHandbook(demo, memoryHost({ [demo]: text, [catalogue]: fs.readFileSync(catalogue, 'utf8') }));
    expect(found).toEqual([]);
    const items = value!.categories.flatMap((c) => c.items);
    expect(new Set(items.map((i) => i.subject))).toEqual(new Set(['示例县文化体育和旅游局']));
    const ggfw = items.find((i) => i.id === 'ggfw-01')!;
    expect(ggfw.channels).toEqual(['政府网站', '政务服务中心', '便民服务站']);
    // The override's position points into the handbook file, where it was written.
    expect(ggfw.fieldOrigins.channels?.file).toBe(demo);
    expect(ggfw.fieldOrigins.basis?.file).toMatch(/广播电视示例目录\.yaml$/);
  });

  it('carries the edition, paper, template and an absolute output path', () => {
    expect(hb!.edition).toEqual({ number: 1, date: '2026-11-01' });
    expect(hb!.paper).toBe('A5');
    expect(hb!.template).toBe('default');
    expect(hb!.output).toBe(path.join(repoRoot, 'out/示例县广播电视便民服务手册.pdf'));
  });
});

const item = (id: string, levels = '[县级]', subject = '县级广播电视行政部门') => `
      - id: ${id}
        name: 事项${id}
        content: [主体信息]
        basis: [《条例》]
        timeLimit: 20个工作日内
        subject: ${subject}
        channels: [政府网站]
        audience: [全社会]
        method: [主动]
        levels: ${levels}`;

describe('merging catalogues with a handbook file', () => {
  const files = {
    '/h/a.yaml': `title: 目录A\ndomain: 广播电视\ncategories:\n  - code: xzxk\n    name: 行政许可\n    items:${item('xzxk-01')}${item('xzxk-02', '[乡级]', '乡镇人民政府')}\n`,
    '/h/b.yaml': `title: 目录B\ndomain: 广播电视\ncategories:\n  - code: ggfw\n    name: 公共服务\n    items:${item('ggfw-01')}\n  - code: xzxk\n    name: 行政许可\n    items:${item('xzxk-03')}\n`,
    '/h/handbook.yaml': `catalogue: [a.yaml, b.yaml]\nlocality: { name: 甲县, agency: 甲县文旅局 }\nitemUrl: "https://x.example/{category}/{seq}-{id}"\nexclude: [xzxk-01]\nedition: { number: 3, date: 2026-01-02 }\n`,
  };

  it('concatenates by category, excludes, numbers and fills URLs from the pattern', () => {
    const { value, diagnostics } = resolveHandbook('/h/handbook.yaml', memoryHost(files));
    expect(diagnostics).toEqual([]);
    expect(value!.categories.map((c) => [c.code, c.items.map((i) => i.id)])).toEqual([
      ['xzxk', ['xzxk-02', 'xzxk-03']],
      ['ggfw', ['ggfw-01']],
    ]);
    expect(value!.categories[0]!.items[1]!.url).toBe('https://x.example/xzxk/2-xzxk-03');
    // A named agency stays; a generic role is replaced.
    expect(value!.categories[0]!.items[0]!.subject).toBe('乡镇人民政府');
    expect(value!.categories[1]!.items[0]!.subject).toBe('甲县文旅局');
    expect(value!.title).toBe('甲县广播电视便民服务手册');
  });

  it('filters by level', () => {
    const host = memoryHost({ ...files, '/h/handbook.yaml': files['/h/handbook.yaml'].replace('exclude: [xzxk-01]', 'levels: [乡级]') });
    const { value } = resolveHandbook('/h/handbook.yaml', host);
    expect(value!.categories.flatMap((c) => c.items.map((i) => i.id))).toEqual(['xzxk-02']);
  });

  it('rejects an item id defined in two catalogue files', () => {
    const host = memoryHost({ ...files, '/h/b.yaml': files['/h/b.yaml'].replace('xzxk-03', 'xzxk-01') });
    const { value, diagnostics } = resolveHandbook('/h/handbook.yaml', host);
    expect(value).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.file, d.line, d.itemId])).toEqual([['catalogue/duplicate-item', '/h/b.yaml', 20, 'xzxk-01']]);
  });

  it('warns, with a position, about an item that gets no URL', () => {
    const host = memoryHost({ ...files, '/h/handbook.yaml': files['/h/handbook.yaml'].replace(/itemUrl: .*\n/, '') });
    const { value, diagnostics } = resolveHandbook('/h/handbook.yaml', host);
    expect(value).toBeDefined();
    // Each at the item in the catalogue file it comes from: the line of its `- id:`.
    const at = (file: keyof typeof files, id: string) => [file, files[file].split('\n').findIndex((l) => l.includes(`- id: ${id}`)) + 1];
    expect(diagnostics.map((d) => [d.severity, d.code, d.itemId, d.file, d.line])).toEqual([
      ['warning', 'handbook/missing-url', 'xzxk-02', ...at('/h/a.yaml', 'xzxk-02')],
      ['warning', 'handbook/missing-url', 'xzxk-03', ...at('/h/b.yaml', 'xzxk-03')],
      ['warning', 'handbook/missing-url', 'ggfw-01', ...at('/h/b.yaml', 'ggfw-01')],
    ]);
    for (const d of diagnostics) expect(d.line).toBeGreaterThan(1);
  });
});

describe('isGenericSubject', () => {
  it('recognises role names, not agencies', () => {
    expect(isGenericSubject('县级广播电视行政部门')).toBe(true);
    expect(isGenericSubject('广播电视行政部门')).toBe(true);
    expect(isGenericSubject('县级文化和旅游（广播电视）行政部门')).toBe(true);
    expect(isGenericSubject('中方县文化旅游广电体育局')).toBe(false);
    expect(isGenericSubject('乡镇人民政府')).toBe(false);
  });
});
