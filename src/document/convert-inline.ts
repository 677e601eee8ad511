import { checkUrl } from '../catalogue/url.js';
import type { MarkupElement, MarkupNode } from '../markup/nodes.js';
import { classesOf } from '../markup/nodes.js';
import type { Content, ConvertContext } from './context.js';
import { uriOf } from './uri.js';

/** Converts inline markup (text, b, em, small, span, a, br, pageref) to pdfmake inline content. */
export function convertInlines(nodes: readonly MarkupNode[], ctx: ConvertContext): Content[] {
  const out: Content[] = [];
  for (const node of nodes) {
    if (node.kind === 'text') {
      out.push(node.text);
      continue;
    }
    out.push(convertInline(node, ctx));
  }
  return out;
}

function convertInline(el: MarkupElement, ctx: ConvertContext): Content {
  const text = () => convertInlines(el.children, ctx);
  switch (el.name) {
    case 'b':
      return { text: text(), bold: true };
    case 'em':
      return { text: text(), style: 'em' };
    case 'small':
      return { text: text(), style: 'small' };
    case 'span':
      return { text: text(), ...(el.attrs.class && { style: classesOf(el) }) };
    case 'br':
      return '\n';
    case 'a': {
      const href = el.attrs.href ?? '';
      const problem = checkUrl(href);
      if (problem) {
        ctx.error('markup/bad-link', `链接地址不可用：${problem}`, el);
        return { text: text() };
      }
      return { text: text(), link: uriOf(href), style: 'link' };
    }
    case 'pageref':
      if (!el.attrs.target) {
        ctx.error('markup/missing-attribute', '<pageref> 缺少 target 属性', el);
        return '';
      }
      return { pageReference: el.attrs.target, text: '000' };
    default:
      ctx.error('markup/misplaced', `<${el.name}> 不能用在文字中`, el);
      return '';
  }
}

/** Plain text of inline content, for bookmarks (pdfmake's outline wants a string). */
export function plainText(nodes: readonly MarkupNode[]): string {
  return nodes.map((n) => (n.kind === 'text' ? n.text : n.name === 'br' ? ' ' : plainText(n.children))).join('');
}
