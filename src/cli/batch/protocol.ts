import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { BuildOptions } from '../../index.js';
import type { WriteStatus } from '../../output/write-result.js';

/** What the main thread sends a worker: one handbook to build. */
export interface Job {
  id: number;
  file: string;
  options: BuildOptions;
  /** Also write the handbook's web twin beside its PDF. */
  site?: boolean;
}

/** What a worker answers for a job. */
export type Outcome =
  | {
      id: number;
      ok: true;
      output: string;
      status: WriteStatus;
      /** Where the web twin went and what happened to it, with --site. */
      site?: { target: string; status: WriteStatus; pages: number };
      pages: number;
      ms: number;
      diagnostics: Diagnostic[];
    }
  | { id: number; ok: false; ms: number; diagnostics: Diagnostic[]; internal?: string };

/**
 * A worker's temporary output file appeared (held) or went (renamed into
 * place or removed): the main thread, which alone receives signals, keeps
 * the list so that an interrupted batch leaves no temporary file behind.
 */
export interface TempNotice {
  temp: string;
  held: boolean;
}

/** Anything a worker posts. */
export type WorkerMessage = Outcome | TempNotice;
