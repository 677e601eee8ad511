import path from 'node:path';
import type { BuildResult } from '../build.js';
import { outputTarget, sameContent, sweepStaleTemps, writeFileAtomic } from './write-atomic.js';

export type WriteStatus = 'written' | 'unchanged';

/**
 * Writes a file unless it already holds these bytes (so unchanged input
 * leaves the file, and its date, alone). A path that is not a regular file
 * (a FIFO, a device, a folder) is refused before anything is read from it.
 * Temporary files that killed runs left beside it are swept either way.
 */
export function writeIfChanged(file: string, bytes: Uint8Array): WriteStatus {
  const target = outputTarget(file);
  sweepStaleTemps(path.dirname(target), path.basename(target), ['tmp']);
  if (sameContent(target, bytes)) return 'unchanged';
  writeFileAtomic(file, bytes);
  return 'written';
}

/** Writes a build's PDF and, when there is one, its imposed sheets. */
export function writeBuildResult(result: BuildResult): { pdf: WriteStatus; imposed?: WriteStatus } {
  const pdf = writeIfChanged(result.handbook.output, result.pdf);
  return result.imposed ? { pdf, imposed: writeIfChanged(result.imposed.path, result.imposed.pdf) } : { pdf };
}
