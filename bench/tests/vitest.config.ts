// The project's vitest.config.ts with the CPU probe (cpu-probe.ts) as a setup file; used by bench/tests.mjs.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import config from '../../vitest.config.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export default {
  ...config,
  root: path.resolve(here, '../..'),
  test: { ...config.test, setupFiles: [path.join(here, 'cpu-probe.ts')] },
};
