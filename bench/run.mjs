#!/usr/bin/env node
// npm run bench: our build against Typst's on the same documents.
//
//   node bench/run.mjs [--runs N] [--cases demo,67,300,1000,province,site] [--localities 84]
//   node bench/run.mjs [runs] [sizes]        (the older form: sizes as 67,300,1000)
//
// Cases: `demo` (the demo handbook, 39 items), a number n (a synthetic
// catalogue of n items), `province` (batch mode: --localities handbooks on
// the demo catalogue), `site` (the web twin, bench/site.mjs). Default: all.
//
// What is timed, per case, with ours and Typst alternating inside each pair
// (ours first in even pairs, Typst first in odd ones) so that the machine's
// drift weighs on both alike:
// - cold: a new process each, spawn to exit. Ours is `handbook build <file>
//   -o <out>` as a user runs it. Typst's is bench/typst/compile.mjs reading a
//   data.json written BEFORE timing (bench/typst/data.mjs): nothing of ours
//   runs in Typst's timed process, and Typst gets the YAML parsed, checked and
//   the QR codes encoded for free, which ours does in its timed build.
// - warm: ours rebuilds in this process (lib.buildHandbook, as watch and batch
//   modes do); Typst recompiles in one process with its compiler kept, each
//   time after the input changed (the first item's name), compile and PDF
//   export only.
// - province: `handbook build FOLDER` (our batch mode, workers on all cores)
//   against the same documents through Typst kept warm in as many processes as
//   there are cores, each compiling its share one after another; spawn to exit.
// For each case both PDFs are checked: page count and text length (pdftotext,
// poppler-utils: non-whitespace characters, digits left out) on both sides.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeLocalities, writeSynthetic } from './synthetic.mjs';
import { usageOf, usagePreload } from './usage.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const opts = { runs: 5, cases: ['demo', '67', '300', '1000', 'province', 'site'], localities: 84 };
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') opts.runs = Number(argv[++i]);
    else if (a === '--cases') opts.cases = argv[++i].split(',');
    else if (a === '--localities') opts.localities = Number(argv[++i]);
    else if (a === '-h' || a === '--help') {
      console.log('node bench/run.mjs [--runs N] [--cases demo,67,300,1000,province,site] [--localities 84]');
      process.exit(0);
    } else positional.push(a);
  }
  if (positional[0] !== undefined) opts.runs = Number(positional[0]);
  if (positional[1] !== undefined) opts.cases = ['demo', ...positional[1].split(',')];
  if (!(opts.runs >= 1)) throw new Error('--runs must be a positive number');
  return opts;
}
const opts = parseArgs(process.argv.slice(2));
const started = performance.now();

if (!fs.existsSync(path.join(repo, 'bench/node_modules/@myriaddreamin/typst-ts-node-compiler'))) {
  spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: path.join(repo, 'bench'), stdio: 'inherit' });
}
// Warm rebuilds run in this process, tuned as the CLI's watch and batch modes are.
await import(pathToFileURL(path.join(repo, 'dist/cli/v8-tuning.js')).href);
const lib = await import(pathToFileURL(path.join(repo, 'dist/index.js')).href);
const { handbookJson } = await import('./typst/data.mjs');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-out-'));
const cli = path.join(repo, 'dist/cli/launch.js');
const typstCompile = path.join(repo, 'bench/typst/compile.mjs');
const cores = os.availableParallelism();

const stat = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
};
const fmt = (xs) => {
  const s = stat(xs);
  return `${s.median.toFixed(0)} [${s.min.toFixed(0)}–${s.max.toFixed(0)}]`;
};

/** Pages, text length (non-whitespace, non-digit characters) and bytes of a PDF. */
function pdfStats(file) {
  const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  if (info.status !== 0) throw new Error(`pdfinfo ${file}: ${info.stderr || info.error}`);
  const text = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout;
  return {
    pages: Number(/^Pages:\s+(\d+)/m.exec(info.stdout)[1]),
    chars: text.replace(/[\s\d]/gu, '').length,
    bytes: fs.statSync(file).size,
  };
}

