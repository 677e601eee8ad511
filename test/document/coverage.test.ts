import { describe, expect, it } from 'vitest';
import { FontFallback, needsNoGlyph } from '../../src/document/coverage.js';

describe('needsNoGlyph', () => {
  it('matches exactly the characters of /[\\s\\u200b-\\u200d\\u2060\\ufeff]/ over all of Unicode', () => {
    const re = /^[\s\u200b-\u200d\u2060\ufeff]$/u;
    const mismatches: number[] = [];
    for (let cp = 0; cp < 0x110000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      if (re.test(String.fromCodePoint(cp)) !== needsNoGlyph(cp)) mismatches.push(cp);
    }
    expect(mismatches).toEqual([]);
    expect(needsNoGlyph(0x3000)).toBe(true); // ideographic space
    expect(needsNoGlyph(0x4e00)).toBe(false);
  });
});

describe('FontFallback', () => {
  // Main has only 一 and 二; the fallback has everything but 三.
  const faces: Record<string, (cp: number) => boolean> = {
    Main: (cp) => cp === 0x4e00 || cp === 0x4e8c,
    Fallback: (cp) => cp !== 0x4e09,
  };
  const fallback = () => {
    const looked: string[] = [];
    const f = new FontFallback({
      styles: {},
      defaultFont: 'Main',
      chains: new Map([['Main', ['Main', 'Fallback']]]),
      face: (family) =>
        ({
          hasGlyphForCodePoint: (cp: number) => {
            looked.push(`${family}:${String.fromCodePoint(cp)}`);
            return faces[family]!(cp);
          },
        }) as never,
    });
    return { f, looked };
  };

  it('leaves covered texts as they are, looking each character up once', () => {
    const { f, looked } = fallback();
    const content = [{ text: '一二' }, { text: '一二' }, { text: ['一二', '二一'] }];
    f.apply(content);
    expect(content).toEqual([{ text: '一二' }, { text: '一二' }, { text: ['一二', '二一'] }]);
    expect(looked).toEqual(['Main:一', 'Main:二']);
    expect([...f.report.printedBy]).toEqual([
      ['一', 'Main'],
      ['二', 'Main'],
    ]);
  });

  it('splits every occurrence of a text that needs a fallback, and reports what no font has', () => {
    const { f } = fallback();
    const content = [{ text: '一四' }, { text: '一四' }, { text: '三' }];
    f.apply(content);
    const run = ['一', { text: '四', font: 'Fallback' }];
    expect(content).toEqual([{ text: run }, { text: run }, { text: '三' }]);
    expect([...f.report.fallback]).toEqual([['四', 'Fallback']]);
    expect([...f.report.missing]).toEqual([['三', 'Main']]);
  });
});
