#!/usr/bin/env node
// What each speed-up buys: cold builds (a new `handbook build` process each,
// as a user runs it) of the demo and of synthetic catalogues, with the
// project as built and with one speed-up taken out at a time.
//
// Every variant is a project copy in a temporary folder: dist/ copied from
// this checkout (or from --dist), node_modules linked package by package,
// with copies of the packages a variant changes. Patch hunks are taken out
// by reverse-applying them (`patch -R`) to the copy, cut from the files in
// patches/; project code by editing the copied dist/. Each copy is bundled
// and its code cache written as `npm run build` does, so every variant
// starts as an install would. Nothing in src/ knows about this.
//
// Runs alternate: round r runs every variant once, in an order rotated by r,
// so the machine's drift weighs on all alike. Reported per variant: median
// and spread (25th–75th percentile) of wall time (spawn to exit) and of the
// child's CPU time (user + system, all its threads, from
// process.resourceUsage() in a preload); the gain is the median of the
// paired differences (variant − base in the same round).
//
// Usage: node bench/ablate.mjs [--runs 15] [--cases demo,300] [--only a,b] [--dist name=DIR] [--json FILE] [--keep] [--list]
//   --cases   demo and/or item counts for bench/synthetic.mjs
//   --only    variants to run besides base (names from --list)
//   --dist    an extra variant: another build's dist/ folder (e.g. a worktree of an older commit)
// Needs `npm run build` first.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSynthetic } from './synthetic.mjs';
import { usageOf, usagePreload } from './usage.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const runs = Number(opt('runs', 15));
const cases = opt('cases', 'demo,300').split(',');
const extraDists = args.flatMap((a, i) => (a === '--dist' ? [args[i + 1]] : []));

/** The hunks of a patch file: per file its header lines and hunks (with the old file's start line). */
function readPatch(name) {
  const files = [];
  for (const line of fs.readFileSync(path.join(repo, 'patches', name), 'utf8').split('\n')) {
    if (line.startsWith('diff --git ')) files.push({ file: path.basename(line.split(' ').pop()), head: [line], hunks: [] });
    else if (line.startsWith('@@ ')) files.at(-1).hunks.push({ start: Number(/^@@ -(\d+)/.exec(line)[1]), lines: [line] });
    else if (files.at(-1)?.hunks.length) files.at(-1).hunks.at(-1).lines.push(line);
    else files.at(-1)?.head.push(line);
  }
  return files;
}

/**
 * Hunks of one patch file, chosen as `File.js` (all its hunks) or `File.js:start`
 * (the hunk whose old text starts at that line): the text of a patch holding
 * only those, and the lines they add.
 */
function hunks(patchFile, picks) {
  let text = '';
  let added = 0;
  const found = new Set();
  for (const f of readPatch(patchFile)) {
    const chosen = f.hunks.filter((h) => picks.some((p) => p === f.file || p === `${f.file}:${h.start}`));
    if (chosen.length === 0) continue;
    text += `${f.head.join('\n')}\n`;
    for (const h of chosen) {
      text += `${h.lines.join('\n').replace(/\n+$/, '')}\n`;
      added += h.lines.filter((l) => l.startsWith('+')).length;
      found.add(f.file).add(`${f.file}:${h.start}`);
    }
  }
  const missing = picks.filter((p) => !found.has(p));
  if (missing.length) throw new Error(`${patchFile}: no hunk ${missing.join(', ')}`);
  return { patchFile, text, added };
}

/** Replaces `from` in a file of the copy, failing when it is not there (the code moved). */
function edit(dir, file, from, to) {
  const at = path.join(dir, file);
  const text = fs.readFileSync(at, 'utf8');
  if (!text.includes(from)) throw new Error(`${file}: "${from}" not found; update bench/ablate.mjs`);
  fs.writeFileSync(at, text.replace(from, to));
}

const PDFMAKE = 'pdfmake+0.3.11.patch';
const PDFKIT = 'pdfkit+0.19.1.patch';
const FONTKIT = 'fontkit+2.0.4.patch';

/**
 * The speed-ups. `reverse`: patch hunks taken out; `prepare`: edits to the
 * copied dist/; `bundle: false`: run the modules unbundled; `cache: false`:
 * the bundle without a code cache. Correctness hunks (paths move with their
 * container, nested text style, characterSpacing, the stray `f`) and what the
 * project's code calls (rect links, path `rects`/`scale`, fontkit faces as
 * font sources and font functions) are not speed-ups and are not here.
 */
