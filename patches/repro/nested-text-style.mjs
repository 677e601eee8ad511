// (b) Nested text loses its parent's style. flattenTextArray() replaces
// { text: [...], bold, color, style } by its children and drops bold, color and
// style on the way ("TODO: Styling in nested text", pdfmake issue #1174).
//
// Unpatched: node patches/repro/nested-text-style.mjs /tmp/up/node_modules/pdfmake
// Patched:   node patches/repro/nested-text-style.mjs /work/main/node_modules/pdfmake
// Exit status 1 while the bug is there, 0 once it is fixed.
// (or PDFMAKE_DIR=<dir> node patches/repro/nested-text-style.mjs)
import { loadPdfmake, build, firstPage } from './_pdf.mjs';

const pdfmake = loadPdfmake('node nested-text-style.mjs <pdfmake dir>');
const pdf = await build(pdfmake, {
  styles: { accent: { color: 'blue' } },
  content: [
    {
      text: [
        'plain ',
        { text: ['boldred ', { text: 'bolditalicred', italics: true }], bold: true, color: 'red' },
        ' plain ',
        { text: ['accent'], style: 'accent' },
      ],
    },
  ],
});

// Expected look of each word, from the document above.
const RED = '1 0 0 scn';
const BLUE = '0 0 1 scn';
const BLACK = '0 0 0 scn';
const expected = {
  plain: ['Roboto-Regular', BLACK],
  boldred: ['Roboto-Medium', RED],
  bolditalicred: ['Roboto-MediumItalic', RED],
  accent: ['Roboto-Regular', BLUE],
};

// Group the drawn glyphs into words (font and colour of their first glyph).
const words = [];
let cur = null;
for (const g of firstPage(pdf).glyphs) {
  if (g.char === ' ') {
    cur = null;
    continue;
  }
  if (!cur) {
    cur = { text: '', font: g.font, color: g.color };
    words.push(cur);
  }
  cur.text += g.char;
}
let bad = 0;
for (const w of words) {
  const [font, color] = expected[w.text];
  const ok = w.font === font && w.color === color;
  bad += ok ? 0 : 1;
  console.log(`${ok ? 'ok ' : 'BAD'} ${w.text.padEnd(14)} drawn ${w.font} ${w.color}` + (ok ? '' : `, expected ${font} ${color}`));
}
process.exitCode = bad ? 1 : 0;
console.log(bad ? `BUG: ${bad} of ${words.length} words lost the style of the text around them` : 'OK: nested text keeps its parent\'s style');
