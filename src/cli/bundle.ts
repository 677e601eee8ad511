/**
 * Build step (`npm run build`, after tsc), not part of the CLI: bundles
 * dist/cli/main.js and everything it loads into dist/handbook.cjs, then runs
 * the demo build once through it so that run writes the code cache (see
 * code-cache.ts). esbuild is a dev dependency; nothing at run time needs it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { BuildOptions, Plugin } from 'esbuild';
import { cacheFileOf } from './code-cache.js';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.dirname(dist);
const bundle = path.join(dist, 'handbook.cjs');

/**
 * Helpers at the top of the bundle, where `require` and `__dirname` are the
 * bundle's own (a module may shadow `require`): a path or file URL relative
 * to the bundle's folder, rebuilt at run time.
 */
const banner = [
  'const __handbookPath = (p) => require("node:path").join(__dirname, p);',
  'const __handbookUrl = (p) => require("node:url").pathToFileURL(__handbookPath(p)).href;',
].join('\n');
const rel = (file: string) => JSON.stringify(path.relative(dist, file));

/**
 * Keeps file-relative paths true inside one bundle: each module's
 * `import.meta.url` (templates, fonts, the batch worker) and `__dirname` in
 * dependencies (pdfkit's sRGB profile for PDF/A) still name the file it
 * came from.
 */
const placePaths: Plugin = {
  name: 'place-paths',
  setup(b) {
    b.onLoad({ filter: /\.(c|m)?js$/ }, (args) => {
      let text = fs.readFileSync(args.path, 'utf8');
      const dir = path.dirname(args.path);
      if (args.path.startsWith(dist + path.sep)) {
        // fontkit must be the CommonJS copy pdfkit requires (see document/fontkit.ts).
        if (args.path.endsWith(path.join('document', 'fontkit.js'))) {
          const before = text;
          text = text.replace("createRequire(import.meta.url)('fontkit')", "require('fontkit')");
          if (text === before) throw new Error('bundle: document/fontkit.js no longer requires fontkit as expected');
        }
        text = text.replaceAll('import.meta.url', `__handbookUrl(${rel(args.path)})`);
      } else if (text.includes('__dirname')) {
        text = text.replace(/\b__dirname\b/g, `__handbookPath(${rel(dir)})`);
      }
      return { contents: text, loader: 'js', resolveDir: dir };
    });
    // pdfkit requires fontkit; so does our fontkit.ts after the edit above: one CommonJS copy.
    b.onResolve({ filter: /^fontkit$/ }, () => ({ path: path.join(root, 'node_modules', 'fontkit', 'dist', 'main.cjs') }));
  },
};

const options: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  plugins: [placePaths],
  // Loaded from node_modules at run time, by the one command that needs each: SheetJS with its code
  // pages is 1.4 MB that every start would otherwise read, and only `import` of an .xls uses it; the
  // same holds for word-extractor (.doc) and pdfjs-dist (2 MB of ESM, loaded by import/read/pdf.ts).
  external: ['@e965/xlsx', 'word-extractor', 'pdfjs-dist'],
  // The bundle runs in vm.Script, which has no loader for import(): an external one must become require().
  supported: { 'dynamic-import': false },
  logLevel: 'warning',
  legalComments: 'none',
  // Comments and indentation out: a third less source to read at every start.
  minifyWhitespace: true,
  charset: 'ascii',
  banner: { js: banner },
};

await build({ ...options, entryPoints: [path.join(dist, 'cli', 'main.js')], outfile: bundle });
asciiOnly(bundle);
/*
 * The batch worker, bundled too: a worker thread loads its own modules, and
 * unbundled it would load pdfmake, pdfkit and fontkit from node_modules,
 * which are patched only where `patch-package` ran. An installed package
 * (`npm install -g`, where npm may not run install scripts) then still
 * builds with the patched code the bundles carry. Not run through vm.Script,
 * so no code cache.
 */
await build({ ...options, entryPoints: [path.join(dist, 'cli', 'batch', 'worker.js')], outfile: path.join(dist, 'handbook-worker.cjs') });

/**
 * Escapes what esbuild leaves outside ASCII (it cannot escape regular
 * expression literals, such as our Chinese ones) as \\uXXXX, which means the
 * same code unit in a pattern, an identifier or a string. The launcher then
 * reads the bundle as Latin-1, a one-byte string V8 takes as it is: decoding
 * 4 MB as UTF-8 into a two-byte string took 18 ms of every start.
 */
function asciiOnly(file: string): void {
  const text = fs.readFileSync(file, 'utf8').replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  fs.writeFileSync(file, text);
}

// The code cache: written by the bundle's first run, after a whole build.
fs.rmSync(cacheFileOf(bundle), { force: true });
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-cache-'));
const r = spawnSync(process.execPath, [path.join(dist, 'cli', 'launch.js'), 'build', path.join(root, 'data', '示例县', 'handbook.yaml'), '-o', path.join(out, 'demo.pdf')], { encoding: 'utf8' });
fs.rmSync(out, { recursive: true, force: true });
if (r.status !== 0 || !fs.existsSync(cacheFileOf(bundle))) {
  process.stderr.write(`未能生成代码缓存（不影响使用，只是冷启动慢一些）：\n${r.stderr}\n`);
}
