import path from 'node:path';
import type { Diagnostic } from './diagnostic.js';

const severityLabel = { error: '错误', warning: '警告' } as const;

/**
 * `data/示例县.yaml:12:5 错误 事项 xzxk-01 缺少「公开依据」(basis) [schema/missing-field]`;
 * a value from the command line: `命令行 --paper 错误 纸张「A3」不是可用的纸张规格 [schema/invalid-paper]`.
 * File paths are shown relative to `cwd` so they can be clicked in a terminal.
 */
export function formatDiagnostic(d: Diagnostic, cwd: string = process.cwd()): string {
  let where = '';
  if (d.file !== undefined) {
    const rel = path.isAbsolute(d.file) ? path.relative(cwd, d.file) || d.file : d.file;
    where = rel;
    if (d.line !== undefined) where += `:${d.line}:${d.column ?? 1}`;
    where += ' ';
  } else if (d.option !== undefined) {
    // Where a file would be named: the option the value was typed after.
    where = `命令行 ${d.option} `;
  }
  const item = d.itemId !== undefined ? `事项 ${d.itemId} ` : '';
  let text = `${where}${severityLabel[d.severity]} ${item}${d.message} [${d.code}]`;
  if (d.hint !== undefined) text += `\n    提示：${d.hint}`;
  return text;
}

/** JSON form for machines: paths relative to `cwd`, all fields kept. */
export function toJsonDiagnostic(d: Diagnostic, cwd: string = process.cwd()): Diagnostic {
  if (d.file === undefined || !path.isAbsolute(d.file)) return d;
  return { ...d, file: path.relative(cwd, d.file) || d.file };
}
