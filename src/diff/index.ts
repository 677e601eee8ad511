/**
 * `handbook diff`: what changed between two versions of a directory (动态调整),
 * as data (`CatalogueDiff`) and as sentences for people (`describeDiff`).
 * Sits after the catalogue stage and reads only its results.
 */
import type { Checked } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { nodeHost } from '../host/host.js';
import type { Host } from '../host/host.js';
import { diffCatalogues } from './compare.js';
import { loadVersion } from './load.js';
import type { LoadedVersion } from './load.js';
import type { CatalogueDiff } from './model.js';
import { labelRevision, revisionHost } from './revision.js';

export { diffCatalogues, diffItemFields } from './compare.js';
export { describeDiff, formatDiff, noChangesText } from './describe.js';
export type { DiffEntry } from './describe.js';
export { detectKind, loadVersion } from './load.js';
export type { LoadedVersion, VersionKind } from './load.js';
export { isEmptyDiff, listFields, scalarFields } from './model.js';
export type * from './model.js';
export { RevisionError, revisionHost } from './revision.js';
export type { RevisionHost } from './revision.js';

/**
 * Compares two files, each a catalogue or a handbook file (detected by its
 * keys; a handbook file is compared as resolved: after overrides, exclude,
 * levels and the agency as 公开主体).
 *
 * @param hosts where each file is read from; the file system by default.
 * @returns the diff, and the diagnostics of both files; `value` is undefined
 *   when either file has errors (the same ones `handbook check` reports).
 */
export function diffFiles(oldFile: string, newFile: string, hosts: { old?: Host; new?: Host } = {}): Checked<CatalogueDiff> {
  return compareVersions(loadVersion(oldFile, hosts.old ?? nodeHost), loadVersion(newFile, hosts.new ?? nodeHost));
}

/**
 * Compares a file as committed at git revision `rev` with the file as it is
 * now. For a handbook file, its catalogue files are read at `rev` too.
 * Diagnostics about the old version name their file `rev:path`, since the
 * working file may have other lines.
 *
 * @throws RevisionError when git, the repository or the revision is missing.
 */
export function diffRevision(file: string, rev: string, host: Host = nodeHost): Checked<CatalogueDiff> {
  const old = revisionHost(file, rev);
  const before = loadVersion(file, old);
  return compareVersions({ ...before, diagnostics: labelRevision(before.diagnostics, old) }, loadVersion(file, host));
}

function compareVersions(before: Checked<LoadedVersion>, after: Checked<LoadedVersion>): Checked<CatalogueDiff> {
  const diagnostics = [...before.diagnostics, ...after.diagnostics];
  if (!before.value || !after.value || hasErrors(diagnostics)) return { value: undefined, diagnostics };
  return { value: diffCatalogues(before.value, after.value), diagnostics };
}
