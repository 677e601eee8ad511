import { createRequire } from 'node:module';
import path from 'node:path';
import { diagnostic } from '../../diagnostics/diagnostic.js';
import { MAX_PDF_PAGES, MAX_PDF_SHAPES, tooManyPdfPages, tooManyPdfShapes } from '../limits.js';
import type { SourceTable } from '../table.js';
import type { PdfPage, PdfSegment, PdfText } from './pdf-grid.js';
import { tableFromPages } from './pdf-grid.js';

/*
 * PDF I/O: pdfjs-dist reads each page's text pieces with their positions
 * and the lines drawn on it; pdf-grid.ts makes the table. pdfjs is loaded
 * here, at first use, so no other command pays for loading it (and the
 * bundle leaves it out, see cli/bundle.ts).
 */

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type Matrix = [number, number, number, number, number, number];

/** A PDF holding no text at all: a scan. The caller turns it into import/no-text. */
export class PdfNoTextError extends Error {
  constructor() {
    super('no text in PDF');
    this.name = 'PdfNoTextError';
  }
}

/** A PDF that needs a password to open. */
export class PdfEncryptedError extends Error {
  constructor() {
    super('encrypted PDF');
    this.name = 'PdfEncryptedError';
  }
}

/** pdfjs's path drawing codes (its DrawOPS, not exported): the numbers inside a constructPath's data. */
const D = { moveTo: 0, lineTo: 1, curveTo: 2, quadraticCurveTo: 3, closePath: 4 } as const;

/** A filled rectangle at most this thick is a rule (Excel and some converters draw borders as fills). */
const THIN = 2;

/**
 * The directory table of a PDF, or none when no page has one.
 * @throws PdfNoTextError when no page has text; PdfEncryptedError; ImportLimitError; pdfjs's errors for a broken file.
 */
export async function readPdf(bytes: Uint8Array, file: string): Promise<SourceTable[]> {
  const require = createRequire(import.meta.url);
  const pdfjs = await loadPdfjs(require);
  // CMaps decode Chinese text in fonts a PDF names but does not embed (宋体 in Word's output); file paths, read by pdfjs itself.
  const root = path.dirname(require.resolve('pdfjs-dist/package.json'));
  const task = pdfjs.getDocument({
    // A copy as a plain Uint8Array: pdfjs refuses a Buffer and takes the buffer it is given over.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    cMapUrl: path.join(root, 'cmaps') + path.sep,
    cMapPacked: true,
    standardFontDataUrl: path.join(root, 'standard_fonts') + path.sep,
  });
  try {
    let doc;
    try {
      doc = await task.promise;
    } catch (cause) {
      if ((cause as { name?: string })?.name === 'PasswordException') throw new PdfEncryptedError();
      throw cause;
    }
    if (doc.numPages > MAX_PDF_PAGES) throw tooManyPdfPages(file, MAX_PDF_PAGES + 1);
    const pages: PdfPage[] = [];
    let shapes = 0;
    let anyText = false;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: 1 });
      // The viewport's transform takes PDF space (y up, page rotation) to the page as read: y down from the top left.
      const view = viewport.transform as Matrix;
      const content = await page.getTextContent();
      const texts: PdfText[] = [];
      for (const item of content.items) {
        if (!('str' in item)) continue;
        if (++shapes > MAX_PDF_SHAPES) throw tooManyPdfShapes(file, n);
        if (item.str.trim() === '') continue;
        anyText = true;
        const m = multiply(view, item.transform as Matrix);
        // Only text running left to right is read: vertical or rotated text is not a directory cell's.
        if (Math.abs(m[1]) > 0.01 * Math.abs(m[0]) || m[0] <= 0) continue;
        const height = item.height > 0 ? item.height : Math.hypot(m[2], m[3]);
        texts.push({ text: item.str, x: m[4], y: m[5] - height, width: item.width, height });
      }
      const segments: PdfSegment[] = [];
      const ops = await page.getOperatorList();
      const ctms: Matrix[] = [];
      let ctm = view;
      for (let i = 0; i < ops.fnArray.length; i++) {
        const fn = ops.fnArray[i];
        const args = ops.argsArray[i] as unknown[];
        if (fn === pdfjs.OPS.save) ctms.push(ctm);
        else if (fn === pdfjs.OPS.restore) ctm = ctms.pop() ?? view;
        else if (fn === pdfjs.OPS.transform) ctm = multiply(ctm, args as Matrix);
        else if (fn === pdfjs.OPS.constructPath) {
          const found = pathSegments(pdfjs, args, ctm);
          shapes += found.length;
          if (shapes > MAX_PDF_SHAPES) throw tooManyPdfShapes(file, n);
          segments.push(...found);
        }
      }
      pages.push({ number: n, texts, segments });
      page.cleanup();
    }
    if (!anyText) throw new PdfNoTextError();
    const table = tableFromPages(pages, file);
    return table ? [table] : [];
  } finally {
    await task.destroy();
  }
}

