// The reading side of bench/report-usage.cjs: the preload to pass to `node -r`,
// and the usage it reported on a process's stderr.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const usagePreload = path.join(path.dirname(fileURLToPath(import.meta.url)), 'report-usage.cjs');

/** The {rss (MB), cpu (ms)} report-usage.cjs wrote last on `stderr`. */
export function usageOf(stderr) {
  return JSON.parse(stderr.split('BENCH ').pop());
}
