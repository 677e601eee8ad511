import { cmyk } from 'pdf-lib';
import type { PDFPage } from 'pdf-lib';
import { mm } from '../document/units.js';

/**
 * Registration colour: 100% of every ink, so marks appear on each plate.
 * Marks sit outside the trim (and the bleed), where nothing else prints.
 */
export const registration = cmyk(1, 1, 1, 1);
export const MARK_LENGTH = mm(5);
export const MARK_WEIGHT = 0.25;

/**
 * Crop marks at the four corners of a rectangle (the trim), starting
 * `offset` outside it so they never reach into the bleed.
 */
export function drawCropMarks(page: PDFPage, trim: { x: number; y: number; width: number; height: number }, offset: number): void {
  const { x, y, width, height } = trim;
  const line = (x1: number, y1: number, x2: number, y2: number) =>
    page.drawLine({ start: { x: x1, y: y1 }, end: { x: x2, y: y2 }, thickness: MARK_WEIGHT, color: registration });
  for (const cx of [x, x + width]) {
    for (const cy of [y, y + height]) {
      const dx = cx === x ? -1 : 1;
      const dy = cy === y ? -1 : 1;
      // Horizontal mark in line with the trim's horizontal edge, vertical in line with the vertical edge.
      line(cx + dx * offset, cy, cx + dx * (offset + MARK_LENGTH), cy);
      line(cx, cy + dy * offset, cx, cy + dy * (offset + MARK_LENGTH));
    }
  }
}

/** A dashed fold mark: a short vertical line at `x` above and below the trim. */
export function drawFoldMarks(page: PDFPage, x: number, trim: { y: number; height: number }, offset: number): void {
  for (const [from, to] of [
    [trim.y - offset, trim.y - offset - MARK_LENGTH],
    [trim.y + trim.height + offset, trim.y + trim.height + offset + MARK_LENGTH],
  ] as const) {
    page.drawLine({ start: { x, y: from }, end: { x, y: to }, thickness: MARK_WEIGHT, color: registration, dashArray: [1.5, 1.5] });
  }
}
