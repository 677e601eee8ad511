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
import { buildFromHandbook } from './build.js';
import type { BuildResult, PrintOptions } from './build.js';
import { hasErrors } from './diagnostics/diagnostic.js';
import { HandbookError } from './diagnostics/error.js';

export type { Handbook, Item, Category, Locality, Contact, Edition } from './catalogue/model.js';
export type { Diagnostic, Severity, SourcePosition } from './diagnostics/diagnostic.js';
export { HandbookError, ExitCode } from './diagnostics/error.js';
export { buildFromHandbook } from './build.js';
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
  const epoch = sourceDateEpoch();
  const resolveOptions: ResolveOptions = { ...rest };
  if (rest.sourceDateEpoch === undefined && epoch !== undefined) resolveOptions.sourceDateEpoch = epoch;
  const { value, diagnostics } = resolveHandbook(file, host, resolveOptions);
  return { handbook: value, diagnostics };
}

export interface BuildOptions extends CheckOptions {
  print?: PrintOptions;
}

/**
 * Checks and builds a handbook file into PDF bytes (nothing is written).
 * Throws HandbookError carrying every diagnostic when the input is invalid.
 */
export async function buildHandbook(file: string, options: BuildOptions = {}): Promise<BuildResult> {
  const { print, ...check } = options;
  const { handbook, diagnostics } = checkHandbook(file, check);
  if (!handbook || hasErrors(diagnostics)) throw new HandbookError(diagnostics);
  const epoch = sourceDateEpoch();
  const result = await buildFromHandbook(handbook, {
    ...(epoch !== undefined && { sourceDateEpoch: epoch }),
    ...(print && { print }),
  });
  return { ...result, diagnostics: [...diagnostics, ...result.diagnostics] };
}

/** SOURCE_DATE_EPOCH (reproducible-builds.org) when set to a whole number of seconds. */
function sourceDateEpoch(): number | undefined {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  return epoch !== undefined && /^\d+$/.test(epoch) ? Number(epoch) : undefined;
}

export { writeFileAtomic } from './output/write-atomic.js';
export type { BuildResult, PrintOptions } from './build.js';
