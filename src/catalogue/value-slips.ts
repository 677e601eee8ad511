import { isScalar } from 'yaml';
import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { itemIdAt } from './data-path.js';
import { fieldName } from './fields.js';
import { locate } from './yaml-source.js';
import type { PathSegment, YamlSource } from './yaml-source.js';

/*
 * Values that parse but are probably not what a clerk meant: a list written
 * the way Chinese text lists things (政府网站、政务服务中心), a value in
 * Chinese quotes (「示例」), which YAML keeps as part of the text.
 */

/** Separators that people use for lists in Chinese text but that YAML does not split on. */
const listSeparators = /[、，；]/;
/** The one that, in a single text of a list of names, surely means a list. */
const listMark = /、/;

/**
 * List fields whose entries are short names, so a 、 in a single text means a
 * list (content and basis entries are sentences, where 、 is ordinary).
 */
const listFields = new Set(['channels', 'levels', 'exclude']);

/** Fields whose values are codes, URLs or names of files, not printed text: quotes there are errors reported elsewhere. */
const notPrinted = new Set(['id', 'code', 'url', 'website', 'itemUrl', 'base', 'page', 'catalogue', 'output', 'template', 'paper', 'sources', 'exclude']);

/** Chinese quotation marks around a whole value. */
const chineseQuotes = /^(「[^」]*」|『[^』]*』|“[^”]*”|‘[^’]*’)$/;

/** What a list written with 、 should look like: `[政府网站, 政务服务中心]`. */
export function listExample(value: string): string {
  return `[${value
    .split(listSeparators)
    .map((s) => s.trim())
    .filter(Boolean)
    .join(', ')}]`;
}

/** The hint an invalid vocabulary value gets when the slip explains it, or undefined. */
export function valueSlipHint(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const quoted = chineseQuotes.exec(value.trim());
  if (quoted) {
    const inner = value.trim().slice(1, -1);
    return `两边的${value.trim()[0]}${value.trim().at(-1)}会成为文字的一部分，与可选值对不上：去掉引号，写成 ${inner}。`;
  }
  if (listSeparators.test(value)) {
    return `「${value.match(listSeparators)![0]}」不会把它分成几项：要写几项，请写成 ${listExample(value)}（英文方括号和逗号）。`;
  }
  return undefined;
}

/**
 * Warnings for values that parse but are probably not what was meant: a list
 * field written as one text with 、 between its entries (one entry, printed
 * and filtered as such), and a printed value in Chinese quotes (the quotes
 * are printed). Values that must match a vocabulary are errors already,
 * whose hints say the same (`valueSlipHint`).
 */
export function valueSlips(data: unknown, source: YamlSource): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const visit = (value: unknown, path: PathSegment[]): void => {
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...path, i]));
    else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
      for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
    } else if (typeof value === 'string') {
      const slip = stringSlip(value, path, source);
      if (slip) diagnostics.push(slip);
    }
  };
  visit(data, []);
  return diagnostics;
}

function stringSlip(value: string, path: PathSegment[], source: YamlSource): Diagnostic | undefined {
  const key = path.at(-1);
  const field = typeof key === 'string' ? key : path.at(-2);
  if (typeof field !== 'string') return undefined;
  const itemId = itemIdAt(source.data, path);
  const extra = { ...(itemId !== undefined && { itemId }), field };
  // Vocabularies are checked by the contract; its error carries the hint.
  if (field === 'audience' || field === 'method') return undefined;
  if (listFields.has(field) && typeof key === 'string' && listMark.test(value)) {
    return diagnostic('warning', 'schema/list-as-text', `${fieldName(field)}写成了一项「${value}」：「、」不会把它分成几项`, locate(source, path), {
      ...extra,
      hint: `要写几项，请写成 ${listExample(value)}（英文方括号和逗号）；确实只是一项时，写成 [${value}]。`,
    });
  }
  if (!notPrinted.has(field) && chineseQuotes.test(value.trim()) && isPlain(source, path)) {
    const inner = value.trim().slice(1, -1);
    return diagnostic('warning', 'schema/quoted-value', `${fieldName(field)}两边的${value.trim()[0]}${value.trim().at(-1)}会成为文字的一部分，照原样印在手册上`, locate(source, path), {
      ...extra,
      hint: `不需要引号时删掉它们，写成 ${String(key)}: ${inner}；确实要印出引号时，外面再加英文引号，写成 ${String(key)}: "${value.trim()}"。`,
    });
  }
  return undefined;
}

/** Whether the value at `path` was written without YAML quotes (quoted in "" it was meant as written). */
function isPlain(source: YamlSource, path: PathSegment[]): boolean {
  const node = source.doc.getIn(path, true);
  return !isScalar(node) || node.type === 'PLAIN' || node.type === undefined;
}
