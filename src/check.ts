import type { Handbook } from './catalogue/model.js';
import { resolveHandbook } from './catalogue/resolve.js';
import type { ResolveOptions } from './catalogue/resolve.js';
import type { Diagnostic } from './diagnostics/diagnostic.js';
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

/** SOURCE_DATE_EPOCH (reproducible-builds.org) when set to a whole number of seconds. */
export function sourceDateEpoch(): number | undefined {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  return epoch !== undefined && /^\d+$/.test(epoch) ? Number(epoch) : undefined;
}
