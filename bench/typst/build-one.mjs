// One cold Typst build in this process: prints {ms, pages, bytes, rss} as JSON.
// Usage: node bench/typst/build-one.mjs <handbook.yaml>
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { fontDirs, handbookJson } from './data.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', 'package.json'));
const t = performance.now();
const { NodeCompiler } = require('@myriaddreamin/typst-ts-node-compiler');
const compiler = NodeCompiler.create({ workspace: here, fontArgs: [{ fontPaths: fontDirs }] });
compiler.mapShadow(path.join(here, 'data.json'), Buffer.from(await handbookJson(process.argv[2])));
const pdf = compiler.pdf({ mainFileContent: fs.readFileSync(path.join(here, 'handbook.typ'), 'utf8') });
const ms = performance.now() - t;
const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;
if (process.argv[3]) fs.writeFileSync(process.argv[3], pdf);
console.log(JSON.stringify({ ms, pages, bytes: pdf.length, rss: process.resourceUsage().maxRSS / 1024 }));