/**
 * pdfjs-dist is ESM only. The bundled CLI runs as a vm.Script (cli/code-cache.ts),
 * where import() has no loader, so it is required: Node 20.19 and later load
 * ESM through require. import() remains for the unbundled modules on older Node.
 */
async function loadPdfjs(require: NodeJS.Require): Promise<Pdfjs> {
  const specifier = 'pdfjs-dist/legacy/build/pdf.mjs';
  if (process.features.require_module) return require(specifier) as Pdfjs;
  try {
    return await import(specifier);
  } catch (cause) {
    // The bundled CLI on Node before 20.19: neither way can load it.
    if ((cause as { code?: string })?.code?.startsWith('ERR_VM_DYNAMIC_IMPORT')) throw new PdfjsUnavailableError();
    throw cause;
  }
}

/** pdfjs cannot be loaded by this Node (see loadPdfjs). */
export class PdfjsUnavailableError extends Error {
  constructor() {
    super('pdfjs-dist cannot be loaded');
    this.name = 'PdfjsUnavailableError';
  }
}

/**
 * The rules a path draws, in page coordinates: its straight, axis-aligned
 * lines when it is stroked, itself when it is a thin filled rectangle.
 * pdfjs 5 hands a path over as [paint operator, [drawing ops], bounding box].
 */
function pathSegments(pdfjs: Pdfjs, args: unknown[], ctm: Matrix): PdfSegment[] {
  const [paint, data] = args as [number, ArrayLike<number>[] | ArrayLike<number> | undefined];
  const ops = pdfjs.OPS;
  const stroked = paint === ops.stroke || paint === ops.closeStroke || paint === ops.fillStroke || paint === ops.eoFillStroke || paint === ops.closeFillStroke || paint === ops.closeEOFillStroke;
  const filled = paint === ops.fill || paint === ops.eoFill;
  if ((!stroked && !filled) || data === undefined) return [];
  const list = (Array.isArray(data) ? data[0] : data) as ArrayLike<number> | undefined;
  if (list === undefined) return [];
  const lines: PdfSegment[] = [];
  const points: [number, number][] = [];
  let start: [number, number] | undefined;
  let at: [number, number] | undefined;
  for (let i = 0; i < list.length; ) {
    const op = list[i++];
    if (op === D.moveTo || op === D.lineTo) {
      const p = apply(ctm, list[i]!, list[i + 1]!);
      i += 2;
      points.push(p);
      if (op === D.lineTo && at) lines.push(segment(at, p));
      if (op === D.moveTo) start = p;
      at = p;
    } else if (op === D.curveTo) {
      i += 6;
      at = apply(ctm, list[i - 2]!, list[i - 1]!);
    } else if (op === D.quadraticCurveTo) {
      i += 4;
      at = apply(ctm, list[i - 2]!, list[i - 1]!);
    } else if (op === D.closePath) {
      if (at && start) lines.push(segment(at, start));
      at = start;
    } else break;
  }
  if (stroked) return lines.filter((s) => s.x2 - s.x1 < 0.5 || s.y2 - s.y1 < 0.5);
  // A filled shape counts only when it is a thin bar, drawn as a rule would be.
  if (points.length < 2) return [];
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const box = { x1: Math.min(...xs), y1: Math.min(...ys), x2: Math.max(...xs), y2: Math.max(...ys) };
  if (box.x2 - box.x1 <= THIN && box.y2 - box.y1 > THIN) return [{ x1: (box.x1 + box.x2) / 2, x2: (box.x1 + box.x2) / 2, y1: box.y1, y2: box.y2 }];
  if (box.y2 - box.y1 <= THIN && box.x2 - box.x1 > THIN) return [{ x1: box.x1, x2: box.x2, y1: (box.y1 + box.y2) / 2, y2: (box.y1 + box.y2) / 2 }];
  return [];
}

function segment(a: [number, number], b: [number, number]): PdfSegment {
  return { x1: Math.min(a[0], b[0]), y1: Math.min(a[1], b[1]), x2: Math.max(a[0], b[0]), y2: Math.max(a[1], b[1]) };
}

/** m1 × m2 in PDF's row-vector convention: m2 applied first. */
function multiply(m1: Matrix, m2: Matrix): Matrix {
  return [
    m1[0] * m2[0] + m1[2] * m2[1],
    m1[1] * m2[0] + m1[3] * m2[1],
    m1[0] * m2[2] + m1[2] * m2[3],
    m1[1] * m2[2] + m1[3] * m2[3],
    m1[0] * m2[4] + m1[2] * m2[5] + m1[4],
    m1[1] * m2[4] + m1[3] * m2[5] + m1[5],
  ];
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** The diagnostic for a PDF with no text. */
export function noTextDiagnostic(file: string) {
  return diagnostic('error', 'import/no-text', 'PDF 中没有文字，是扫描或拍照得到的图片，无法读取表格内容', { file }, {
    hint: '请先用 OCR（文字识别）软件把 PDF 转成文字，或向发布单位索取目录的原始 Word、Excel 文件后再导入。',
  });
}
