/**
 * The markup vocabulary templates may use (documented in templates/README.md).
 * `content` says what an element holds: block elements, inline text, nothing,
 * or only one kind of child (rows of a table, cells of a row...).
 */
export type ContentModel = 'block' | 'inline' | 'mixed' | 'empty' | { only: string };

export interface ElementSpec {
  attrs: readonly string[];
  content: ContentModel;
  /** Inline elements live inside paragraphs, headings and cells. */
  inline?: boolean;
}

export const vocabulary: Record<string, ElementSpec> = {
  doc: { attrs: [], content: 'block' },
  section: { attrs: ['name', 'header', 'footer', 'background', 'band'], content: 'block' },
  h1: { attrs: ['id', 'toc', 'bookmark', 'class', 'keep-with-next'], content: 'inline' },
  h2: { attrs: ['id', 'toc', 'bookmark', 'class', 'keep-with-next'], content: 'inline' },
  h3: { attrs: ['id', 'toc', 'bookmark', 'class', 'keep-with-next'], content: 'inline' },
  p: { attrs: ['class', 'align', 'keep-with-next'], content: 'inline' },
  div: { attrs: ['class', 'keep-with-next'], content: 'block' },
  keep: { attrs: ['class'], content: 'block' },
  box: { attrs: ['class', 'fill', 'border', 'padding', 'keep-with-next'], content: 'block' },
  columns: { attrs: ['gap', 'class'], content: { only: 'column' } },
  column: { attrs: ['width', 'class'], content: 'mixed' },
  table: { attrs: ['widths', 'header-rows', 'class', 'layout'], content: { only: 'tr' } },
  tr: { attrs: [], content: { only: 'td|th' } },
  td: { attrs: ['colspan', 'rowspan', 'class', 'align', 'fill'], content: 'mixed' },
  th: { attrs: ['colspan', 'rowspan', 'class', 'align', 'fill'], content: 'mixed' },
  ul: { attrs: ['class'], content: { only: 'li' } },
  ol: { attrs: ['class'], content: { only: 'li' } },
  li: { attrs: ['class'], content: 'mixed' },
  qr: { attrs: ['url', 'size', 'ecc', 'caption'], content: 'empty' },
  img: { attrs: ['src', 'width', 'align'], content: 'empty' },
  toc: { attrs: ['title'], content: 'empty' },
  pagebreak: { attrs: [], content: 'empty' },
  space: { attrs: ['height'], content: 'empty' },
  rule: { attrs: ['color', 'weight', 'class'], content: 'empty' },
  b: { attrs: [], content: 'inline', inline: true },
  em: { attrs: [], content: 'inline', inline: true },
  small: { attrs: [], content: 'inline', inline: true },
  span: { attrs: ['class'], content: 'inline', inline: true },
  a: { attrs: ['href'], content: 'inline', inline: true },
  br: { attrs: [], content: 'empty', inline: true },
  pageref: { attrs: ['target'], content: 'empty', inline: true },
};

export function isInlineElement(name: string): boolean {
  return vocabulary[name]?.inline === true;
}

/**
 * Elements that belong inside one kind of parent (a row in a table, a cell in
 * a row, an item in a list), with the parents the vocabulary allows them in.
 */
export const allowedParents: ReadonlyMap<string, readonly string[]> = (() => {
  const out = new Map<string, string[]>();
  for (const [name, spec] of Object.entries(vocabulary)) {
    if (typeof spec.content === 'object') for (const child of spec.content.only.split('|')) out.set(child, [...(out.get(child) ?? []), name]);
  }
  return out;
})();
