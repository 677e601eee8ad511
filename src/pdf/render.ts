import fs from 'node:fs';
import path from 'node:path';
import pdfmake from 'pdfmake';
import type { DocumentDefinition } from '../document/definition.js';
import type { FontFamily } from '../document/fonts.js';
import { pdfmakeFontDescriptors } from '../document/fonts.js';

export interface RenderedPdf {
  bytes: Uint8Array;
  pageCount: number;
}

/**
 * Lays out and writes the PDF in memory.
 *
 * pdfmake may fetch URLs and read local files named in a document (images,
 * fonts). Handbook data comes from many hands, so URL access is denied
 * outright (CVE-2026-26801) and local reads are limited to `allowedDirs`:
 * the template and font folders.
 */
export async function renderPdf(
  definition: DocumentDefinition,
  fonts: readonly FontFamily[],
  allowedDirs: readonly string[],
): Promise<RenderedPdf> {
  // Compare real paths, so a symbolic link cannot lead a read outside.
  const real = (p: string) => (fs.existsSync(p) ? fs.realpathSync(p) : path.resolve(p));
  const roots = allowedDirs.map((d) => real(d) + path.sep);
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((file) => {
    const abs = real(file);
    return roots.some((root) => abs.startsWith(root));
  });
  pdfmake.setFonts(pdfmakeFontDescriptors(fonts));
  const buffer = await pdfmake.createPdf(definition).getBuffer();
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return { bytes, pageCount: countPages(buffer) };
}

/** Counts page objects; pdfkit writes `/Type /Page` once per page, uncompressed. */
export function countPages(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;
}
