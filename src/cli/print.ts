import path from 'node:path';
import { sortDiagnostics } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { formatDiagnostic, toJsonDiagnostic } from '../diagnostics/format.js';

/** Prints diagnostics to stderr (text) or stdout (JSON), sorted for stable output. */
export function printDiagnostics(diagnostics: readonly Diagnostic[], json: boolean): void {
  const sorted = sortDiagnostics(diagnostics);
  if (json) {
    process.stdout.write(`${JSON.stringify({ diagnostics: sorted.map((d) => toJsonDiagnostic(d)) }, null, 2)}\n`);
    return;
  }
  for (const d of sorted) process.stderr.write(`${formatDiagnostic(d)}\n`);
}

export function summarize(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  return `${errors} 个错误，${warnings} 个警告`;
}

/** A path as the user would type it from the working folder. */
export function relToCwd(p: string): string {
  return path.relative(process.cwd(), p) || p;
}

/** How the CLI says what happened to an output file. */
export const writeStatusText = { written: '已生成', unchanged: '未变化' } as const;
