import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueSchema } from '../../src/catalogue/schema.js';
import { importCatalogue } from '../../src/import/index.js';
import { runCli } from '../helpers/cli.js';
import { compactPageTexts, openPdf } from '../helpers/pdf.js';
import { expected, fixtures, printed, tempHandbook } from './helpers.js';
import { parse } from 'yaml';

/*
 * Each fixture is a realistic copy of a directory in one format; its
 * expected.yaml is the exact catalogue the import must produce, and
 * expected-diagnostics.txt every warning, at its row and column.
 */
describe.each(fixtures)('import $name', (fixture) => {
  it('produces exactly expected.yaml and the expected diagnostics', async () => {
    const file = await fixture.input();
    const result = await importCatalogue(file);
    expect(printed(result.diagnostics, file)).toBe(expected(fixture.name, 'expected-diagnostics.txt').trimEnd());
    expect(result.yaml).toBe(expected(fixture.name, 'expected.yaml'));
    expect(result.yaml).toMatch(new RegExp(`^# 由 handbook import 从「${path.basename(file)}」导入`));
    expect(catalogueSchema.safeParse(parse(result.yaml ?? '')).success).toBe(true);
  });

  it('passes `handbook check` and builds a PDF with every item', () => {
    const yaml = expected(fixture.name, 'expected.yaml');
    const dir = tempHandbook(yaml);
    const check = runCli(['check', 'handbook.yaml'], dir);
    expect(check.status, check.stderr).toBe(0);
    expect(check.stderr).not.toContain('错误');
    const build = runCli(['build', 'handbook.yaml'], dir);
    expect(build.status, build.stderr).toBe(0);
    const text = compactPageTexts(openPdf(fs.readFileSync(path.join(dir, 'out/手册.pdf')))).join('');
    const names = (parse(yaml) as { categories: { items: { name: string }[] }[] }).categories.flatMap((c) => c.items.map((i) => i.name));
    for (const name of names) expect(text).toContain(name);
  });
});