const variants = [
  { name: 'base', what: 'as built' },
  {
    name: 'v8-budget',
    what: 'V8 interrupt budget at its default (src/cli/v8-tuning.ts)',
    prepare: (dir) => edit(dir, 'dist/cli/v8-tuning.js', 'if (!given)', 'if (false)'),
  },
  { name: 'bundle', what: 'no bundle, no code cache: dist/cli/main.js and node_modules (src/cli/bundle.ts, code-cache.ts)', bundle: false },
  { name: 'code-cache', what: 'the bundle without its code cache (src/cli/code-cache.ts)', cache: false },
  {
    name: 'yaml-fast',
    what: 'every YAML file read by the yaml library (src/catalogue/yaml-fast.ts)',
    prepare: (dir) => edit(dir, 'dist/catalogue/yaml-fast.js', 'export function needsFullParser(text) {', 'export function needsFullParser(text) {\n    return true;'),
  },
  {
    name: 'pdfmake-render-runs',
    what: 'pdfmake: one text run per look, drawn with _fragment (Renderer.js)',
    reverse: [hunks(PDFMAKE, ['Renderer.js:38', 'Renderer.js:145'])],
  },
  {
    name: 'pdfmake-layout',
    what: 'pdfmake: text layout (style resolution, word runs, line breaking, inline shape, less garbage)',
    reverse: [hunks(PDFMAKE, ['DocMeasure.js', 'LayoutBuilder.js', 'Line.js', 'StyleContextStack.js', 'TextBreaker.js', 'TextInlines.js', 'node.js'])],
  },
  {
    name: 'pdfmake-word-runs',
    what: 'pdfmake: consecutive words as one inline (TextBreaker.runs = false)',
    prepare: (dir) => edit(dir, 'node_modules/pdfmake/js/TextBreaker.js', 'TextBreaker.runs = true;', 'TextBreaker.runs = false;'),
    copy: ['pdfmake'],
  },
  {
    name: 'pdfkit-glyph-layout',
    what: 'pdfkit: layout cache per face, CJK runs, widths by character code, lone CJK unshaped',
    reverse: [hunks(PDFKIT, ['pdfkit.js:2547', 'pdfkit.js:2565', 'pdfkit.js:2602', 'pdfkit.js:2640'])],
  },
  {
    name: 'pdfkit-text-matrix',
    what: 'pdfkit: plain text without q, flip and Q (_fragment)',
    reverse: [hunks(PDFKIT, ['pdfkit.js:3654', 'pdfkit.js:3666', 'pdfkit.js:3729', 'pdfkit.js:3745'])],
  },
  {
    name: 'lazy-outlines',
    what: 'outlines read on demand: fontkit hunks and src/document/lazy-face.ts (faces read whole)',
    reverse: [hunks(FONTKIT, ['main.cjs:10916', 'main.cjs:10939', 'main.cjs:12224'])],
    prepare: (dir) => edit(dir, 'dist/document/fonts.js', '(openLazily(file) ?? fontkit.openSync(file))', 'fontkit.openSync(file)'),
  },
  ...extraDists.map((spec) => {
    const [name, dist] = spec.split('=');
    return { name, what: `dist/ from ${path.resolve(dist)}`, dist: path.resolve(dist) };
  }),
];

if (args.includes('--list')) {
  for (const v of variants) {
    const added = (v.reverse ?? []).reduce((s, h) => s + h.added, 0);
    console.log(`${v.name.padEnd(22)} ${v.what}${added ? ` (${added} patch lines added)` : ''}`);
  }
  process.exit(0);
}
const only = opt('only')?.split(',');
const chosen = variants.filter((v) => v.name === 'base' || !only || only.includes(v.name) || v.dist);

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-ablate-'));
// The child's own CPU time (every thread) and peak RSS, reported as it exits.

const PACKAGES_PATCHED = { [PDFMAKE]: 'pdfmake', [PDFKIT]: 'pdfkit', [FONTKIT]: 'fontkit' };

