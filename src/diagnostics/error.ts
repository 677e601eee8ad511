import type { Diagnostic } from './diagnostic.js';

/**
 * The one error type the library throws on bad input. It carries the
 * diagnostics (data) and keeps the original `cause` for `--debug`.
 */
export class HandbookError extends Error {
  readonly diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic[], options?: { cause?: unknown }) {
    super(diagnostics.map((d) => d.message).join('\n'), options);
    this.name = 'HandbookError';
    this.diagnostics = diagnostics;
  }
}

/** Exit codes in one table (marp-cli). */
export const ExitCode = {
  ok: 0,
  invalidInput: 1,
  usage: 2,
  internal: 70,
} as const;
