/**
 * The library: everything the CLI does is a call here, and tests call the
 * same functions.
 */
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { requireHandbook, sourceDateEpoch } from './check.js';
import type { CheckOptions } from './check.js';
import { codePoint } from './catalogue/characters.js';
import { buildFromHandbook, prepareDocument } from './build.js';
import { openFace } from './document/fonts.js';
import type { Script } from './markup/script.js';
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

export { checkHandbook } from './check.js';
export type { CheckOptions } from './check.js';

export interface BuildOptions extends CheckOptions {
  print?: PrintOptions;
  /** Build even when a character is in no font (it prints as an empty box); warn instead. */
  allowMissingGlyphs?: boolean;
  /** The previous edition's handbook or catalogue file: adds a 「本版更新说明」 page. */
  changesFrom?: string;
  /** hant: a traditional-character edition of any template. */
  script?: Script;
}

/**
 * Checks and builds a handbook file into PDF bytes (nothing is written).
 * Throws HandbookError carrying every diagnostic when the input is invalid.
 */
export async function buildHandbook(file: string, options: BuildOptions = {}): Promise<BuildResult> {
  const { print, allowMissingGlyphs, changesFrom, script, ...check } = options;
  const { handbook, diagnostics } = requireHandbook(file, check);
  let changes: { text: string }[] | undefined;
  if (changesFrom !== undefined) {
    const diff = diffFiles(changesFrom, file, check.host ? { new: check.host } : {});
    if (!diff.value || hasErrors(diff.diagnostics)) throw new HandbookError(diff.diagnostics);
    changes = describeDiff(diff.value).map((e) => ({ text: e.text }));
  }
  const epoch = sourceDateEpoch();
  const result = await buildFromHandbook(handbook, {
    ...(epoch !== undefined && { sourceDateEpoch: epoch }),
    ...(print && { print }),
    ...(allowMissingGlyphs && { allowMissingGlyphs }),
    ...(changes && { changes }),
    ...(script && { script }),
  });
  return { ...result, diagnostics: [...diagnostics, ...result.diagnostics] };
}


export { writeFileAtomic } from './output/write-atomic.js';
export type { BuildResult, PrintOptions } from './build.js';

export interface FontsReport {
  /** The resolved families the template uses, with where their files came from. */
  families: { name: string; normal: string; bold: string; via: string; characters: number }[];
  /** role → family names, main first. */
  roles: Record<string, string[]>;
  /** Distinct characters the handbook prints. */
  characters: number;
  /** Characters set in a fallback family. */
  fallback: { char: string; codePoint: string; family: string }[];
  /** Characters no family has. */
  missing: { char: string; codePoint: string; family: string }[];
  diagnostics: Diagnostic[];
}

/**
 * What `handbook fonts` shows: the fonts a handbook's template uses, their
 * files and coverage, and which of the handbook's characters come from a
 * fallback or from no font at all. Missing glyphs are reported, not thrown.
 */
export function inspectFonts(file: string, options: CheckOptions & { print?: PrintOptions } = {}): FontsReport {
  const { print, ...check } = options;
  const { handbook, diagnostics } = requireHandbook(file, check);
  const prepared = prepareDocument(handbook, { ...(print && { print }), allowMissingGlyphs: true });
  const fileName = (f: string | [string, string]) => (typeof f === 'string' ? f : `${f[0]}（${f[1]}）`);
  return {
    families: prepared.fonts.map((f) => ({
      name: f.name,
      normal: fileName(f.normal),
      bold: fileName(f.bold),
      via: f.via,
      characters: openFace(f.normal).characterSet.length,
    })),
    roles: Object.fromEntries(Object.entries(prepared.chains).map(([role, chain]) => [role, chain.map((f) => f.name)])),
    characters: prepared.coverage.printedBy.size,
    fallback: [...prepared.coverage.fallback].map(([char, family]) => ({ char, codePoint: codePoint(char), family })),
    missing: [...prepared.coverage.missing].map(([char, family]) => ({ char, codePoint: codePoint(char), family })),
    diagnostics: [...diagnostics, ...prepared.diagnostics],
  };
}

export { buildSite } from './site/api.js';
export type { SiteOptions } from './site/api.js';
export { buildSiteFromHandbook } from './site/build.js';
export type { SiteBuildOptions, SiteResult } from './site/build.js';
export { writeSiteResult, siteOutputPath } from './output/write-site.js';

export { diffFiles, diffRevision, describeDiff, formatDiff } from './diff/index.js';
import { describeDiff, diffFiles } from './diff/index.js';
export type * from './diff/model.js';
