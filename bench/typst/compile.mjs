// Typst's timed process: compiles data.json files (written beforehand by
// data.mjs) with handbook.typ and writes each PDF. Nothing of ours is loaded
// here: only Node's built-ins and Typst's Node compiler.
// Usage: node bench/typst/compile.mjs <data.json> <out.pdf> [<data.json> <out.pdf> ...]
// One compiler is kept for all the pairs, so the second and later documents
// are Typst's warm compiles (its memoised layout reused where the input
// allows). Prints one JSON line per document, {ms}: the compile and PDF
// export in this process, then {rss} (peak, MB).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const require = createRequire(path.join(here, '..', 'package.json'));
const { NodeCompiler } = require('@myriaddreamin/typst-ts-node-compiler');
// The same font files our build uses (fonts/manifest.yaml), each in its own folder.
const fontPaths = ['noto-sans-sc/400Regular', 'noto-sans-sc/700Bold', 'noto-serif-sc/400Regular', 'noto-serif-sc/700Bold'].map((d) =>
  path.join(repo, 'node_modules/@expo-google-fonts', d),
);
const compiler = NodeCompiler.create({ workspace: here, fontArgs: [{ fontPaths }] });
const main = fs.readFileSync(path.join(here, 'handbook.typ'), 'utf8');
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) {
  const data = fs.readFileSync(args[i]);
  const t = performance.now();
  compiler.mapShadow(path.join(here, 'data.json'), data);
  const pdf = compiler.pdf({ mainFileContent: main });
  const ms = performance.now() - t;
  fs.writeFileSync(args[i + 1], pdf);
  console.log(JSON.stringify({ ms }));
}
console.log(JSON.stringify({ rss: process.resourceUsage().maxRSS / 1024 }));
