/**
 * Diagnostics are data: every stage returns them instead of throwing strings,
 * so `handbook check` can report every problem of a run at once and the CLI
 * alone decides how to print them (text or JSON).
 */

export type Severity = 'error' | 'warning';

/** A position in a source file, 1-based like editors show it. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/**
 * Where a value came from: a place in a file, or a command-line option
 * (`--template`), for values given on the command line rather than in a file.
 */
export interface Origin extends Partial<SourcePosition> {
  option?: string;
}

export interface Diagnostic {
  severity: Severity;
  /** Stable machine code, e.g. `schema/missing-field`. Never translated. */
  code: string;
  /** Chinese, user-facing. Does not repeat file, item or code. */
  message: string;
  file?: string;
  line?: number;
  column?: number;
  /** The command-line option the problem's value came from (`--paper`), when it came from there and not from a file. */
  option?: string;
  /** The catalogue item the problem belongs to, when there is one. */
  itemId?: string;
  /** The contract field (canonical English key), when there is one. */
  field?: string;
  /** Chinese, how to fix it. */
  hint?: string;
}

/** Builds a diagnostic at a position; `at` may be undefined for file-less problems. */
export function diagnostic(
  severity: Severity,
  code: string,
  message: string,
  at?: Origin,
  extra: Partial<Pick<Diagnostic, 'itemId' | 'field' | 'hint'>> = {},
): Diagnostic {
  const d: Diagnostic = { severity, code, message };
  if (at?.file !== undefined) d.file = at.file;
  if (at?.line !== undefined) d.line = at.line;
  if (at?.column !== undefined) d.column = at.column;
  if (at?.option !== undefined) d.option = at.option;
  if (extra.itemId !== undefined) d.itemId = extra.itemId;
  if (extra.field !== undefined) d.field = extra.field;
  if (extra.hint !== undefined) d.hint = extra.hint;
  return d;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/**
 * Orders diagnostics by file, then position, so output is stable whatever
 * order the checks ran in.
 */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.code.localeCompare(b.code),
  );
}

/** A value together with the warnings (or errors) found while making it (typst's `Warned<T>`). */
export interface Checked<T> {
  /** Undefined when an error made it impossible to produce a value. */
  value: T | undefined;
  diagnostics: Diagnostic[];
}

/** Drops repeated diagnostics (one template line rendered for many items reports the same problem). */
export function uniqueDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = JSON.stringify(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
