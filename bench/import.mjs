// Times `handbook import` on each file of a folder, through the built CLI, as a user runs it:
//   HANDBOOK_FORMATS_DIR=/tmp/formats npx vitest run test/import/formats.test.ts
//   node bench/import.mjs /tmp/formats [runs]
// Each file is imported `runs` times (default 5), files taken in turn so that the machine's drift
// weighs on all; prints the median wall time per format and the bytes read.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/cli/launch.js');
const [folder, runsText = '5'] = process.argv.slice(2);
if (!folder) {
  console.error('usage: node bench/import.mjs <folder of tables> [runs]');
  process.exit(2);
}
const runs = Number(runsText);
const inputs = fs
  .readdirSync(folder)
  .filter((n) => /\.(xlsx|xls|docx|doc|pdf|csv|html?|txt)$/i.test(n))
  .map((n) => path.join(folder, n));
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-import-bench-'));
const times = new Map(inputs.map((f) => [f, []]));
for (let r = 0; r < runs; r++) {
  // Alternate the order each round.
  const order = r % 2 === 0 ? inputs : [...inputs].reverse();
  for (const file of order) {
    const start = process.hrtime.bigint();
    const res = spawnSync(process.execPath, [cli, 'import', file, '-o', path.join(out, 'c.yaml')], { encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (res.status !== 0) {
      console.error(`${path.basename(file)}: exit ${res.status}\n${res.stderr}`);
      process.exit(1);
    }
    times.get(file).push(ms);
  }
}
fs.rmSync(out, { recursive: true, force: true });
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
console.log(`handbook import, median of ${runs} runs (${os.cpus().length} cores, Node ${process.version})`);
console.log('file                          bytes     ms');
for (const [file, t] of times) console.log(`${path.basename(file).padEnd(28)} ${String(fs.statSync(file).size).padStart(7)} ${median(t).toFixed(0).padStart(6)}`);
