import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { BuildOptions } from '../../index.js';
import type { WriteStatus } from '../../output/write-result.js';

/** What the main thread sends a worker: one handbook to build. */
export interface Job {
  id: number;
  file: string;
  options: BuildOptions;
}

/** What a worker answers for a job. */
export type Outcome =
  | {
      id: number;
      ok: true;
      output: string;
      status: WriteStatus;
      pages: number;
      ms: number;
      diagnostics: Diagnostic[];
    }
  | { id: number; ok: false; ms: number; diagnostics: Diagnostic[]; internal?: string };
