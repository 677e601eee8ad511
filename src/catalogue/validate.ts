import { z } from 'zod';
import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic, SourcePosition } from '../diagnostics/diagnostic.js';
import { MAX_FIELD_LENGTH, codePoint } from './characters.js';
import { fieldLabels, fieldName } from './fields.js';
import { paperHint } from './paper.js';
import { suggestKey } from './suggest.js';
import { itemIdAt, valueAt } from './data-path.js';
import { lineSlip } from './line-slips.js';
import { valueSlipHint } from './value-slips.js';
import { locate } from './yaml-source.js';
import type { PathSegment, YamlSource } from './yaml-source.js';

export { itemIdAt, valueAt } from './data-path.js';

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

/**
 * The raw value an issue's path names. A list field written as one value
 * (`method: 主动`) is a list only after the schema's preprocessing: its
 * first entry is the value itself.
 */
function rawValueAt(data: unknown, path: readonly PathSegment[]): unknown {
  const last = path.at(-1);
  if (last === 0) {
    const parent = valueAt(data, path.slice(0, -1));
    if (typeof parent === 'string' || typeof parent === 'number') return parent;
  }
  return valueAt(data, path);
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
      return '其他值';
  }
}

/** Characters of a wrong value quoted in a message: enough to find it. */
const SHOWN_LENGTH = 40;

/**
 * A value as a message quotes it: text as written (cut short), anything else
 * by what it is, never "[object Object]".
 */
function shown(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    const chars = [...String(value).replace(/\s+/g, ' ')];
    return chars.length > SHOWN_LENGTH ? `${chars.slice(0, SHOWN_LENGTH).join('')}…` : chars.join('');
  }
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return describeType(value);
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
  const value = rawValueAt(data, path);
  const at = locate(source, path);
  const slip = valueSlipHint(value);

  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = keysAt(schema, path);
      return issue.keys.map((key) => {
        const suggestion = suggestKey(key, allowed);
        // 「　agency」: full-width spaces as indentation make the spaces part of the key.
        const slip = lineSlip(key);
        const hint = slip
          ? slip.hint
          : suggestion
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
      const expected = expectedLabels[issue.expected] ?? '其他类型';
      // `name：示例县` under a key parses as that key's text; the slip, not the type, is what to fix.
      const lineHint = typeof value === 'string' ? lineSlip(value)?.hint : undefined;
      return [diagnostic('error', 'schema/wrong-type', `${name}应为${expected}，实际是${describeType(value)}`, at, { ...extra, ...(lineHint !== undefined && { hint: lineHint }) })];
    }
    case 'too_small':
      return [diagnostic('error', 'schema/empty-field', `${name}不能为空`, at, extra)];
    case 'invalid_value': {
      const options = issue.values.map(String).join('、');
      return [
        diagnostic('error', 'schema/invalid-value', `${name}的取值「${shown(value)}」不在可选范围内`, at, {
          ...extra,
          hint: `${slip ?? ''}可选值：${options}`,
        }),
      ];
    }
    case 'invalid_format':
      return [
        diagnostic('error', 'schema/invalid-slug', `${name}「${shown(value)}」只能由小写英文字母、数字和连字符组成`, at, {
          ...extra,
          hint: slip ?? '例如 xzxk 或 xzxk-01。',
        }),
      ];
    case 'custom': {
      const { kind, char } = (issue.params ?? {}) as { kind?: string; char?: string };
      const chars = characterDiagnostic(kind, char, name, value, at, extra);
      if (chars) return [chars];
      if (kind === 'date') {
        return [
          diagnostic('error', 'schema/invalid-date', `${name}「${shown(value)}」不是有效日期`, at, {
            ...extra,
            hint: '日期写成 2026-11-01 的形式。',
          }),
        ];
      }
      if (kind === 'paper') {
        return [
          diagnostic('error', 'schema/invalid-paper', `${name}「${shown(value)}」不是可用的纸张规格`, at, {
            ...extra,
            hint: paperHint(String(value)),
          }),
        ];
      }
      return [diagnostic('error', 'schema/invalid-value', `${name}的取值不正确`, at, extra)];
    }
    default:
      return [diagnostic('error', 'schema/invalid-value', `${name}的取值不正确`, at, extra)];
  }
}

function characterDiagnostic(
  kind: string | undefined,
  char: string | undefined,
  name: string,
  value: unknown,
  at: SourcePosition,
  extra: { itemId?: string; field?: string },
): Diagnostic | undefined {
  const cp = char !== undefined ? codePoint(char) : '';
  switch (kind) {
    case 'control-char':
      return diagnostic('error', 'schema/control-char', `${name}中有不可见的控制字符 ${cp}`, at, {
        ...extra,
        hint: '多半是从其他文件复制时带进来的；删除该字符（或整段重新输入）。',
      });
    case 'surrogate':
      return diagnostic('error', 'schema/broken-char', `${name}中有不完整的字符（孤立的代理项 ${cp}）`, at, {
        ...extra,
        hint: '该字符在转换编码时损坏了；请重新输入这个字。',
      });
    case 'bidi':
      return diagnostic('error', 'schema/bidi-control', `${name}中有文字方向控制字符 ${cp}，会打乱文字的显示顺序`, at, {
        ...extra,
        hint: '删除该字符；中文内容不需要方向控制字符。',
      });
    case 'too-long':
      return diagnostic('error', 'schema/too-long', `${name}过长（${[...String(value)].length} 个字符，上限 ${MAX_FIELD_LENGTH}）`, at, {
        ...extra,
        hint: '手册中的每一项应简明；较长的说明可放在网上页面，用二维码链接。',
      });
    default:
      return undefined;
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
    else return cur;
  }
  return cur;
}
