import { diagnostic, hasErrors, sortDiagnostics } from '../diagnostics/diagnostic.js';
import type { Checked, Diagnostic, SourcePosition } from '../diagnostics/diagnostic.js';
import { MAX_YAML_BYTES, readFailureDiagnostic } from '../host/host.js';
import type { Host } from '../host/host.js';
import { fieldName } from './fields.js';
import { catalogueSchema, handbookFileSchema } from './schema.js';
import type { CatalogueData, HandbookFileData } from './schema.js';
import { urlDiagnostic } from './url.js';
import { valueSlips } from './value-slips.js';
import { validate } from './validate.js';
import { TOO_LARGE_HINT, locate, parseYaml } from './yaml-source.js';
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

/** What a YAML file is read as, for the message when it is something else. */
export type YamlKind = 'catalogue' | 'handbook';

/**
 * Reads and parses a YAML file; an unreadable file is a diagnostic, not an
 * exception. With `kind`, a file that is plainly something else (a binary, a
 * CSV, /etc/passwd) is one error that says so, not one per line.
 */
export function readYaml(
  file: string,
  host: Host,
  kind?: YamlKind,
): { source?: YamlSource; data: unknown; diagnostics: Diagnostic[] } {
  let read: Checked<string>;
  try {
    read = host.readDecoded?.(file, MAX_YAML_BYTES) ?? { value: host.readText(file, MAX_YAML_BYTES), diagnostics: [] };
  } catch (cause) {
    return {
      data: undefined,
      diagnostics: [readFailureDiagnostic(file, cause, (cause as { code?: string }).code === 'EFBIG' ? { hint: TOO_LARGE_HINT } : {})],
    };
  }
  // A file saved as GBK or UTF-16 is read with a warning; one that cannot be read stops here.
  if (read.value === undefined) return { data: undefined, diagnostics: read.diagnostics };
  let text = read.value;
  // A UTF-8 BOM from Windows editors is not content.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Text never holds NUL; a file that does is a binary (a spreadsheet, a PDF, an image).
  if (text.includes('\0')) {
    return { data: undefined, diagnostics: [notThisKind(file, kind, '这是二进制文件，不是 YAML 文本')] };
  }
  const parsed = parseYaml(file, text);
  if (kind !== undefined && parsed.data !== undefined && !looksLike(parsed.data, kind)) {
    const first = firstLine(text);
    const what = first === undefined ? '' : `第 ${first.line} 行是「${first.quote}」`;
    return { source: parsed.source, data: undefined, diagnostics: [...read.diagnostics, notThisKind(file, kind, what, first?.line)] };
  }
  return { ...parsed, diagnostics: [...read.diagnostics, ...parsed.diagnostics] };
}

const kindNames: Record<YamlKind, { name: string; keys: readonly string[]; hint: string }> = {
  catalogue: {
    name: '目录文件',
    keys: Object.keys(catalogueSchema.shape),
    hint: '目录文件是 YAML 格式，含有 title:、domain:、categories: 等字段（见 docs/data-format.md）；检查手册文件中 catalogue 写的路径是否指向了别的文件。Excel、CSV 等表格请先用 handbook import 导入。',
  },
  handbook: {
    name: '手册文件',
    keys: Object.keys(handbookFileSchema.shape),
    hint: '手册文件是 YAML 格式，含有 catalogue:、locality: 等字段（见 docs/data-format.md）；检查命令中的文件名是否写错。',
  },
};

/**
 * Whether parsed data could be meant as this kind of file: a mapping with at
 * least one of its keys, or with so few keys that "unknown field, did you
 * mean…" is the better message. An empty file is left to the contract
 * (「文件内容不能为空」).
 */
function looksLike(data: unknown, kind: YamlKind): boolean {
  if (data === null) return true;
  if (typeof data !== 'object' || Array.isArray(data) || data instanceof Date) return false;
  const keys = Object.keys(data);
  return keys.length <= 2 || keys.some((k) => kindNames[kind].keys.includes(k));
}

function notThisKind(file: string, kind: YamlKind | undefined, what: string, line?: number): Diagnostic {
  const k = kind === undefined ? undefined : kindNames[kind];
  const message = `不是${k?.name ?? ' YAML 文件'}${what === '' ? '' : `：${what}`}`;
  const code = kind === undefined ? 'file/not-yaml' : kind === 'handbook' ? 'handbook/not-handbook' : 'catalogue/not-catalogue';
  return diagnostic('error', code, message, { file, line: line ?? 1, column: 1 }, {
    hint: k?.hint ?? '检查文件名是否写错。',
  });
}

/** The first line with content, shortened and with control characters shown as spaces, to quote in a message. */
function firstLine(text: string): { line: number; quote: string } | undefined {
  const lines = text.slice(0, 4096).split('\n');
  for (let i = 0; i < lines.length; i++) {
    // eslint-disable-next-line no-control-regex
    const clean = lines[i]!.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, ' ').trim();
    if (clean === '') continue;
    const chars = [...clean];
    return { line: i + 1, quote: chars.length > QUOTE_LENGTH ? `${chars.slice(0, QUOTE_LENGTH).join('')}…` : clean };
  }
  return undefined;
}

