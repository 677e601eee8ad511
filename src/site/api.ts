import { requireHandbook } from '../check.js';
import type { CheckOptions } from '../check.js';
import { buildSiteFromHandbook } from './build.js';
import type { SiteBuildOptions, SiteResult } from './build.js';

export interface SiteOptions extends CheckOptions, SiteBuildOptions {}

/**
 * Checks a handbook file and builds its web twin (nothing is written): the
 * pages its QR codes open, an index with search and the PDF for download, or
 * one self-contained page with `single`. Throws HandbookError when invalid.
 * In a module of its own so that `handbook site` loads none of the PDF stages.
 */
export async function buildSite(file: string, options: SiteOptions = {}): Promise<SiteResult> {
  const { single, script, pdf, ...check } = options;
  const { handbook, diagnostics } = requireHandbook(file, check);
  const result = await buildSiteFromHandbook(handbook, { ...(single && { single }), ...(script && { script }), ...(pdf && { pdf }) });
  return { ...result, diagnostics: [...diagnostics, ...result.diagnostics] };
}
