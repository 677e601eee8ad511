import type { BuildResult } from '../build.js';
import { sameContent, writeFileAtomic } from './write-atomic.js';

export type WriteStatus = 'written' | 'unchanged';

/** Writes a file unless it already holds these bytes (so unchanged input leaves the file, and its date, alone). */
export function writeIfChanged(file: string, bytes: Uint8Array): WriteStatus {
  if (sameContent(file, bytes)) return 'unchanged';
  writeFileAtomic(file, bytes);
  return 'written';
}

/** Writes a build's PDF and, when there is one, its imposed sheets. */
export function writeBuildResult(result: BuildResult): { pdf: WriteStatus; imposed?: WriteStatus } {
  const pdf = writeIfChanged(result.handbook.output, result.pdf);
  return result.imposed ? { pdf, imposed: writeIfChanged(result.imposed.path, result.imposed.pdf) } : { pdf };
}
