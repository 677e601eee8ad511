import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { isCollection, isPair, parseDocument, stringify } from 'yaml';
import type { Node } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/load.js';
import { nestingBeyond } from '../../src/catalogue/yaml-depth.js';
import { MAX_DEPTH, parseYaml } from '../../src/catalogue/yaml-source.js';
import { checkHandbook } from '../../src/check.js';
import { memoryHost } from '../../src/host/host.js';
import { repoRoot, runCliWithHeap } from '../helpers/cli.js';
import { catalogueYaml, expectUsable, handbookFor } from './helpers.js';

/*
 * Issue #17, messages: what a YAML file can do to `check` is a positioned
 * Chinese diagnostic, never an internal error (exit 70) or English; and the
 * nesting check refuses what is deep, not what merely looks deep.
 */

const hb = '/w/handbook.yaml';
const cat = '/w/catalogue.yaml';
const handbookText = 'catalogue: catalogue.yaml\nlocality: { name: 示例县, agency: 示例县文化旅游广电体育局 }\n';
const check = (catalogue: string) => checkHandbook(hb, { host: memoryHost({ [hb]: handbookText, [cat]: catalogue }) }).diagnostics.filter((d) => d.severity === 'error');
const lines = (catalogue: string) => check(catalogue).map((d) => `${d.line ?? '-'}:${d.column ?? '-'} ${d.code} ${d.message}`);

