import Handlebars from 'handlebars';
import type { Item } from '../catalogue/model.js';
import type { Template } from '../layout/template.js';
import type { MarkupElement, MarkupNode } from '../markup/nodes.js';
import { textOf } from '../markup/nodes.js';
import { isInlineElement } from '../markup/vocabulary.js';

/*
 * Which part of the markup prints which item, and which of its fields.
 *
 * A template prints items in `{{#each items}}` blocks (a card per item in a
 * category, a row per item in an overview table). What a block prints is
 * what it refers to: the fields named inside it, or inside the partials it
 * calls (`{{> item}}`). So the template declares its fields by using them,
 * and a template that leaves one out (a poster of names and time limits)
 * declares nothing more.
 *
 * The markup knows the template line each element came from. An element
 * from inside a block whose parent is not is where one pass of the block
 * starts: a card, a row, a poster. Passes follow the items in the order the
 * block walks them, which is the handbook's.
 */

/** The item fields a built handbook must show whole wherever a template prints them. */
export const ITEM_FIELDS = ['name', 'content', 'basis', 'timeLimit', 'subject', 'channels', 'audience', 'method', 'levels', 'note'] as const;
export type ItemField = (typeof ITEM_FIELDS)[number];

/** One `{{#each items}}` block: where its lines are and what it prints. */
export interface ItemBlock {
  fields: Set<ItemField>;
  /** Template file → line ranges (inclusive) whose elements one pass prints. */
  lines: Map<string, [number, number][]>;
}

/** What one item's printing must show: its fields as the block prints them, in these elements. */
export interface ItemRegion {
  item: Item;
  fields: ItemField[];
  roots: MarkupElement[];
}

// A minimal view of Handlebars' AST: the nodes this walk reads.
interface Loc {
  start: { line: number };
  end: { line: number };
}
interface Node {
  type: string;
  loc?: Loc;
}
interface Path extends Node {
  type: 'PathExpression';
  data: boolean;
  depth: number;
  parts: string[];
  original: string;
}
interface Expr extends Node {
  path?: Node;
  params?: Node[];
  hash?: { pairs: { value: Node }[] };
}
interface Program extends Node {
  body: Statement[];
}
interface Statement extends Expr {
  program?: Program;
  inverse?: Program;
  name?: Node;
}

const isField = (name: string): name is ItemField => (ITEM_FIELDS as readonly string[]).includes(name);

/** `items`, `this.items` or `@root.items`: the list every block of cards or rows walks. */
function isItems(node: Node | undefined): boolean {
  if (node?.type !== 'PathExpression') return false;
  const p = node as Path;
  if (p.data) return p.parts.length === 2 && p.parts[0] === 'root' && p.parts[1] === 'items';
  return p.depth === 0 && p.parts.length === 1 && p.parts[0] === 'items';
}

/**
 * The `{{#each items}}` blocks of a template, following partials from its
 * main layout, each with the item fields it refers to.
 */
export function findItemBlocks(template: Template): ItemBlock[] {
  const blocks: ItemBlock[] = [];
  const parsed = new Map<string, Program>();
  const programOf = (source: string): Program | undefined => {
    if (!parsed.has(source)) {
      try {
        parsed.set(source, Handlebars.parse(source) as unknown as Program);
      } catch {
        // The layout stage reports syntax errors; a template that got this far parses.
        return undefined;
      }
    }
    return parsed.get(source);
  };
  const visiting = new Set<string>();

  const addLines = (block: ItemBlock, file: string, from: number, to: number) => {
    const ranges = block.lines.get(file) ?? [];
    ranges.push([from, to]);
    block.lines.set(file, ranges);
  };
  /** Field names read in the item's own context: `{{name}}`, `(join content "、")`, `#each basis`. */
  const collect = (node: Node | undefined, block: ItemBlock) => {
    if (!node) return;
    if (node.type === 'PathExpression') {
      const p = node as Path;
      if (!p.data && p.depth === 0 && p.parts.length > 0 && isField(p.parts[0]!)) block.fields.add(p.parts[0] as ItemField);
      return;
    }
    const e = node as Expr;
    if (e.path) collect(e.path, block);
    for (const param of e.params ?? []) collect(param, block);
    for (const pair of e.hash?.pairs ?? []) collect(pair.value, block);
  };

  const walk = (program: Program, file: string, block: ItemBlock | undefined, itemScope: boolean) => {
    for (const s of program.body) {
      if (s.type === 'BlockStatement') {
        const helper = (s.path as Path | undefined)?.original;
        if (!block && helper === 'each' && isItems(s.params?.[0]) && s.program) {
          const found: ItemBlock = { fields: new Set(), lines: new Map() };
          blocks.push(found);
          addLines(found, file, s.program.loc?.start.line ?? 1, s.program.loc?.end.line ?? Infinity);
          walk(s.program, file, found, true);
          if (s.inverse) walk(s.inverse, file, undefined, false);
          continue;
        }
        if (block && itemScope) {
          for (const param of s.params ?? []) collect(param, block);
          for (const pair of s.hash?.pairs ?? []) collect(pair.value, block);
        }
        // Inside {{#each basis}} or {{#with …}}, `name` is no longer the item's.
        const scope = itemScope && helper !== 'each' && helper !== 'with';
        if (s.program) walk(s.program, file, block, scope);
        if (s.inverse) walk(s.inverse, file, block, itemScope && helper !== 'with');
      } else if (s.type === 'MustacheStatement' || s.type === 'SubExpression') {
        if (block && itemScope) collect(s, block);
      } else if (s.type === 'PartialStatement' || s.type === 'PartialBlockStatement') {
        const name = (s.name as Path | undefined)?.original;
        const partial = name === undefined ? undefined : template.partials.get(name);
        if (block && itemScope) {
          for (const param of s.params ?? []) collect(param, block);
          for (const pair of s.hash?.pairs ?? []) collect(pair.value, block);
        }
        if (!partial) continue;
        // `{{> item}}` keeps the item as context; `{{> card other}}` does not.
        const scope = itemScope && (s.params?.length ?? 0) === 0;
        const key = `${partial.file}\u0000${block ? blocks.indexOf(block) : -1}\u0000${scope}`;
        if (visiting.has(key)) continue;
        visiting.add(key);
        if (block) addLines(block, partial.file, 1, Infinity);
        const inner = programOf(partial.source);
        if (inner) walk(inner, partial.file, block, scope);
        visiting.delete(key);
      }
    }
  };

  const main = programOf(template.main.source);
  if (main) walk(main, template.main.file, undefined, false);
  return blocks;
}

