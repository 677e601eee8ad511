import { z } from 'zod';
import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { fieldLabels, fieldName } from './fields.js';
import { suggestKey } from './suggest.js';
import { locate } from './yaml-source.js';
import type { PathSegment, YamlSource } from './yaml-source.js';

/**
 * Validates parsed YAML against a contract schema and turns every zod issue
 * into a located Chinese diagnostic. Returns the typed value only when there
 * are no errors.
 */
export function validate<S extends z.ZodType>(
  schema: S,
  data: unknown,
  source: YamlSource,
): { value: z.output<S> | undefined; diagnostics: Diagnostic[] } {
  const result = schema.safeParse(data);
  if (result.success) return { value: result.data, diagnostics: [] };
  const diagnostics = result.error.issues.flatMap((issue) => issueToDiagnostics(issue, schema, data, source));
  return { value: undefined, diagnostics };
}

/** The item id a path points into, read from the raw data (it may itself be invalid). */
export function itemIdAt(data: unknown, path: readonly PathSegment[]): string | undefined {
  if (path[0] === 'categories' && path[2] === 'items' && typeof path[3] === 'number') {
    const id = valueAt(data, path.slice(0, 4).concat('id'));
    return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
  }
  if (path[0] === 'overrides' && typeof path[1] === 'string') return path[1];
  return undefined;
}

export function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let v: unknown = data;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PathSegment, unknown>)[seg];
  }
  return v;
}

/** The contract field a path names: the last key that is not an index. */
function fieldAt(path: readonly PathSegment[]): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const seg = path[i];
    if (typeof seg === 'string' && !(path[0] === 'overrides' && i === 1)) return seg;
  }
  return undefined;
}

function describeType(v: unknown): string {
  if (v === null) return '空值';
  if (Array.isArray(v)) return '列表';
  switch (typeof v) {
    case 'string':
      return '文字';
    case 'number':
      return '数字';
    case 'boolean':
      return '是/否值';
    case 'object':
      return '字段组';
    default:
      return typeof v;
  }
}

const expectedLabels: Record<string, string> = {
  string: '文字',
  number: '数字',
  int: '整数',
  array: '列表',
  object: '字段组（键: 值）',
  boolean: '是/否值',
};

function issueToDiagnostics(
  issue: z.core.$ZodIssue,
  schema: z.ZodType,
  data: unknown,
  source: YamlSource,
): Diagnostic[] {
  const path = issue.path as PathSegment[];
  const itemId = itemIdAt(data, path);
  const field = fieldAt(path);
  const extra = { ...(itemId !== undefined && { itemId }), ...(field !== undefined && { field }) };
  const name = field !== undefined ? fieldName(field) : '文件内容';
  const value = valueAt(data, path);
  const at = locate(source, path);

  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = keysAt(schema, path);
      return issue.keys.map((key) => {
        const suggestion = suggestKey(key, allowed);
        const hint = suggestion
          ? `是否想写 ${suggestion}（${fieldLabels[suggestion] ?? suggestion}）？`
          : `此处可用的字段：${allowed.join('、')}`;
        return diagnostic('error', 'schema/unknown-key', `未知字段「${key}」`, locate(source, [...path, key], true), {
          ...(itemId !== undefined && { itemId }),
          field: key,
          hint,
        });
      });
    }
    case 'invalid_type': {
      if (value === undefined) {
        return [diagnostic('error', 'schema/missing-field', `缺少${name}`, at, extra)];
      }
      if (value === null || (Array.isArray(value) && value.length === 0)) {
        return [diagnostic('error', 'schema/empty-field', `${name}不能为空`, at, extra)];
      }
      const expected = expectedLabels[issue.expected] ?? issue.expected;
      return [diagnostic('error', 'schema/wrong-type', `${name}应为${expected}，实际是${describeType(value)}`, at, extra)];
    }
    case 'too_small':
      return [diagnostic('error', 'schema/empty-field', `${name}不能为空`, at, extra)];
    case 'invalid_value': {
      const options = issue.values.map(String).join('、');
      return [
        diagnostic('error', 'schema/invalid-value', `${name}的取值「${String(value)}」不在可选范围内`, at, {
          ...extra,
          hint: `可选值：${options}`,
        }),
      ];
    }
    case 'invalid_format':
      return [
        diagnostic('error', 'schema/invalid-slug', `${name}「${String(value)}」只能由小写英文字母、数字和连字符组成`, at, {
          ...extra,
          hint: '例如 xzxk 或 xzxk-01。',
        }),
      ];
    case 'custom': {
      const kind = (issue.params as { kind?: string } | undefined)?.kind;
      if (kind === 'date') {
        return [
          diagnostic('error', 'schema/invalid-date', `${name}「${String(value)}」不是有效日期`, at, {
            ...extra,
            hint: '日期写成 2026-11-01 的形式。',
          }),
        ];
      }
      if (kind === 'paper') {
        return [
          diagnostic('error', 'schema/invalid-paper', `${name}「${String(value)}」不是可用的纸张规格`, at, {
            ...extra,
            hint: '可用 A5、A4、B5、16K，或自定义尺寸如 140x203mm。',
          }),
        ];
      }
      return [diagnostic('error', 'schema/invalid-value', `${name}的取值不正确`, at, extra)];
    }
    default:
      return [diagnostic('error', 'schema/invalid-value', `${name}的取值不正确`, at, extra)];
  }
}

/** The keys a strict object accepts at `path`, found by walking the schema. */
function keysAt(schema: z.ZodType, path: readonly PathSegment[]): string[] {
  let s: z.ZodType | undefined = unwrap(schema);
  for (const seg of path) {
    if (!s) return [];
    if (s instanceof z.ZodObject) s = unwrap(s.shape[seg as string] as z.ZodType | undefined);
    else if (s instanceof z.ZodArray) s = unwrap(s.element as z.ZodType);
    else if (s instanceof z.ZodRecord) s = unwrap(s.valueType as z.ZodType);
    else return [];
  }
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

/** Looks through optional, preprocess pipes and refinements to the structural schema. */
function unwrap(s: z.ZodType | undefined): z.ZodType | undefined {
  let cur: z.ZodType | undefined = s;
  for (let i = 0; i < 10 && cur; i++) {
    if (cur instanceof z.ZodOptional) cur = cur.unwrap() as z.ZodType;
    else if (cur instanceof z.ZodPipe) cur = (cur.out instanceof z.ZodTransform ? cur.in : cur.out) as z.ZodType;
    else if (cur instanceof z.ZodArray || cur instanceof z.ZodObject || cur instanceof z.ZodRecord) return cur;
    else return cur;
  }
  return cur;
}