describe('deep nesting is a positioned Chinese error, not a stack overflow', () => {
  it('"- " 3,000 times on one line (was: "Maximum call stack size exceeded")', () => {
    expect(lines(`${'- '.repeat(3000)}x\n`)).toEqual(['1:63 yaml/too-deep 层级嵌套超过 32 层']);
  });

  it('"[" 3,000 times', () => {
    expect(lines(`title: ${'['.repeat(3000)}\n`)).toEqual(['1:40 yaml/too-deep 层级嵌套超过 32 层']);
  });

  it('"a: " 3,000 times on one line, and 3,000 lines each indented one more', () => {
    expect(lines(`${'a: '.repeat(3000)}x\n`)[0]).toMatch(/^1:\d+ yaml\/too-deep /);
    expect(lines(Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'))[0]).toMatch(/^33:33 yaml\/too-deep /);
  });

  it('through the CLI: exit 1, not 70', () => {
    for (const text of [`${'- '.repeat(3000)}x\n`, `${'['.repeat(3000)}\n`, `${'{a: '.repeat(3000)}\n`]) {
      const dir = handbookFor('catalogue.yaml');
      fs.writeFileSync(path.join(dir, 'catalogue.yaml'), text);
      const r = runCliWithHeap(512, ['check', 'handbook.yaml'], dir);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/catalogue\.yaml:1:\d+ 错误 层级嵌套超过 32 层 \[yaml\/too-deep\]/);
    }
  });
});

describe('deep-looking text that is not deep is read', () => {
  it('an 80-space line inside a block scalar (note: |)', () => {
    expect(check(catalogueYaml(`        note: |\n          第一行\n${' '.repeat(80)}缩进很深的一行\n          [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n`))).toEqual([]);
  });

  it('33 "[" in a plain string, a quoted one, and a multi-line one', () => {
    const b = '['.repeat(33);
    expect(check(catalogueYaml(`        note: 见附件${b}`))).toEqual([]);
    expect(check(catalogueYaml(`        note: "见附件${b}"`))).toEqual([]);
    expect(check(catalogueYaml(`        note: '见附件${b}'`))).toEqual([]);
    expect(check(catalogueYaml(`        note: 见附件\n          ${b}继续`))).toEqual([]);
    expect(check(catalogueYaml(`        note: "见附件\n          ${b}继续"`))).toEqual([]);
  });

  it('every YAML file in the project', () => {
    const files = ['data', 'templates', 'fonts', 'test'].flatMap((d) => yamlFiles(path.join(repoRoot, d)));
    expect(files.length).toBeGreaterThan(100);
    // Broken fixtures included: only the too-deep one is deep, and the one whose unclosed [ nests every line after it.
    const deep = files.filter((f) => nestingBeyond(fs.readFileSync(f, 'utf8'), MAX_DEPTH) !== undefined).map((f) => path.relative(repoRoot, f));
    expect(deep.filter((f) => !f.includes('too-deep'))).toEqual(['test/fixtures/unclosed-bracket/catalogue.yaml']);
  });
});

describe('the nesting scan, against the yaml library', () => {
  const depth = (node: unknown, d = 0): number => {
    if (isPair(node)) return Math.max(depth(node.key, d), depth(node.value, d));
    if (isCollection(node)) return node.items.reduce((m: number, i: unknown) => Math.max(m, depth(i, d + 1)), d + 1);
    return d;
  };
  const tokens = ['- ', 'a: ', 'b:', '[', ']', '{', '}', '"', "'", '|', '>', '# c', ' ', ', ', 'x', '中文', ':', '\n', '  ', '? ', '&a ', '*a', '!t ', '\\', '---\n', '\t', '\n- ', '\n  ', '"a": ', '|\n', '>-\n'];

  it('never lets through text the library nests far deeper than the limit (the library overflows its stack at ~1,000)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 80 }), (parts) => {
        const text = parts.join('');
        const real = depth(parseDocument(text, { prettyErrors: false }).contents as Node | null);
        // Block and flow levels are limited apart, and a seq at its parent's indent is not counted: at most 4×.
        for (const max of [1, 2, 3]) if (nestingBeyond(text, max) === undefined) expect(real, JSON.stringify(text)).toBeLessThanOrEqual(4 * max + 4);
      }),
      { numRuns: 3000, seed: 17 },
    );
  });

  it('counts no more than twice the real depth of valid YAML (strings with brackets, quotes, line breaks)', () => {
    const text = fc.stringMatching(/^[a-z中文 \[\]{}"'#:,|>\-\n]{0,30}$/);
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, text, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.stringMatching(/^[a-z中]{1,4}$/), tie('node'), { maxKeys: 3 })),
    })).node;
    fc.assert(
      fc.property(value, fc.boolean(), (data, flow) => {
        const yamlText = stringify(data, flow ? { collectionStyle: 'flow' } : {});
        const real = depth(parseDocument(yamlText).contents as Node | null);
        expect(nestingBeyond(yamlText, 2 * real + 2), yamlText).toBeUndefined();
      }),
      { numRuns: 1000, seed: 17 },
    );
  });
});

describe('messages in Chinese', () => {
  it('two documents (--- twice): where the second begins', () => {
    expect(lines('---\ntitle: 一\n---\ntitle: 二\n')).toEqual(['3:1 yaml/multiple-documents 一个文件只能有一个 YAML 文档：这里的 --- 开始了第二个文档']);
  });

  it('every syntax error of the yaml library', () => {
    const broken = ['a: "x\\q"', 'a: @x', 'a: &x &y 1', 'a: !x !y 1', 'a: *nothing', '%FOO bar\n---\na: 1', '? [a]\n: 1\n[b]: 2', 'a:\n\t- b', '{a: b\n  c: d}', `${'k'.repeat(1100)}: 1`, 'a: [b: c: d]', 'a: - b'];
    for (const text of broken) {
      const { diagnostics } = parseYaml('/w/x.yaml', text);
      expect(expectUsable(diagnostics), text).toEqual([]);
    }
  });
});

