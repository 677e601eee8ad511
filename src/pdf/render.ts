import fs from 'node:fs';
import path from 'node:path';
import pdfmake from 'pdfmake';
import { IncompleteLayoutError } from '../document/completeness.js';
import type { CompletenessCheck, LaidOutPage } from '../document/completeness.js';
import type { DocumentDefinition } from '../document/definition.js';
import type { FontFamily } from '../document/fonts.js';
import { settleKeeps } from '../document/settle.js';
import { pdfmakeFontDescriptors } from '../document/fonts.js';
import { finishDocument } from './finish.js';
import type { FinishOptions } from './finish.js';
import type { KitDoc } from './kit.js';

export interface RenderedPdf {
  bytes: Uint8Array;
  pageCount: number;
}

/**
 * Lays out and writes the PDF in memory.
 *
 * pdfmake may fetch URLs and read local files named in a document (images).
 * Handbook data comes from many hands, so URL access is denied outright
 * (CVE-2026-26801) and local reads are limited to `allowedDirs`: the template
 * folders. Fonts are not read by pdfmake at all: it is given the faces
 * openFace already opened.
 */
export async function renderPdf(
  definition: DocumentDefinition,
  fonts: readonly FontFamily[],
  allowedDirs: readonly string[],
  finish?: FinishOptions,
  completeness?: CompletenessCheck,
): Promise<RenderedPdf & { blankPages: number }> {
  // Compare real paths, so a symbolic link cannot lead a read outside.
  const real = (p: string) => (fs.existsSync(p) ? fs.realpathSync(p) : path.resolve(p));
  const roots = allowedDirs.map((d) => real(d) + path.sep);
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((file) => {
    const abs = real(file);
    return roots.some((root) => abs.startsWith(root));
  });
  pdfmake.setFonts(pdfmakeFontDescriptors(fonts));
  // Keep blocks the estimate could not judge are measured, then kept together if they fit a page.
  await settleKeeps(definition, async (doc) => ((await pdfmake.createPdf(doc).getStream()) as unknown as { _pdfMakePages: LaidOutPage[] })._pdfMakePages);
  completeness?.mark(definition.content);
  // Pages stay buffered so finishing can still edit them before they are written.
  const doc = (await pdfmake.createPdf(definition, { bufferPages: true }).getStream()) as unknown as KitDoc & { _pdfMakePages: LaidOutPage[] };
  // Nothing an item prints may be missing from what pdfmake placed: better no PDF than one without a row.
  const missing = completeness?.verify(doc._pdfMakePages) ?? [];
  if (missing.length > 0) throw new IncompleteLayoutError(missing);
  const finished = finish ? finishDocument(doc, finish) : { pageCount: doc.bufferedPageRange().count, blankPages: 0 };
  const buffer = await collect(doc);
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return { bytes, pageCount: finished.pageCount, blankPages: finished.blankPages };
}

/** Ends the document and gathers what pdfkit writes. */
function collect(doc: KitDoc): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    doc.on('readable', () => {
      for (let chunk = doc.read(); chunk !== null; chunk = doc.read()) chunks.push(chunk);
    });
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.end();
  });
}
