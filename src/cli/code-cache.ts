import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/**
 * Runs the bundled CLI (dist/handbook.cjs, made by `npm run build`) with a
 * V8 code cache beside it.
 *
 * A cold build spends a fifth of its time loading and compiling a few hundred
 * modules, and compiling functions the first time they run. One bundled
 * script loads faster than the module graph, and a code cache written after
 * a whole build (so it holds every function that build compiled) spares the
 * compiler. Node 20 has no built-in cache for ES modules; `vm.Script` with
 * `cachedData` is the documented way.
 */
export type CacheStatus = 'used' | 'missing' | 'rejected';

export interface CompiledBundle {
  script: vm.Script;
  status: CacheStatus;
}

export const cacheFileOf = (bundle: string) => `${bundle}.cache`;

/** Compiles the bundle as a CommonJS module body, with its code cache when there is one V8 accepts. */
export function compileBundle(bundle: string): CompiledBundle {
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFileOf(bundle));
  } catch {
    // No cache yet: compile from source.
  }
  // The bundle is ASCII (bundle.ts escapes the rest): Latin-1 is the fast read.
  const source = fs.readFileSync(bundle, 'latin1').replace(/^#!.*/, '');
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundle,
    ...(cachedData && { cachedData }),
  });
  // V8 refuses a cache made by another V8 version or with other flags.
  const status: CacheStatus = !cachedData ? 'missing' : script.cachedDataRejected ? 'rejected' : 'used';
  return { script, status };
}

/**
 * Runs the bundle and returns its exports. When it had no usable cache, one
 * is written as the process exits, so it holds what this run compiled;
 * failing to write it (a read-only install) costs only speed.
 */
export function runBundle(bundle: string): Record<string, unknown> {
  const { script, status } = compileBundle(bundle);
  if (status !== 'used') process.once('exit', () => writeCache(bundle, script));
  const module = { exports: {} as Record<string, unknown> };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
  return module.exports;
}

function writeCache(bundle: string, script: vm.Script): void {
  const file = cacheFileOf(bundle);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, script.createCachedData());
    fs.renameSync(temp, file);
  } catch {
    fs.rmSync(temp, { force: true });
  }
}
