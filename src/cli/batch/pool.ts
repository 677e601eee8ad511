import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Job, Outcome } from './protocol.js';

/**
 * Runs jobs on worker threads, one per core (at most one per job), and
 * reports each outcome as it arrives. Outcomes come back in job order.
 */
export async function runPool(jobs: Job[], onOutcome: (o: Outcome, done: number) => void, size = os.availableParallelism()): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(jobs.length);
  const queue = [...jobs];
  let done = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(size, jobs.length)) }, () => new Worker(new URL('./worker.js', import.meta.url)));
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          const next = () => {
            const job = queue.shift();
            if (!job) {
              void worker.terminate().then(() => resolve());
              return;
            }
            worker.once('message', (o: Outcome) => {
              outcomes[jobs.indexOf(job)] = o;
              onOutcome(o, ++done);
              next();
            });
            worker.postMessage(job);
          };
          worker.once('error', reject);
          next();
        }),
    ),
  );
  return outcomes;
}