/** Characters of a file's first line quoted when it is not the kind expected: enough to recognise it, not to reveal it. */
const QUOTE_LENGTH = 24;

/**
 * Loads one catalogue file: YAML, contract, and the checks that need the
 * whole file (unique codes and ids, URLs).
 */
export function loadCatalogue(
  file: string,
  host: Host,
): { value: Loaded<CatalogueData> | undefined; diagnostics: Diagnostic[] } {
  const read = readYaml(file, host, 'catalogue');
  if (!read.source || read.data === undefined) return { value: undefined, diagnostics: read.diagnostics };
  const source = read.source;
  // Counted on the raw data, before the contract: a file of 300,000 items would otherwise
  // be validated item by item and answered with a million diagnostics.
  const count = rawItemCount(read.data);
  if (count > MAX_ITEMS) {
    return {
      value: undefined,
      diagnostics: [
        diagnostic('error', 'catalogue/too-many-items', `目录中有 ${count} 个事项，超过上限 ${MAX_ITEMS}`, locate(source, ['categories']), {
          hint: '一本便民手册通常只有几十个事项；请按领域或层级拆分成几本手册。',
        }),
      ],
    };
  }
  const checked = validate(catalogueSchema, read.data, source);
  const value = checked.value;
  const diagnostics = [...read.diagnostics, ...checked.diagnostics, ...valueSlips(read.data, source)];
  // Cross-entry checks read the raw data, so they still run (and report)
  // when some other field of the file failed the contract.
  for (const d of checkCatalogueEntries(read.data, source)) diagnostics.push(d);
  const limited = limitDiagnostics(diagnostics, file);
  return { value: value && !hasErrors(limited) ? { data: value, source } : undefined, diagnostics: limited };
}

/** Items in the raw data's categories (each category counts as at least one, since it must have one). */
function rawItemCount(data: unknown): number {
  let count = 0;
  for (const cat of asArray((data as { categories?: unknown } | null)?.categories)) {
    count += Math.max(1, asArray((cat as { items?: unknown } | null)?.items).length);
  }
  return count;
}

/**
 * Problems reported for one file: a file broken everywhere (a list of
 * thousands of malformed items) says what is wrong in its first few hundred
 * places and how many more there are, rather than printing for minutes.
 */
export const MAX_DIAGNOSTICS_PER_FILE = 200;

/**
 * At most MAX_DIAGNOSTICS_PER_FILE diagnostics, errors first, each group in
 * file order, then one that counts the rest (an error when errors were left out).
 */
export function limitDiagnostics(diagnostics: Diagnostic[], file: string, max = MAX_DIAGNOSTICS_PER_FILE): Diagnostic[] {
  if (diagnostics.length <= max) return diagnostics;
  const errors = sortDiagnostics(diagnostics.filter((d) => d.severity === 'error'));
  const warnings = sortDiagnostics(diagnostics.filter((d) => d.severity !== 'error'));
  const kept = errors.concat(warnings).slice(0, max);
  const leftErrors = errors.length - kept.filter((d) => d.severity === 'error').length;
  const left = diagnostics.length - kept.length;
  kept.push(
    diagnostic(leftErrors > 0 ? 'error' : 'warning', 'file/too-many-problems', `另有 ${left} 个问题未列出（其中 ${leftErrors} 个错误）`, { file }, {
      hint: `每个文件最多列出 ${max} 个问题；改正以上问题后再运行一次，会列出其余的。`,
    }),
  );
  return kept;
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
      if (item !== null && typeof item === 'object' && Object.hasOwn(item, 'draft')) {
        // A draft from `import --draft` must be reviewed, never printed: the mark is refused until a person removes it.
        const name = (item as { name?: unknown }).name;
        diagnostics.push(
          diagnostic('error', 'catalogue/draft', `${typeof name === 'string' ? `「${name}」` : '这个事项'}还标着 draft（导入草稿，有待核对的内容）`, locate(source, [...path, 'draft'], true), {
            ...(itemId !== undefined && { itemId }),
            field: 'draft',
            hint: '对照原表核对这个事项（见它上方的「待核对」注释），改正后删除 draft 这一行。',
          }),
        );
      }
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
  const read = readYaml(file, host, 'handbook');
  if (!read.source || read.data === undefined) return { value: undefined, raw: undefined, diagnostics: read.diagnostics };
  const { value, diagnostics } = validate(handbookFileSchema, read.data, read.source);
  return {
    value: value ? { data: value, source: read.source } : undefined,
    raw: read.data,
    diagnostics: limitDiagnostics([...read.diagnostics, ...diagnostics, ...valueSlips(read.data, read.source)], file),
  };
}
