import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { fieldName } from './fields.js';
import { locate } from './yaml-source.js';
import type { PathSegment, YamlSource } from './yaml-source.js';

/*
 * A handbook file written for an office to complete (`import --handbook`)
 * holds values the tool cannot know: the agency's name, its phone, the
 * address of its website. They are written as 「待填写：…」 so the file
 * checks at once and the office can look at a proof; `check` lists each one
 * still there, and `build` and `site` refuse them, so a handbook is never
 * printed or published with a blank to fill.
 */

export const PLACEHOLDER = '待填写';

export function isPlaceholder(value: unknown): value is string {
  return typeof value === 'string' && value.trimStart().startsWith(PLACEHOLDER);
}

/** Every placeholder in a handbook file's data, as a warning at its value. */
export function placeholderDiagnostics(data: unknown, source: YamlSource): Diagnostic[] {
  const out: Diagnostic[] = [];
  const walk = (value: unknown, path: PathSegment[]) => {
    if (isPlaceholder(value)) {
      const key = [...path].reverse().find((s): s is string => typeof s === 'string') ?? '';
      out.push(
        diagnostic('warning', 'handbook/placeholder', `${fieldName(key)}还没有填写：「${value.trim()}」`, locate(source, path), {
          field: key,
          hint: '改成本单位的实际内容；填写之前可以检查，但不能生成手册或网站。',
        }),
      );
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
    else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    }
  };
  walk(data, []);
  return out;
}

/** For build and site: placeholders left are errors, nothing is made. */
export function refusePlaceholders(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.map((d) => (d.code === 'handbook/placeholder' ? { ...d, severity: 'error' as const } : d));
}