describe('a file that is not a catalogue is one error', () => {
  it('/etc/shadow-like: one 「不是目录文件」, quoting at most its first line', () => {
    const shadow = Array.from({ length: 50 }, (_, i) => `user${i}:$6$${'a'.repeat(20)}$${'b'.repeat(40)}:19000:0:99999:7:::`).join('\n');
    const found = check(shadow);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code: 'catalogue/not-catalogue', file: cat, line: 1, column: 1 });
    expect(found[0]!.message).toBe('不是目录文件：第 1 行是「user0:$6$aaaaaaaaaaaaaaa…」');
  });

  it('a CSV, a binary, a list, a number', () => {
    expect(lines('序号,公开事项,公开内容\n1,行政许可,主体信息\n')).toEqual(['1:1 catalogue/not-catalogue 不是目录文件：第 1 行是「序号,公开事项,公开内容」']);
    expect(lines('PK\u0003\u0004\u0000\u0000binary')).toEqual(['1:1 catalogue/not-catalogue 不是目录文件：这是二进制文件，不是 YAML 文本']);
    expect(lines('\n\n- id: xzxk-01\n- id: xzxk-02\n')).toEqual(['3:1 catalogue/not-catalogue 不是目录文件：第 3 行是「- id: xzxk-01」']);
    expect(lines('12345\n')).toEqual(['1:1 catalogue/not-catalogue 不是目录文件：第 1 行是「12345」']);
  });

  it('as the handbook file: 「不是手册文件」', () => {
    const shadow = 'root:x:19000:0:99999:7:::\ndaemon:x:19000:0:99999:7:::\nbin:x:19000:0:99999:7:::\n';
    const found = checkHandbook(hb, { host: memoryHost({ [hb]: shadow }) }).diagnostics;
    expect(found.map((d) => `${d.code} ${d.message}`)).toEqual(['handbook/not-handbook 不是手册文件：第 1 行是「root:x:19000:0:99999:7::…」']);
  });

  it('a catalogue with a typo keeps its did-you-mean messages', () => {
    expect(lines('titel: 目录\n').map((l) => l.split(' ')[1])).toContain('schema/unknown-key');
  });
});

describe('a file broken everywhere is answered briefly', () => {
  it('more items than the limit: one error, the items are not validated one by one', () => {
    const items = Array.from({ length: 6000 }, (_, i) => `      - id: a${i}`).join('\n');
    const found = check(`title: 目录\ndomain: 广播电视\ncategories:\n  - code: a\n    name: 甲\n    items:\n${items}\n`);
    expect(found.map((d) => `${d.code} ${d.message}`)).toEqual(['catalogue/too-many-items 目录中有 6000 个事项，超过上限 5000']);
  });

  it('a million one-character values: refused before their positions cost a gigabyte', () => {
    const values = `title: 目录\ndomain: 广播电视\ncategories:\n- code: a\n  name: 甲\n  items:\n${'- a\n'.repeat(1_000_000)}`;
    expect(lines(values)).toEqual(['1:1 yaml/too-many-values 文件中的字段和值超过 300000 个，不像是目录文件']);
    // With an anchor the yaml library, which builds positions at once, would read it: refused from the text.
    expect(lines(`x: &a 1\n${values}`)).toEqual(['1:1 yaml/too-many-values 文件中的字段和值超过 300000 个，不像是目录文件']);
  });

  it('a thousand broken items: 200 diagnostics and one that counts the rest', () => {
    const items = Array.from({ length: 1000 }, (_, i) => `      - id: a${i}\n        name: 事项`).join('\n');
    const file = '/w/c.yaml';
    const { diagnostics } = loadCatalogue(file, memoryHost({ [file]: `title: 目录\ndomain: 广播电视\ncategories:\n  - code: a\n    name: 甲\n    items:\n${items}\n` }));
    expect(diagnostics).toHaveLength(201);
    expect(diagnostics[200]).toMatchObject({ severity: 'error', code: 'file/too-many-problems', file });
    expect(diagnostics[200]!.message).toMatch(/^另有 \d+ 个问题未列出（其中 \d+ 个错误）$/);
    expect(diagnostics[0]!.line).toBe(7);
  });
});

function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : yamlFiles(p);
    return e.isFile() && /\.ya?ml$/.test(e.name) ? [p] : [];
  });
}
