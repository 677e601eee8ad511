/**
 * The part of pdfkit's document we touch after pdfmake has laid out the
 * pages (pdfkit ships no types). With `bufferPages`, pages stay open until
 * `end()`, so print finishing can still edit them.
 */
export interface KitRef {
  data: Record<string, unknown>;
  write(chunk: Buffer | string): void;
  end(): void;
}

export interface KitPage {
  width: number;
  height: number;
  dictionary: KitRef;
  resources: KitRef;
}

export interface KitDoc {
  page: KitPage;
  _root: KitRef;
  switchToPage(n: number): void;
  bufferedPageRange(): { start: number; count: number };
  addPage(options: { size: [number, number]; margin: number }): KitDoc;
  ref(data: Record<string, unknown>): KitRef;
  save(): KitDoc;
  restore(): KitDoc;
  lineWidth(w: number): KitDoc;
  strokeColor(c: number[]): KitDoc;
  moveTo(x: number, y: number): KitDoc;
  lineTo(x: number, y: number): KitDoc;
  stroke(): KitDoc;
  end(): void;
  on(event: string, fn: (chunk?: Buffer) => void): void;
  read(size?: number): Buffer | null;
}
