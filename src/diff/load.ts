import path from 'node:path';
import { fieldName } from '../catalogue/fields.js';
import { loadCatalogue, readYaml } from '../catalogue/load.js';
import { resolveHandbook } from '../catalogue/resolve.js';
import { diagnostic, hasErrors } from '../diagnostics/diagnostic.js';
import type { Checked } from '../diagnostics/diagnostic.js';
import type { Host } from '../host/host.js';
import type { DiffVersion } from './model.js';

export type VersionKind = 'catalogue' | 'handbook';

/** A version ready to compare, and what kind of file it came from. */
export interface LoadedVersion extends DiffVersion {
  readonly kind: VersionKind;
  /** Absolute path of the file named on the command line. */
  readonly file: string;
}

/**
 * A catalogue has `categories`, a handbook file names its `catalogue`. Both
 * contracts are strict objects, so a file with either key can only be that
 * kind (or be wrong in a way that kind's checks explain best).
 */
export function detectKind(data: unknown): VersionKind | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  if ('categories' in data) return 'catalogue';
  if ('catalogue' in data) return 'handbook';
  return undefined;
}

/**
 * Loads one side of a diff through the catalogue stage: a catalogue file as
 * `handbook check` validates it, a handbook file resolved (overrides,
 * exclude, levels, the agency as 公开主体), so invalid input gets exactly the
 * diagnostics `handbook check` gives. `value` is set only without errors.
 */
export function loadVersion(file: string, host: Host): Checked<LoadedVersion> {
  const abs = path.resolve(file);
  const read = readYaml(abs, host);
  if (read.data === undefined || hasErrors(read.diagnostics)) return { value: undefined, diagnostics: read.diagnostics };
  const kind = detectKind(read.data);
  if (kind === 'catalogue') {
    const { value, diagnostics } = loadCatalogue(abs, host);
    return { value: value && { kind, file: abs, categories: value.data.categories }, diagnostics };
  }
  if (kind === 'handbook') {
    const { value, diagnostics } = resolveHandbook(abs, host);
    return { value: value && { kind, file: abs, categories: value.categories }, diagnostics };
  }
  return {
    value: undefined,
    diagnostics: [
      diagnostic('error', 'diff/unknown-file', `无法判断是目录文件还是手册文件：既没有${fieldName('categories')}，也没有${fieldName('catalogue')}`, { file: abs, line: 1, column: 1 }, {
        hint: '目录文件必须有 categories，手册文件必须有 catalogue；检查文件名和字段名是否写错。',
      }),
    ],
  };
}