/**
 * Finds each item's printing in the markup: for each block, the elements
 * where a pass starts, grouped into passes and matched with the items.
 * `printed` is an item text as the edition prints it (the script applied).
 * A block whose passes cannot be matched with items (a pass skipped by a
 * condition, and no name printed to tell them apart) gives no regions.
 */
export function findItemRegions(
  doc: MarkupElement,
  blocks: readonly ItemBlock[],
  items: readonly Item[],
  printed: (text: string) => string,
): ItemRegion[] {
  if (blocks.length === 0 || items.length === 0) return [];
  // Many elements share a template line (every card's rows): each line is looked up once.
  const byFile = new Map<string, Map<number, ItemBlock | null>>();
  const blockOf = (el: MarkupElement): ItemBlock | undefined => {
    if (!el.origin) return undefined;
    const { file, line } = el.origin;
    let lines = byFile.get(file);
    if (!lines) byFile.set(file, (lines = new Map()));
    let block = lines.get(line);
    if (block === undefined) {
      block = blocks.find((b) => b.lines.get(file)?.some(([from, to]) => line >= from && line <= to)) ?? null;
      lines.set(line, block);
    }
    return block ?? undefined;
  };
  const roots = new Map<ItemBlock, MarkupElement[]>();
  const parents = new Map<MarkupElement, MarkupElement>();
  const walk = (el: MarkupElement, inside: ItemBlock | undefined) => {
    for (const child of el.children) {
      if (child.kind !== 'element') continue;
      const block = blockOf(child) ?? inside;
      if (block && block !== inside) {
        const found = roots.get(block);
        if (found) found.push(child);
        else roots.set(block, [child]);
        parents.set(child, el);
      }
      walk(child, block);
    }
  };
  walk(doc, undefined);

  const regions: ItemRegion[] = [];
  for (const block of blocks) {
    const found = roots.get(block) ?? [];
    // Passes that are words in a paragraph (<b>{{name}}</b>、) become no block of their own to follow.
    if (found.length === 0 || found.some((el) => isInlineElement(el.name))) continue;
    // A pass starts where the first one did (a card's <keep>, a row's <tr>).
    const start = found[0]!.origin!;
    const passes: MarkupElement[][] = [];
    for (const el of found) {
      if (passes.length === 0 || (el.origin?.file === start.file && el.origin.line === start.line)) passes.push([el]);
      else passes[passes.length - 1]!.push(el);
    }
    const matched = matchPasses(passes, items, block.fields.has('name'), printed);
    if (!matched) continue;
    matched.forEach(([pass, item], k) => {
      const span = passSpan(pass, matched[k + 1]?.[0][0], parents);
      let fields = [...block.fields].filter((f) => item[f] !== undefined);
      // Text printed loose beside the elements (`<h3>{{name}}</h3>{{content}}`) is not in what
      // the check follows: a field found only there is not checked. One not printed at all is
      // checked, and refused.
      if (span.some((n) => (n.kind === 'text' ? n.text.trim() !== '' : !pass.includes(n)))) {
        const inside = compact(pass.map(textOf).join(''));
        const around = compact(span.map(textOf).join(''));
        fields = fields.filter((f) => {
          const value = item[f]!;
          const texts = (Array.isArray(value) ? value : [value as string]).map((v) => compact(printed(v)));
          return texts.every((t) => inside.includes(t)) || !texts.every((t) => around.includes(t));
        });
      }
      if (fields.length > 0) regions.push({ item, fields, roots: pass });
    });
  }
  return regions;
}

/** A pass's elements with the loose text between them, up to where the next pass starts. */
function passSpan(pass: MarkupElement[], next: MarkupElement | undefined, parents: ReadonlyMap<MarkupElement, MarkupElement>): MarkupNode[] {
  const parent = parents.get(pass[0]!);
  if (!parent) return pass;
  const from = parent.children.indexOf(pass[0]!);
  const stop = next && parents.get(next) === parent ? parent.children.indexOf(next) : parent.children.length;
  return parent.children.slice(from, stop);
}

/** Passes and items one to one; by order, or by the name each pass prints when some items have none. */
function matchPasses(
  passes: MarkupElement[][],
  items: readonly Item[],
  printsName: boolean,
  printed: (text: string) => string,
): [MarkupElement[], Item][] | undefined {
  if (passes.length === items.length) return passes.map((p, i) => [p, items[i]!]);
  if (!printsName || passes.length > items.length) return undefined;
  const out: [MarkupElement[], Item][] = [];
  let next = 0;
  for (const pass of passes) {
    const text = compact(pass.map(textOf).join(''));
    while (next < items.length && !text.includes(compact(printed(items[next]!.name)))) next++;
    if (next === items.length) return undefined;
    out.push([pass, items[next]!]);
    next++;
  }
  return out;
}

/** Text as compared: without white space, which line breaking adds and removes. */
export function compact(text: string): string {
  return text.replace(/\s+/g, '');
}
