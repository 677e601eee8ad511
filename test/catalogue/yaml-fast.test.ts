import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { load } from 'js-yaml';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { coreSchema, needsFullParser } from '../../src/catalogue/yaml-fast.js';
import { locate, parseYaml } from '../../src/catalogue/yaml-source.js';
import { repoRoot } from '../helpers/cli.js';

/*
 * parseYaml reads with js-yaml first and falls back to the yaml library.
 * That is only sound if js-yaml never accepts what the yaml library refuses,
 * and reads everything else to the same data.
 */
const full = (text: string) => {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) return { errors: doc.errors.length, data: undefined };
  try {
    return { errors: 0, data: doc.toJS({ maxAliasCount: 100 }) };
  } catch {
    return { errors: 1, data: undefined }; // an alias bomb
  }
};
const fast = (text: string): { ok: true; data: unknown } | { ok: false } => {
  try {
    const data = load(text, { schema: coreSchema });
    return { ok: true, data: data === undefined ? null : data };
  } catch {
    return { ok: false };
  }
};

const yamlFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : yamlFiles(p);
    return /\.ya?ml$/.test(e.name) ? [p] : [];
  });

describe('the fast YAML path', () => {
  const files = ['test', 'data', 'templates', 'fonts'].flatMap((d) => yamlFiles(path.join(repoRoot, d)));

  it('agrees with the yaml library on every YAML file in the project, broken ones included', () => {
    let fastRead = 0;
    let broken = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const y = full(text);
      const f = needsFullParser(text) ? { ok: false as const } : fast(text);
      if (y.errors) {
        expect(f.ok, `${file}: js-yaml accepts what the yaml library refuses`).toBe(false);
        broken++;
      } else if (f.ok) {
        expect(f.data, file).toEqual(y.data);
        fastRead++;
      }
    }
    expect(files.length).toBeGreaterThan(100);
    expect(fastRead).toBeGreaterThan(50);
    expect(broken).toBeGreaterThanOrEqual(3);
  });

  /*
   * Every rule in needsFullParser came from a counterexample this found, in runs of 1,500 per
   * file (8 s of the suite). The rules are now tested one by one below; these shorter runs
   * (under a second in all) keep looking for new disagreements, the same texts every time
   * (the seed is fixed). Raise the counts when changing the rules.
   */
  const fuzzRuns: Record<string, number> = { 'data/示例县/handbook.yaml': 50, 'data/catalogue/广播电视示例目录.yaml': 5, 'templates/default/theme.yaml': 20 };
  for (const [sample, numRuns] of Object.entries(fuzzRuns)) {
    it(`agrees on ${sample} broken at random: characters deleted or inserted, lines repeated`, () => {
      const original = fs.readFileSync(path.join(repoRoot, sample), 'utf8');
      const insertable = [' ', '  ', '\t', ':', ': ', '- ', '"', "'", '[', ']', '{', '}', '#', '\n', ',', '?', '|', '>'];
      const mutation = fc.oneof(
        fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
        fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...insertable) }),
        fc.record({ kind: fc.constant('repeat' as const), at: fc.nat() }),
      );
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
          let text = original;
          for (const m of mutations) {
            const at = m.at % (text.length + 1);
            if (m.kind === 'delete') text = text.slice(0, at) + text.slice(at + 1);
            else if (m.kind === 'insert') text = text.slice(0, at) + m.text + text.slice(at);
            else {
              const lines = text.split('\n');
              const i = m.at % lines.length;
              lines.splice(i, 0, lines[i]!);
              text = lines.join('\n');
            }
          }
          if (needsFullParser(text)) return;
          const y = full(text);
          const f = fast(text);
          if (y.errors) expect(f.ok, text).toBe(false);
          else if (f.ok) expect(f.data, text).toEqual(y.data);
        }),
        { numRuns, seed: 20261126 },
      );
    });
  }

  it('reads plain scalars as the YAML 1.2 core schema does', () => {
    const atoms = ['0', '1', '7', '9', '+', '-', '.', 'e', 'E', 'x', 'o', 'a', 'F', 'inf', 'Inf', 'nan', 'NaN', 'null', 'Null', '~', 'true', 'False', 'TRUE', '_', '2026', ':', ' '];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...atoms), { minLength: 1, maxLength: 6 }), (parts) => {
        const text = `k: ${parts.join('')}\n`;
        const y = full(text);
        const f = fast(text);
        if (y.errors) expect(f.ok).toBe(false);
        else if (f.ok) expect(f.data).toEqual(y.data);
      }),
      { numRuns: 300, seed: 20261126 },
    );
  });

  it('sends each spot where js-yaml is more lenient to the yaml library', () => {
    const risky = {
      'a list item that is only a comment': 'a:\n  - # c\n  - b\n',
      'a quoted string that runs past its line': 'a: "x\n  y"\n',
      'a closing quote run into the next character': 'a: "x"y\n',
      'a flow collection that runs past its line': 'a: [1,\n  2]\n',
      'a flow collection as a key': '[a]: 1\n',
      'a flow collection as a key after a value': 'a: [b]: c\n',
      'a closing bracket run into the next character': 'a: [1]x\n',
      'an explicit key': '? a\n: 1\n',
      'a ":" in a flow list': 'a: [b: 1]\n',
      'a "?" in a flow collection': 'a: {? b}\n',
      'a "," with nothing since the last': 'a: [1,,2]\n',
      'a ":" with nothing before it in a flow map': 'a: {:b}\n',
    };
    for (const [what, text] of Object.entries(risky)) expect(needsFullParser(text), what).toBe(true);
    // Two of them read differently: why the rules exist.
    expect(fast('[a]: 1\n')).toEqual({ ok: true, data: { a: 1 } });
    expect(full('[a]: 1\n').data).toEqual({ '[ a ]': 1 });
    expect(fast('a: [b]: c\n')).toEqual({ ok: false });
    expect(full('a: [b]: c\n').errors).toBe(0);
    for (const text of ['a: [1, 2]\n', "a: {b: 'c', d: \"e\"}\n", 'a: "x" # c\n', 'a: b?\n', '- a\n- b\n']) expect(needsFullParser(text), text).toBe(false);
  });

  it('sends anchors, aliases, tags, directives and merge keys to the yaml library', () => {
    for (const text of ['a: &x 1\nb: *x\n', 'a: !!str 1\n', '%YAML 1.1\n---\na: yes\n', 'a:\n  <<: {b: 1}\n', 'a: [*x]\n']) {
      expect(needsFullParser(text), text).toBe(true);
    }
    for (const text of ['url: https://x.example/a?b=1&c=2\n', 'name: 设置*审批\n', 'a: b\n']) expect(needsFullParser(text), text).toBe(false);
  });

  it('locates values from a file read by the fast path, on demand', () => {
    const text = 'categories:\n  - code: a\n    items:\n      - id: x1\n        name: 甲\n';
    const { source, data, diagnostics } = parseYaml('c.yaml', text);
    expect(diagnostics).toEqual([]);
    expect(data).toEqual({ categories: [{ code: 'a', items: [{ id: 'x1', name: '甲' }] }] });
    const at = locate(source, ['categories', 0, 'items', 0, 'name']);
    expect({ ...at }).toEqual({ file: 'c.yaml', line: 5, column: 15 });
    expect(JSON.parse(JSON.stringify(at))).toEqual({ file: 'c.yaml', line: 5, column: 15 });
  });
});
