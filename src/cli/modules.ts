#!/usr/bin/env node
// The `handbook` command from the compiled modules, without the bundle
// (test/e2e/install.test.ts compares the two outputs byte for byte).
import './v8-tuning.js';
import { main } from './main.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
