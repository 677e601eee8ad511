import opentype from 'opentype.js';

/**
 * A tiny font holding just `chars` (each a filled square), so a test can
 * supply a fallback for characters the bundled fonts lack without shipping
 * a large font file.
 */
export function makeTestFont(familyName: string, chars: string[]): Buffer {
  const glyphs = [new opentype.Glyph({ name: '.notdef', unicode: 0, advanceWidth: 1000, path: new opentype.Path() })];
  for (const ch of chars) {
    const p = new opentype.Path();
    p.moveTo(80, -80);
    p.lineTo(920, -80);
    p.lineTo(920, 820);
    p.lineTo(80, 820);
    p.close();
    glyphs.push(new opentype.Glyph({ name: `u${ch.codePointAt(0)!.toString(16)}`, unicode: ch.codePointAt(0)!, advanceWidth: 1000, path: p }));
  }
  const font = new opentype.Font({ familyName, styleName: 'Regular', unitsPerEm: 1000, ascender: 880, descender: -120, glyphs });
  return Buffer.from(font.toArrayBuffer());
}
