import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../../src/layout/template.js';
import { bindingPagesMultiple, resolveTheme } from '../../src/layout/theme.js';
import { repoRoot } from '../helpers/cli.js';

/* The theme's `binding` (issue #19): which templates are saddle-stitched booklets and which single sheets. */

const templates = [path.join(repoRoot, 'templates')];

describe('binding', () => {
  it.each([
    ['default', 'saddle-stitch', 4],
    ['large-print', 'saddle-stitch', 4],
    ['poster', 'sheets', 1],
    ['poster-category', 'sheets', 1],
  ] as const)('%s is %s, padded to a multiple of %i', (name, binding, multiple) => {
    const tpl = loadTemplate(name, templates);
    expect(tpl.diagnostics).toEqual([]);
    const theme = resolveTheme(tpl.value!.theme, 'A4');
    expect(theme.binding).toBe(binding);
    expect(bindingPagesMultiple(theme.binding)).toBe(multiple);
  });

  it('refuses a binding it does not know, naming the ones it does', () => {
    const problem = loadTemplate('bad-binding', [path.join(repoRoot, 'test/layout/fixtures')]).diagnostics[0];
    expect(problem).toMatchObject({ severity: 'error', code: 'schema/invalid-value', line: 2, field: 'binding', hint: '可选值：saddle-stitch、sheets' });
  });
});
