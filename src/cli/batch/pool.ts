import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { holdTemp, releaseTemp } from '../../output/write-atomic.js';
import type { Job, Outcome, WorkerMessage } from './protocol.js';

/**
 * Runs jobs on worker threads, one per core (at most one per job), and
 * reports each outcome as it arrives. Outcomes come back in job order.
 * The workers' temporary files are registered here, on the main thread,
 * where the CLI's signal handlers remove them.
 */
export async function runPool(jobs: Job[], onOutcome: (o: Outcome, done: number) => void, size = os.availableParallelism()): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(jobs.length);
  const queue = [...jobs];
  let done = 0;
  const entry = workerEntry();
  const workers = Array.from({ length: Math.max(1, Math.min(size, jobs.length)) }, () => new Worker(entry));
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          let current: Job | undefined;
          const next = () => {
            current = queue.shift();
            if (!current) {
              void worker.terminate().then(() => resolve());
              return;
            }
            worker.postMessage(current);
          };
          worker.on('message', (m: WorkerMessage) => {
            if ('temp' in m) {
              if (m.held) holdTemp(m.temp);
              else releaseTemp(m.temp);
              return;
            }
            outcomes[jobs.indexOf(current!)] = m;
            onOutcome(m, ++done);
            next();
          });
          worker.once('error', reject);
          next();
        }),
    ),
  );
  return outcomes;
}

/**
 * The bundled worker (dist/handbook-worker.cjs, with the patched pdfmake,
 * pdfkit and fontkit inside) when the build made one; the modules otherwise,
 * as in a checkout built with plain `tsc`.
 */
function workerEntry(): URL {
  const bundled = new URL('../../handbook-worker.cjs', import.meta.url);
  return fs.existsSync(bundled) ? bundled : new URL('./worker.js', import.meta.url);
}
