import Handlebars from 'handlebars';
import type { Handbook } from '../catalogue/model.js';
import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { layoutContext } from './context.js';
import { helpers } from './helpers.js';
import { markSource } from './source-marks.js';
import type { Template, TemplateFile } from './template.js';
import type { Theme } from './theme.js';
import { findBlockProblem } from './template-syntax.js';

/** Rendered markup plus the template files its source marks refer to (by index). */
export interface Layout {
  markup: string;
  files: string[];
}

/**
 * Runs the template's Handlebars layout over the handbook and returns markup
 * text. Data goes through Handlebars' HTML escaping, so a `<` in an item name
 * stays text and cannot open a markup element.
 */
export function renderLayout(
  handbook: Handbook,
  template: Template,
  theme: Theme,
  changes?: readonly { text: string }[],
): { value: Layout | undefined; diagnostics: Diagnostic[] } {
  const hb = Handlebars.create();
  hb.registerHelper(helpers);
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];

  const compile = (t: TemplateFile) => {
    const index = files.push(t.file) - 1;
    try {
      // Parse first: compile() is lazy and would report syntax errors late, without the file.
      hb.parse(t.source);
    } catch (err) {
      diagnostics.push(syntaxDiagnostic(t.file, err, t.source));
      return undefined;
    }
    return hb.compile(markSource(t.source, index), { preventIndent: true });
  };

  for (const [name, t] of template.partials) {
    const fn = compile(t);
    if (fn) hb.registerPartial(name, fn);
  }
  const main = compile(template.main);
  if (!main || diagnostics.length > 0) return { value: undefined, diagnostics };

  try {
    const markup = main({ ...layoutContext(handbook, theme, template.data), changes }, {
      allowProtoPropertiesByDefault: false,
      allowProtoMethodsByDefault: false,
    });
    return { value: { markup: `<doc>${markup}</doc>`, files }, diagnostics };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const partial = /The partial (\S+) could not be found/.exec(message)?.[1];
    const at = partial ? findPartialCall(template, partial) : undefined;
    return {
      value: undefined,
      diagnostics: [
        diagnostic(
          'error',
          'template/render',
          partial ? `找不到局部模板「${partial}」` : `模板渲染失败：${message}`,
          at ?? { file: template.main.file },
          partial ? { hint: `在模板文件夹中添加 ${partial}.hbs，或改正 {{> ${partial}}} 中的名字。` } : {},
        ),
      ],
    };
  }
}

/** Where a template calls the partial `{{> name}}`, so the error points at the call. */
function findPartialCall(template: Template, name: string): { file: string; line: number; column: number } | undefined {
  const call = new RegExp(`\\{\\{~?>\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
  for (const t of [template.main, ...template.partials.values()]) {
    const lines = t.source.split('\n');
    const i = lines.findIndex((l) => call.test(l));
    if (i !== -1) return { file: t.file, line: i + 1, column: lines[i]!.search(call) + 1 };
  }
  return undefined;
}

function syntaxDiagnostic(file: string, err: unknown, source: string): Diagnostic {
  const hint = '检查 {{ }} 是否成对，{{#each}}、{{#if}} 是否有对应的 {{/each}}、{{/if}}。';
  // An unbalanced block: at the block, in words (Handlebars says where it noticed, in English).
  const block = findBlockProblem(source);
  if (block) return diagnostic('error', 'template/syntax', `模板语法错误：${block.message}`, { file, line: block.line, column: block.column }, { hint });
  const message = err instanceof Error ? err.message : String(err);
  // Handlebars: "Parse error on line 3:\n...\nExpecting 'ID', got 'EOF'"
  const line = /line (\d+)/.exec(message);
  const detail = message.split('\n').filter((l) => l.trim() && !/^-*\^$/.test(l.trim())).pop() ?? message;
  return diagnostic(
    'error',
    'template/syntax',
    `模板语法错误：${detail}`,
    { file, ...(line && { line: Number(line[1]), column: 1 }) },
    { hint },
  );
}
