import { SaxesParser } from 'saxes';
import { diagnostic, uniqueDiagnostics } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { originOfMarkupLine } from '../layout/source-marks.js';
import type { Layout } from '../layout/render.js';
import type { MarkupElement, MarkupNode, MarkupOrigin } from './nodes.js';
import { allowedParents, isInlineElement, vocabulary } from './vocabulary.js';

/**
 * Parses the layout's markup into a checked tree. Problems (bad XML, an
 * element or attribute outside the vocabulary, a child where it cannot go)
 * are reported at the template file and line that produced them.
 */
export function parseMarkup(layout: Layout): { value: MarkupElement | undefined; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const parser = new SaxesParser({ position: true });
  const root: MarkupElement = { kind: 'element', name: '#root', attrs: {}, children: [] };
  const stack: MarkupElement[] = [root];
  let failed = false;

  // The last source mark seen, followed as the parser streams: elements map to
  // template lines in constant time (re-scanning the markup per element was
  // quadratic and dominated large builds).
  let mark: { file: string; line: number; markupLine: number } | undefined;
  parser.on('processinginstruction', (pi) => {
    const m = pi.target === 'src' ? /^(\d+) (\d+)$/.exec(pi.body) : null;
    const file = m ? layout.files[Number(m[1])] : undefined;
    if (m && file !== undefined) mark = { file, line: Number(m[2]), markupLine: parser.line };
  });
  const originHere = (): MarkupOrigin | undefined =>
    mark ? { file: mark.file, line: mark.line + (parser.line - mark.markupLine) } : originOfMarkupLine(layout.markup, parser.line, layout.files);
  const report = (code: string, message: string, origin: MarkupOrigin | undefined, hint?: string) => {
    diagnostics.push(
      diagnostic('error', code, message, origin && { file: origin.file, line: origin.line, column: 1 }, hint ? { hint } : {}),
    );
  };

  parser.on('opentag', (tag) => {
    const origin = originHere();
    const spec = vocabulary[tag.name];
    const parent = stack[stack.length - 1]!;
    const el: MarkupElement = { kind: 'element', name: tag.name, attrs: {}, children: [], ...(origin && { origin }) };
    if (!spec) {
      report('markup/unknown-element', `未知的标记元素 <${tag.name}>`, origin, '可用的元素见 templates/README.md。');
    } else {
      for (const [key, value] of Object.entries(tag.attributes)) {
        if (!spec.attrs.includes(key)) {
          report('markup/unknown-attribute', `<${tag.name}> 不支持属性「${key}」`, origin, spec.attrs.length ? `可用属性：${spec.attrs.join('、')}` : `<${tag.name}> 没有属性。`);
        } else el.attrs[key] = String(value);
      }
      const problem = placementProblem(parent.name, tag.name);
      if (problem) report('markup/misplaced', problem, origin);
    }
    parent.children.push(el);
    stack.push(el);
  });
  // saxes closes still-open elements when it meets a mismatched closing tag,
  // then reports the error: the last element closed is the one left open.
  let lastClosed: MarkupElement | undefined;
  parser.on('closetag', () => {
    lastClosed = stack.pop();
  });
  parser.on('text', (text) => {
    const parent = stack[stack.length - 1]!;
    const last = parent.children[parent.children.length - 1];
    if (last?.kind === 'text') last.text += text;
    else parent.children.push({ kind: 'text', text });
  });
  parser.on('error', (err) => {
    if (failed) return;
    failed = true;
    const detail = err.message.replace(/^\d+:\d+: /, '');
    const open = /unexpected close tag/i.test(detail) ? lastClosed : stack[stack.length - 1];
    if (/unexpected close tag|unclosed tag/i.test(detail) && open?.origin) {
      // saxes notices the mismatch at the closing tag; the fix belongs where the element opened.
      report('markup/syntax', `标签 <${open.name}> 没有闭合`, open.origin, `在 <${open.name}> 的内容之后加上 </${open.name}>，或写成 <${open.name}/>。`);
      return;
    }
    report('markup/syntax', `标记语法错误：${translateSaxes(detail)}`, originHere(), '检查标签是否成对闭合、属性值是否加了引号；数据中的 < & 会自动转义，模板中直接写的需写成 &lt; &amp;。');
  });

  try {
    parser.write(layout.markup).close();
  } catch {
    // saxes throws after reporting to the error handler; the diagnostic is recorded.
  }
  // A syntax error explains what follows it; one template line repeated for
  // every item would otherwise report the same problem many times.
  if (failed) return { value: undefined, diagnostics: uniqueDiagnostics(diagnostics.filter((d) => d.code === 'markup/syntax')) };
  if (diagnostics.length > 0) return { value: undefined, diagnostics: uniqueDiagnostics(diagnostics) };
  const doc = root.children[0];
  if (!doc || doc.kind !== 'element') return { value: undefined, diagnostics };
  normalizeWhitespace(doc);
  return { value: doc, diagnostics };
}