/** A project copy for one variant, bundled and cached as `npm run build` leaves it. */
function makeVariant(v) {
  const dir = path.join(scratch, v.name);
  const copies = new Set([...(v.copy ?? []), ...(v.reverse ?? []).map((h) => PACKAGES_PATCHED[h.patchFile])]);
  // Packages resolve their dependencies from their real path: pdfmake linked to
  // this checkout would load this checkout's pdfkit.
  if (copies.has('pdfkit')) copies.add('pdfmake');
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  for (const entry of fs.readdirSync(path.join(repo, 'node_modules'))) {
    const from = path.join(repo, 'node_modules', entry);
    if (copies.has(entry)) fs.cpSync(from, path.join(dir, 'node_modules', entry), { recursive: true });
    else fs.symlinkSync(from, path.join(dir, 'node_modules', entry));
  }
  fs.cpSync(v.dist ?? path.join(repo, 'dist'), path.join(dir, 'dist'), {
    recursive: true,
    filter: (f) => !/handbook(-worker)?\.cjs(\.cache)?$/.test(f),
  });
  for (const entry of ['data', 'templates', 'fonts']) fs.symlinkSync(path.join(repo, entry), path.join(dir, entry));
  fs.copyFileSync(path.join(repo, 'package.json'), path.join(dir, 'package.json'));
  for (const h of v.reverse ?? []) {
    const file = path.join(scratch, `${v.name}.patch`);
    fs.writeFileSync(file, h.text);
    const r = spawnSync('patch', ['-R', '-p1', '--no-backup-if-mismatch', '-d', dir, '-i', file], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${v.name}: patch -R failed\n${r.stdout}${r.stderr}`);
  }
  v.prepare?.(dir);
  if (v.bundle !== false) {
    const r = spawnSync(process.execPath, [path.join(dir, 'dist/cli/bundle.js')], { encoding: 'utf8' });
    if (r.status !== 0 || !fs.existsSync(path.join(dir, 'dist/handbook.cjs.cache'))) throw new Error(`${v.name}: bundle failed\n${r.stderr}`);
    if (v.cache === false) {
      // A folder where the cache would be: neither read nor written.
      fs.rmSync(path.join(dir, 'dist/handbook.cjs.cache'));
      fs.mkdirSync(path.join(dir, 'dist/handbook.cjs.cache'));
    }
  }
  return { ...v, launch: path.join(dir, 'dist/cli/launch.js') };
}

const pagesOf = (pdf) => (pdf.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;

function coldBuild(v, file, out) {
  fs.rmSync(out, { force: true }); // the CLI skips writing unchanged bytes
  const t = performance.now();
  const r = spawnSync(process.execPath, ['-r', usagePreload, v.launch, 'build', file, '-o', out], { encoding: 'utf8' });
  const wall = performance.now() - t;
  if (r.status !== 0) throw new Error(`${v.name}: build failed\n${r.stderr}${r.stdout}`);
  const { cpu, rss } = usageOf(r.stderr);
  return { wall, cpu, rss };
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  return s[Math.floor(at)] + (s[Math.ceil(at)] - s[Math.floor(at)]) * (at - Math.floor(at));
};
const summary = (xs) => ({ median: quantile(xs, 0.5), p25: quantile(xs, 0.25), p75: quantile(xs, 0.75) });
const ms = (x) => Math.round(x);

const started = performance.now();
process.stderr.write(`preparing ${chosen.length} variants in ${scratch}\n`);
const ready = chosen.map(makeVariant);
process.stderr.write(`prepared in ${((performance.now() - started) / 1000).toFixed(0)} s; ${runs} rounds per case\n`);

const results = [];
for (const c of cases) {
  const file = c === 'demo' ? path.join(repo, 'data/示例县/handbook.yaml') : writeSynthetic(Number(c));
  const label = c === 'demo' ? 'demo (39 items)' : `${c} items`;
  // What each variant prints, against the base: the same bytes, or how it differs.
  const outputs = ready.map((v) => {
    const out = path.join(scratch, `${v.name}.pdf`);
    coldBuild(v, file, out);
    return fs.readFileSync(out);
  });
  const samples = ready.map(() => []);
  for (let r = 0; r < runs; r++) {
    process.stderr.write(`${label}: round ${r + 1} of ${runs}\n`);
    for (let k = 0; k < ready.length; k++) {
      const i = (k + r) % ready.length;
      samples[i].push(coldBuild(ready[i], file, path.join(scratch, 'run.pdf')));
    }
  }
  const base = samples[0];
  ready.forEach((v, i) => {
    const diff = (key) => summary(samples[i].map((s, r) => s[key] - base[r][key]));
    const same = outputs[i].equals(outputs[0]);
    results.push({
      case: label,
      variant: v.name,
      what: v.what,
      wall: summary(samples[i].map((s) => s.wall)),
      cpu: summary(samples[i].map((s) => s.cpu)),
      rss: summary(samples[i].map((s) => s.rss)).median,
      wallLoss: diff('wall'),
      cpuLoss: diff('cpu'),
      output: same ? 'same bytes' : `differs (${pagesOf(outputs[0])} → ${pagesOf(outputs[i])} pages, ${outputs[0].length} → ${outputs[i].length} bytes)`,
    });
  });
}

const minutes = ((performance.now() - started) / 60000).toFixed(1);
console.log(`\n${runs} alternating rounds, ${os.cpus().length} × ${os.cpus()[0]?.model}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, ${minutes} min\n`);
console.log('| case | without | wall median (p25–p75) ms | CPU median (p25–p75) ms | wall lost: paired median (p25–p75) | CPU lost: paired median (p25–p75) | output |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const r of results) {
  const baseRow = results.find((b) => b.case === r.case && b.variant === 'base');
  const pct = (x, of) => `${x >= 0 ? '+' : ''}${((100 * x) / of).toFixed(1)} %`;
  const loss = (d, of) => (r.variant === 'base' ? '—' : `${ms(d.median)} ms (${ms(d.p25)}…${ms(d.p75)}), ${pct(d.median, of)}`);
  console.log(
    `| ${r.case} | ${r.variant} | ${ms(r.wall.median)} (${ms(r.wall.p25)}–${ms(r.wall.p75)}) | ${ms(r.cpu.median)} (${ms(r.cpu.p25)}–${ms(r.cpu.p75)}) | ${loss(r.wallLoss, baseRow.wall.median)} | ${loss(r.cpuLoss, baseRow.cpu.median)} | ${r.output} |`,
  );
}
const json = opt('json');
if (json) fs.writeFileSync(json, JSON.stringify({ runs, cases, loadavg: os.loadavg(), results }, null, 2));
if (!args.includes('--keep')) fs.rmSync(scratch, { recursive: true, force: true });
