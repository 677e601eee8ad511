// The part of fontkit 2 we use (coverage checks and font names); its own
// package ships no declarations.
declare module 'fontkit' {
  export interface Font {
    familyName: string;
    postscriptName: string;
    numGlyphs: number;
    characterSet: number[];
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export interface FontCollection {
    fonts: Font[];
  }
  export function openSync(file: string, postscriptName?: string): Font | FontCollection;
  export function create(buffer: Uint8Array, postscriptName?: string): Font | FontCollection;
}
