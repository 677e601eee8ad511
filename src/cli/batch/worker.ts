import { parentPort } from 'node:worker_threads';
import { buildHandbook } from '../../index.js';
import { writeBuildResult } from '../../output/write-result.js';
import { buildAndWriteSite } from '../../output/write-site.js';
import { onTempChange } from '../../output/write-atomic.js';
import type { Job, Outcome, TempNotice } from './protocol.js';
import { failureDiagnostics } from '../write-failure.js';

/*
 * A batch worker: builds the handbooks it is sent, one at a time, and writes
 * them. Fonts are opened once per worker and reused across its jobs.
 */
onTempChange((temp, held) => parentPort!.postMessage({ temp, held } satisfies TempNotice));

parentPort!.on('message', async (job: Job) => {
  const started = performance.now();
  let outcome: Outcome;
  try {
    const result = await buildHandbook(job.file, job.options);
    const written = writeBuildResult(result);
    const site = job.site ? await buildAndWriteSite(result, job.options.script) : undefined;
    outcome = {
      id: job.id,
      ok: true,
      output: result.handbook.output,
      status: written.pdf,
      ...(site && { site: { target: site.target, status: site.status, pages: site.site.pages } }),
      pages: result.pageCount,
      ms: performance.now() - started,
      diagnostics: [...result.diagnostics, ...(site?.site.diagnostics ?? [])],
    };
  } catch (err) {
    const diagnostics = failureDiagnostics(err);
    outcome = {
      id: job.id,
      ok: false,
      ms: performance.now() - started,
      diagnostics: diagnostics ?? [],
      ...(!diagnostics && { internal: err instanceof Error ? err.message : String(err) }),
    };
  }
  parentPort!.postMessage(outcome);
});
