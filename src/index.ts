/**
 * The library: everything the CLI does is a call here, and tests call the
 * same functions.
 */
import type { Handbook } from './catalogue/model.js';
import { resolveHandbook } from './catalogue/resolve.js';
import type { ResolveOptions } from './catalogue/resolve.js';
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { nodeHost } from './host/host.js';
import type { Host } from './host/host.js';

export type { Handbook, Item, Category, Locality, Contact, Edition } from './catalogue/model.js';
export type { Diagnostic, Severity, SourcePosition } from './diagnostics/diagnostic.js';
export { HandbookError, ExitCode } from './diagnostics/error.js';
export { formatDiagnostic } from './diagnostics/format.js';
export { resolveHandbook } from './catalogue/resolve.js';
export type { ResolveOptions } from './catalogue/resolve.js';

export interface CheckOptions extends ResolveOptions {
  host?: Host;
}

/** Loads, validates and resolves a handbook file; reports every problem at once. */
export function checkHandbook(
  file: string,
  options: CheckOptions = {},
): { handbook: Handbook | undefined; diagnostics: Diagnostic[] } {
  const { host = nodeHost, ...rest } = options;
  const epoch = process.env.SOURCE_DATE_EPOCH;
  const resolveOptions: ResolveOptions = { ...rest };
  if (rest.sourceDateEpoch === undefined && epoch !== undefined && /^\d+$/.test(epoch)) {
    resolveOptions.sourceDateEpoch = Number(epoch);
  }
  const { value, diagnostics } = resolveHandbook(file, host, resolveOptions);
  return { handbook: value, diagnostics };
}
