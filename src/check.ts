import type { Handbook } from './catalogue/model.js';
import { resolveHandbook } from './catalogue/resolve.js';
import type { ResolveOptions } from './catalogue/resolve.js';
import { refusePlaceholders } from './catalogue/placeholder.js';
import { hasErrors } from './diagnostics/diagnostic.js';
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { HandbookError } from './diagnostics/error.js';
import { nodeHost } from './host/host.js';
import type { Host } from './host/host.js';

/*
 * The catalogue stage on its own, in a module that does not load the PDF
 * stages, so `handbook check` and the diff start quickly.
 */

export interface CheckOptions extends ResolveOptions {
  host?: Host;
}

/** Loads, validates and resolves a handbook file; reports every problem at once. */
export function checkHandbook(file: string, options: CheckOptions = {}): { handbook: Handbook | undefined; diagnostics: Diagnostic[] } {
  const { host = nodeHost, ...rest } = options;
  const epoch = sourceDateEpoch();
  const resolveOptions: ResolveOptions = { ...rest };
  if (rest.sourceDateEpoch === undefined && epoch !== undefined) resolveOptions.sourceDateEpoch = epoch;
  const { value, diagnostics } = resolveHandbook(file, host, resolveOptions);
  return { handbook: value, diagnostics };
}

/**
 * The resolved handbook for something that will be printed or published
 * (build, site), or a HandbookError with every diagnostic. What `check` lists
 * as still to fill in (「待填写」) is an error here: a blank is never printed.
 */
export function requireHandbook(file: string, options: CheckOptions = {}): { handbook: Handbook; diagnostics: Diagnostic[] } {
  const { handbook, diagnostics } = checkHandbook(file, options);
  const refused = refusePlaceholders(diagnostics);
  if (!handbook || hasErrors(refused)) throw new HandbookError(refused);
  return { handbook, diagnostics };
}

/** SOURCE_DATE_EPOCH (reproducible-builds.org) when set to a whole number of seconds. */
export function sourceDateEpoch(): number | undefined {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  return epoch !== undefined && /^\d+$/.test(epoch) ? Number(epoch) : undefined;
}
