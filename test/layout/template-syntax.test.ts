import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { findBlockProblem } from '../../src/layout/template-syntax.js';

/* Where a person looks for a template's block mistake: at the block, not where Handlebars noticed it. */

describe('findBlockProblem', () => {
  it.each([
    ['an unclosed {{#each}}, at the end of the file for Handlebars', '<keep>\n  {{#each basis}}\n  <p>{{this}}</p>\n</keep>\n', 2, 3, '{{#each}} 没有对应的 {{/each}}'],
    ['the innermost of two open blocks', '{{#each a}}\n  {{#if b}}x\n{{/each}}\n', 2, 3, '{{#if}} 没有对应的 {{/if}}'],
    ['a closing tag with no opening one', '<p>{{name}}</p>\n  {{/if}}\n', 2, 3, '{{/if}} 前面没有对应的 {{#if}}'],
    ['an unclosed inverse block', '{{^items}}\n无\n', 1, 1, '{{^items}} 没有对应的 {{/items}}'],
  ])('%s', (_, source, line, column, message) => {
    expect(() => Handlebars.parse(source)).toThrow();
    expect(findBlockProblem(source)).toEqual({ line, column, message });
  });

  it('finds nothing in balanced templates, comments and else chains included', () => {
    const source = '{{!-- {{#each}} in a comment --}}{{! {{/if}} }}\n{{#each a}}{{#if b}}1{{else if c}}2{{else}}3{{/if}}{{/each}}\n{{#> layout}}x{{/layout}}';
    expect(() => Handlebars.parse(source)).not.toThrow();
    expect(findBlockProblem(source)).toBeUndefined();
  });
});
