// (c) characterSpacing does not reach Chinese text. widthOfText() counts the
// spacing between a word's own characters only, (length - 1) × spacing, and
// pdfmake breaks Chinese text into one-character words: each is measured and
// placed with no spacing, so the characters stay packed, while a Latin word is spaced.
//
// Needs a CJK font: the third argument, $CJK_FONT, or @expo-google-fonts/noto-sans-sc
// resolvable from the working directory (as in /work/main).
// Unpatched: node patches/repro/cjk-character-spacing.mjs /tmp/up/node_modules/pdfmake [font.ttf]
// Patched:   node patches/repro/cjk-character-spacing.mjs /work/main/node_modules/pdfmake [font.ttf]
// Exit status 1 while the bug is there, 0 once it is fixed.
// (or PDFMAKE_DIR=<dir> node patches/repro/cjk-character-spacing.mjs)
import { createRequire } from 'node:module';
import path from 'node:path';
import { loadPdfmake, build, firstPage, r } from './_pdf.mjs';

const pdfmake = loadPdfmake('node cjk-character-spacing.mjs <pdfmake dir> [CJK font .ttf]');
let cjk = process.argv[3] || process.env.CJK_FONT;
if (!cjk) {
  const pkg = createRequire(path.join(process.cwd(), 'x.js')).resolve('@expo-google-fonts/noto-sans-sc/package.json');
  cjk = path.join(path.dirname(pkg), '400Regular', 'NotoSansSC_400Regular.ttf');
}
pdfmake.addFonts({ NotoSansSC: { normal: cjk, bold: cjk, italics: cjk, bolditalics: cjk } });

const SPACING = 10;
const pdf = await build(pdfmake, {
  pageMargins: 40,
  content: [
    { text: 'ABCDEF', fontSize: 20, characterSpacing: SPACING, alignment: 'center' },
    { text: '中文字符间距', font: 'NotoSansSC', fontSize: 20, characterSpacing: SPACING, alignment: 'center' },
  ],
});
const { width, glyphs } = firstPage(pdf);
const left = 40;
const right = width - 40;

let bad = 0;
for (const y of [...new Set(glyphs.map(g => g.y))]) {
  const line = glyphs.filter(g => g.y === y);
  // Gap between the ink of one character and the start of the next.
  const gaps = line.slice(1).map((g, i) => r(g.x - (line[i].x + line[i].advance)));
  const last = line[line.length - 1];
  const inkLeft = line[0].x;
  const inkRight = last.x + last.advance; // the spacing after the last character is not ink
  const spaced = gaps.every(gap => Math.abs(gap - SPACING) < 0.01);
  const centred = Math.abs((inkLeft - left) - (right - inkRight)) < 0.01;
  bad += spaced && centred ? 0 : 1;
  console.log(`${line.map(g => g.char).join('')} (${line[0].font}, characterSpacing ${SPACING}):`);
  console.log(`  gaps between characters: ${gaps.join(', ')}${spaced ? '' : `  <- expected ${SPACING}`}`);
  console.log(`  drawn width ${r(inkRight - inkLeft)}; space left ${r(inkLeft - left)}, right ${r(right - inkRight)}${centred ? ' (centred)' : ' (NOT centred)'}`);
}
process.exitCode = bad ? 1 : 0;
console.log(bad ? 'BUG: characterSpacing is not applied to Chinese text' : 'OK: Chinese and Latin text are spaced and centred alike');
