/** The markup tree: what the markup stage hands to the document stage. */

export interface MarkupOrigin {
  /** Template file the element was written in. */
  file: string;
  line: number;
}

export interface MarkupElement {
  kind: 'element';
  name: string;
  attrs: Record<string, string>;
  children: MarkupNode[];
  origin?: MarkupOrigin;
}

export interface MarkupText {
  kind: 'text';
  text: string;
}

export type MarkupNode = MarkupElement | MarkupText;

/** The element's class names (its `class` attribute split on white space). */
export function classesOf(el: MarkupElement): string[] {
  return el.attrs.class ? el.attrs.class.split(/\s+/) : [];
}

/** All text under a node, as it will print. */
export function textOf(node: MarkupNode): string {
  if (node.kind === 'text') return node.text;
  if (node.name === 'br') return '\n';
  return node.children.map(textOf).join('');
}
