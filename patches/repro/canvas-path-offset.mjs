// (a) A canvas `path` does not move with its container. offsetVector() moves
// rect, line, ellipse and polyline by the position of the canvas, but not path:
// a path is drawn relative to the page origin, everything else relative to the canvas.
//
// Unpatched: node patches/repro/canvas-path-offset.mjs /tmp/up/node_modules/pdfmake
// Patched:   node patches/repro/canvas-path-offset.mjs /work/main/node_modules/pdfmake
// Exit status 1 while the bug is there, 0 once it is fixed.
// (or PDFMAKE_DIR=<dir> node patches/repro/canvas-path-offset.mjs)
import { loadPdfmake, build, firstPage, r } from './_pdf.mjs';

const pdfmake = loadPdfmake('node canvas-path-offset.mjs <pdfmake dir>');
// A canvas in the second column; a line and a path with the same coordinates
// (as in pdfmake issue #1290), so both should start at the same point.
const pdf = await build(pdfmake, {
  pageMargins: 40,
  content: [
    'Above',
    {
      columns: [
        { width: 100, text: 'Left column' },
        {
          width: '*',
          canvas: [
            { type: 'line', x1: 10, y1: 10, x2: 110, y2: 10, lineColor: 'red' },
            { type: 'path', d: 'M 10 10 L 110 10', lineColor: 'blue' },
          ],
        },
      ],
    },
  ],
});
const { moves } = firstPage(pdf);
const [line, path] = moves.map(([x, y]) => `(${r(x)}, ${r(y)})`);
console.log(`line {x1: 10, y1: 10} starts at ${line}`);
console.log(`path "M 10 10"     starts at ${path}`);
console.log(line === path ? 'OK: the path moves with its canvas' : 'BUG: the path ignores the canvas position');
process.exitCode = line === path ? 0 : 1;
