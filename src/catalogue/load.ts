import { diagnostic, hasErrors } from '../diagnostics/diagnostic.js';
import type { Diagnostic, SourcePosition } from '../diagnostics/diagnostic.js';
import type { Host } from '../host/host.js';
import { fieldName } from './fields.js';
import { catalogueSchema, handbookFileSchema } from './schema.js';
import type { CatalogueData, HandbookFileData } from './schema.js';
import { urlDiagnostic } from './url.js';
import { validate } from './validate.js';
import { locate, parseYaml } from './yaml-source.js';
import type { YamlSource } from './yaml-source.js';

/**
 * The largest catalogue we lay out. A county directory has tens of items; the
 * limit leaves room for provincial compilations while keeping a build within
 * memory (see bench/large.mjs for what 5,000 items cost).
 */
export const MAX_ITEMS = 5000;

export interface Loaded<T> {
  data: T;
  source: YamlSource;
}

/** Reads and parses a YAML file; an unreadable file is a diagnostic, not an exception. */
export function readYaml(
  file: string,
  host: Host,
): { source?: YamlSource; data: unknown; diagnostics: Diagnostic[] } {
  let text: string;
  try {
    text = host.readText(file);
  } catch (cause) {
    const code = (cause as { code?: string }).code;
    const message =
      code === 'ENOENT' ? '找不到文件' : code === 'EISDIR' ? '这是一个文件夹，不是文件' : `无法读取文件（${code ?? String(cause)}）`;
    return { data: undefined, diagnostics: [diagnostic('error', 'file/not-found', message, { file })] };
  }
  // A UTF-8 BOM from Windows editors is not content.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return parseYaml(file, text);
}

/**
 * Loads one catalogue file: YAML, contract, and the checks that need the
 * whole file (unique codes and ids, URLs).
 */
export function loadCatalogue(
  file: string,
  host: Host,
): { value: Loaded<CatalogueData> | undefined; diagnostics: Diagnostic[] } {
  const read = readYaml(file, host);
  if (!read.source || read.data === undefined) return { value: undefined, diagnostics: read.diagnostics };
  const source = read.source;
  const { value, diagnostics } = validate(catalogueSchema, read.data, source);
  // Cross-entry checks read the raw data, so they still run (and report)
  // when some other field of the file failed the contract.
  diagnostics.push(...checkCatalogueEntries(read.data, source));
  const count = value?.categories.reduce((n, c) => n + c.items.length, 0) ?? 0;
  if (count > MAX_ITEMS) {
    diagnostics.push(
      diagnostic('error', 'catalogue/too-many-items', `目录中有 ${count} 个事项，超过上限 ${MAX_ITEMS}`, locate(source, ['categories']), {
        hint: '一本便民手册通常只有几十个事项；请按领域或层级拆分成几本手册。',
      }),
    );
  }
  return { value: value && !hasErrors(diagnostics) ? { data: value, source } : undefined, diagnostics };
}

/** Unique category codes and item ids, usable item URLs. */
function checkCatalogueEntries(data: unknown, source: YamlSource): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  // First positions, read (which locates them) only when a repeat is found.
  const codes = new Map<string, SourcePosition>();
  const ids = new Map<string, SourcePosition>();
  asArray((data as { categories?: unknown } | null)?.categories).forEach((cat, c) => {
    const code = (cat as { code?: unknown } | null)?.code;
    if (typeof code === 'string') {
      const first = codes.get(code);
      if (first !== undefined) {
        diagnostics.push(
          diagnostic('error', 'catalogue/duplicate-category', `分类代码「${code}」重复`, locate(source, ['categories', c, 'code']), {
            field: 'code',
            hint: `第 ${first.line} 行的分类已使用该代码；每个分类的代码必须不同。`,
          }),
        );
      } else codes.set(code, locate(source, ['categories', c, 'code']));
    }
    asArray((cat as { items?: unknown } | null)?.items).forEach((item, i) => {
      const path = ['categories', c, 'items', i];
      const { id, url } = (item ?? {}) as { id?: unknown; url?: unknown };
      const itemId = typeof id === 'string' ? id : undefined;
      if (itemId !== undefined) {
        const first = ids.get(itemId);
        const at = locate(source, [...path, 'id']);
        if (first !== undefined) {
          diagnostics.push(
            diagnostic('error', 'catalogue/duplicate-item', `事项编号「${itemId}」重复`, at, {
              itemId,
              field: 'id',
              hint: `第 ${first.line} 行已使用该编号；事项编号在整个目录中必须唯一。`,
            }),
          );
        } else ids.set(itemId, at);
      }
      if (typeof url === 'string') {
        const bad = urlDiagnostic(url, 'url', () => locate(source, [...path, 'url']), itemId);
        if (bad) diagnostics.push(bad);
      }
    });
  });
  return diagnostics;
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** Loads a handbook (locality) file against its contract. */
export function loadHandbookFile(
  file: string,
  host: Host,
): { value: Loaded<HandbookFileData> | undefined; raw: unknown; diagnostics: Diagnostic[] } {
  const read = readYaml(file, host);
  if (!read.source || read.data === undefined) return { value: undefined, raw: undefined, diagnostics: read.diagnostics };
  const { value, diagnostics } = validate(handbookFileSchema, read.data, read.source);
  return { value: value ? { data: value, source: read.source } : undefined, raw: read.data, diagnostics };
}