/** Runs a process to its end; resolves with its wall time (ms) and output. */
function timedSpawn(args, options = {}) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(process.execPath, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t;
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}\n${stderr}${stdout}`));
      else resolve({ ms, stdout, stderr });
    });
  });
}

/** Our cold build: `handbook build <file> -o <out>`, with its peak RSS (MB) from a preload. */
async function ourCold(file, out) {
  fs.rmSync(out, { force: true }); // the CLI skips writing unchanged bytes
  const r = await timedSpawn(['-r', usagePreload, cli, 'build', file, '-o', out]);
  return { ms: r.ms, rss: usageOf(r.stderr).rss };
}

/** Typst compiling data.json → PDF pairs in one process: wall time, each compile's ms, peak RSS. */
async function typstRun(pairs) {
  const r = await timedSpawn([typstCompile, ...pairs.flat()]);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  return { ms: r.ms, compiles: lines.filter((l) => 'ms' in l).map((l) => l.ms), rss: lines.at(-1).rss };
}

/** Runs `ours` and `typst` `runs` times, alternating which goes first. */
async function alternate(runs, ours, typst) {
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      a.push(await ours());
      b.push(await typst());
    } else {
      b.push(await typst());
      a.push(await ours());
    }
  }
  return [a, b];
}

/** Typst's input (handbookJson's text), written now (untimed); `variant` changes the first item's name. */
function typstInput(json, name, variant = 0) {
  const data = JSON.parse(json);
  if (variant) data.categories[0].items[0].name += `（${variant}）`;
  const out = path.join(scratch, `${name}.json`);
  fs.writeFileSync(out, JSON.stringify(data));
  return out;
}

async function documentCase(label, file) {
  const ours = path.join(scratch, 'ours.pdf');
  const typst = path.join(scratch, 'typst.pdf');
  const json = handbookJson(file);
  const input = typstInput(json, 'data');
  const [cold, tcold] = await alternate(
    opts.runs,
    () => ourCold(file, ours),
    () => typstRun([[input, typst]]),
  );
  const o = pdfStats(ours);
  const t = pdfStats(typst);

  // Warm: ours in this process (its first build here is cold and not counted);
  // Typst in one process, recompiling after each change of its input.
  const warm = [];
  await lib.buildHandbook(file);
  for (let i = 0; i < opts.runs; i++) {
    const s = performance.now();
    await lib.buildHandbook(file);
    warm.push(performance.now() - s);
  }
  const variants = Array.from({ length: opts.runs + 1 }, (_, v) => [typstInput(json, `v${v}`, v), path.join(scratch, 'typst-warm.pdf')]);
  const twarm = (await typstRun(variants)).compiles.slice(1);

  const ms = (xs) => xs.map((x) => x.ms);
  return {
    label,
    pages: [o.pages, t.pages],
    chars: [o.chars, t.chars],
    bytes: [o.bytes, t.bytes],
    rss: [Math.max(...cold.map((x) => x.rss)), Math.max(...tcold.map((x) => x.rss))],
    cold: [ms(cold), ms(tcold)],
    warm: [warm, twarm],
  };
}

async function provinceCase(n) {
  const dir = writeLocalities(n, repo);
  const files = Array.from({ length: n }, (_, i) => path.join(dir, `loc${i + 1}.yaml`));
  const typstDir = path.join(dir, 'typst');
  fs.mkdirSync(typstDir);
  const pairs = files.map((f, i) => {
    const input = path.join(typstDir, `loc${i + 1}.json`);
    fs.writeFileSync(input, handbookJson(f));
    return [input, path.join(typstDir, `loc${i + 1}.pdf`)];
  });
  // Typst: as many processes as cores, each compiling its share with one kept compiler.
  const shares = Array.from({ length: cores }, (_, c) => pairs.filter((_, i) => i % cores === c));
  const [ours, typst] = await alternate(
    opts.runs,
    async () => {
      fs.rmSync(path.join(dir, 'out'), { recursive: true, force: true });
      return (await timedSpawn([cli, 'build', dir], { cwd: dir })).ms;
    },
    async () => {
      const t = performance.now();
      await Promise.all(shares.filter((s) => s.length).map(typstRun));
      return performance.now() - t;
    },
  );
  const sum = (list) => list.map(pdfStats).reduce((a, s) => ({ pages: a.pages + s.pages, chars: a.chars + s.chars, bytes: a.bytes + s.bytes }));
  const o = sum(files.map((_, i) => path.join(dir, 'out', `loc${i + 1}.pdf`)));
  const t = sum(pairs.map((p) => p[1]));
  fs.rmSync(dir, { recursive: true, force: true });
  return { label: `province (${n} × 39 items)`, pages: [o.pages, t.pages], chars: [o.chars, t.chars], bytes: [o.bytes, t.bytes], cold: [ours, typst] };
}

const results = [];
for (const c of opts.cases) {
  if (c === 'site') continue;
  if (c === 'province') results.push(await provinceCase(opts.localities));
  else if (c === 'demo') results.push(await documentCase('demo (39 items)', path.join(repo, 'data/示例县/handbook.yaml')));
  else {
    const file = writeSynthetic(Number(c));
    results.push(await documentCase(`${c} items`, file));
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
  const r = results.at(-1);
  console.error(`  done: ${r.label}`);
}
fs.rmSync(scratch, { recursive: true, force: true });

const ratio = (pair) => stat(pair[0]).median / stat(pair[1]).median;
const both = (pair, f = (x) => x) => `${f(pair[0])} / ${f(pair[1])}`;
const kb = (b) => Math.round(b / 1024);
console.log(`\n${os.cpus()[0]?.model ?? 'cpu'}, ${cores} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; ${opts.runs} runs per case`);
console.log('Each cell: ours / Typst. ms as median [min–max]; "batch" rows time the whole folder.');
console.table(
  results.map((r) => ({
    case: r.label,
    pages: both(r.pages),
    'text chars': both(r.chars),
    'size KB': both(r.bytes, kb),
    [`cold ms`]: both(r.cold, fmt),
    'cold ratio': ratio(r.cold).toFixed(2),
    'warm ms': r.warm ? both(r.warm, fmt) : '—',
    'warm ratio': r.warm ? ratio(r.warm).toFixed(2) : '—',
    'peak RSS MB (cold)': r.rss ? both(r.rss, Math.round) : '—',
  })),
);

// The targets (issues #10 and #20), checked on this run's numbers.
const mark = (ok) => (ok ? 'met' : 'NOT met');
const find = (prefix) => results.find((r) => r.label.startsWith(prefix));
const targets = [
  ['province', 'province batch ≤ 1.0 × Typst', 1.0],
  ['demo', 'cold demo ≤ 1.5 × Typst', 1.5],
  ['300 ', 'cold 300 items ≤ 1.5 × Typst', 1.5],
];
console.log('\nTargets (this run):');
for (const [prefix, text, limit] of targets) {
  const r = find(prefix);
  if (r) console.log(`  ${text}: ${ratio(r.cold).toFixed(2)} × — ${mark(ratio(r.cold) <= limit)}`);
}
const r300 = find('300 ');
if (r300) console.log(`  peak RSS at 300 items ≤ 300 MB: ${Math.round(r300.rss[0])} MB — ${mark(r300.rss[0] <= 300)}`);

if (opts.cases.includes('site')) {
  // The web twin's build time, on the same machine in the same run.
  const { benchSite } = await import('./site.mjs');
  await benchSite(opts.runs, [300]);
}
console.log(`\nbench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
