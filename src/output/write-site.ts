import path from 'node:path';
import type { Handbook } from '../catalogue/model.js';
import type { BuildResult } from '../build.js';
import type { Script } from '../markup/script.js';
import { buildSiteFromHandbook } from '../site/build.js';
import type { SiteResult } from '../site/build.js';
import { writeFolderAtomic } from './write-folder.js';
import { writeIfChanged } from './write-result.js';
import type { WriteStatus } from './write-result.js';

/**
 * Where the web twin goes when no -o is given: beside the PDF, named after
 * it — `手册-网站/` for the site folder, `手册.html` for the single page.
 */
export function siteOutputPath(handbook: Handbook, single: boolean): string {
  const stem = path.join(path.dirname(handbook.output), path.basename(handbook.output, path.extname(handbook.output)));
  return single ? `${stem}.html` : `${stem}-网站`;
}

/** Writes a built site: one file atomically (single page), or the whole folder swapped in atomically. */
export async function writeSiteResult(result: SiteResult, target: string): Promise<WriteStatus> {
  if (result.single) return writeIfChanged(target, [...result.files.values()][0]!);
  return writeFolderAtomic(target, result.files);
}

/**
 * The web twin of a handbook just built, written beside its PDF: the PDF
 * offered for download is the one this build made (`build --site`, batch
 * builds, `watch --site`).
 */
export async function buildAndWriteSite(build: BuildResult, script?: Script): Promise<{ site: SiteResult; target: string; status: WriteStatus }> {
  const site = await buildSiteFromHandbook(build.handbook, { pdf: build.pdf, ...(script && { script }) });
  const target = siteOutputPath(site.handbook, false);
  return { site, target, status: await writeSiteResult(site, target) };
}