function placementProblem(parent: string, child: string): string | undefined {
  const spec = vocabulary[parent];
  if (!spec) return undefined; // reported already
  const model = spec.content;
  if (model === 'empty') return `<${parent}> 中不能包含其他元素`;
  if (typeof model === 'object') {
    return model.only.split('|').includes(child) ? undefined : `<${child}> 不能直接放在 <${parent}> 中（只能放 <${model.only.replace('|', '> 或 <')}>）`;
  }
  if (model === 'inline' && !isInlineElement(child)) return `<${parent}> 中只能包含文字和行内元素，不能包含 <${child}>`;
  if (model === 'block' && isInlineElement(child)) return `<${child}> 是行内元素，应放在 <p> 或标题中`;
  const parents = allowedParents.get(child);
  if (parents && !parents.includes(parent)) return `<${child}> 只能放在 <${parents.join('> 或 <')}> 中`;
  return undefined;
}

function translateSaxes(message: string): string {
  const table: [RegExp, string][] = [
    [/unclosed tag: (\S+)/, '标签 <$1> 没有闭合'],
    [/unmatched closing tag: (\S+)/, '多余的闭合标签 </$1>'],
    [/unexpected end/i, '内容意外结束（有标签没有闭合）'],
    [/disallowed character/i, '出现了 XML 不允许的字符'],
    [/unquoted attribute value/i, '属性值没有加引号'],
    [/undefined entity/i, '未定义的实体（& 需写成 &amp;）'],
  ];
  for (const [re, zh] of table) if (re.test(message)) return message.replace(re, zh);
  return message;
}

/**
 * Source line breaks are layout, not content: a newline and the indentation
 * around it disappear (Chinese has no spaces between words), other runs of
 * spaces become one, and text that is only whitespace between blocks goes.
 */
function normalizeWhitespace(el: MarkupElement): void {
  const spec = vocabulary[el.name];
  const inlineContext = spec?.content === 'inline' || spec?.inline === true;
  const out: MarkupNode[] = [];
  for (const child of el.children) {
    if (child.kind === 'text') {
      const text = child.text.replace(/[ \t]*\r?\n[ \t\r\n]*/g, '').replace(/[ \t]+/g, ' ');
      if (text === '' || (!inlineContext && text.trim() === '' && spec?.content !== 'mixed')) continue;
      out.push({ kind: 'text', text });
    } else {
      normalizeWhitespace(child);
      out.push(child);
    }
  }
  // Trim the edges of a paragraph-like block.
  if (!spec?.inline) {
    const first = out[0];
    if (first?.kind === 'text') first.text = first.text.trimStart();
    const last = out[out.length - 1];
    if (last?.kind === 'text') last.text = last.text.trimEnd();
  }
  el.children = out.filter((c) => c.kind !== 'text' || c.text !== '');
}
