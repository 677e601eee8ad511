// (d) Text colour is set with fill(color), which also emits `f`, a path-painting
// operator, where no path exists (PDF 32000-1 8.5.3.1: painting with no current
// path is an error). fillColor(color) sets the same colour without it.
//
// Unpatched: node patches/repro/text-fill-operator.mjs /tmp/up/node_modules/pdfmake
// Patched:   node patches/repro/text-fill-operator.mjs /work/main/node_modules/pdfmake
// Exit status 1 while the bug is there, 0 once it is fixed.
// (or PDFMAKE_DIR=<dir> node patches/repro/text-fill-operator.mjs)
import { loadPdfmake, build, firstPage } from './_pdf.mjs';

const pdfmake = loadPdfmake('node text-fill-operator.mjs <pdfmake dir>');
// Two lines of text, no graphics at all.
const pdf = await build(pdfmake, {
  content: ['Plain text', { text: 'Red text', color: 'red' }],
});
const { ops } = firstPage(pdf);

const CONSTRUCT = new Set(['m', 'l', 'c', 'v', 'y', 'h', 're']);
const PAINT = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'n']);
let hasPath = false;
const stray = [];
ops.forEach(({ op }, i) => {
  if (CONSTRUCT.has(op)) {
    hasPath = true;
  } else if (PAINT.has(op)) {
    if (!hasPath) {
      stray.push(i);
    }
    hasPath = false;
  }
});
const show = ({ op, args }) => [...args.map(a => (Array.isArray(a) ? '[…]' : a)), op].join(' ');
console.log(`painting operators with no current path: ${stray.length} (Plain, text, Red, text: one per text inline)`);
for (const i of stray) {
  console.log(`  ${ops.slice(Math.max(0, i - 2), i + 3).map(show).join(' | ')}`);
}
process.exitCode = stray.length ? 1 : 0;
console.log(stray.length ? 'BUG: stray `f` before text' : 'OK: no painting operator without a path');
