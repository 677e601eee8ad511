// pdfmake 0.3 ships no type declarations; we use this small part of its API.
declare module 'pdfmake' {
  interface OutputDocument {
    getBuffer(): Promise<Buffer>;
    /** pdfkit's document, laid out but not yet ended. */
    getStream(): Promise<unknown>;
  }
  interface PdfMake {
    /** File paths, or (patches/pdfmake, patches/pdfkit) faces already opened with fontkit. */
    setFonts(fonts: Record<string, Record<string, string | [string, string] | object>>): void;
    setUrlAccessPolicy(policy: (url: string) => boolean): void;
    setLocalAccessPolicy(policy: (path: string) => boolean): void;
    createPdf(definition: Record<string, unknown>, options?: { bufferPages?: boolean }): OutputDocument;
  }
  const pdfmake: PdfMake;
  export default pdfmake;
}
