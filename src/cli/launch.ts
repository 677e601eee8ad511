#!/usr/bin/env node
// The `handbook` command. First: V8 flags apply to functions created after
// they are set, and a code cache is accepted only under the flags it was made with.
import './v8-tuning.js';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runBundle } from './code-cache.js';

type Main = (argv: string[]) => Promise<number>;

// The bundle is a build product; a checkout built with plain `tsc` runs the modules.
const bundle = fileURLToPath(new URL('../handbook.cjs', import.meta.url));
const main = fs.existsSync(bundle) ? (runBundle(bundle).main as Main) : (await import('./main.js')).main;
main(process.argv).then((code) => {
  process.exitCode = code;
});
