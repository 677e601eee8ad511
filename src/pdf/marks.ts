import { mm } from '../document/units.js';

/*
 * Where crop and fold marks go. Marks sit outside the trim (and the bleed),
 * where nothing else prints, and are drawn in registration colour (100% of
 * every ink) so they appear on each plate. The geometry is symmetric, so it
 * serves both pdfkit (y down) and pdf-lib (y up) drawing.
 */

export const MARK_LENGTH = mm(5);
export const MARK_WEIGHT = 0.25;
/** Between the bleed edge and a crop mark. */
export const MARK_GAP = mm(1);
/** The slug that --marks lays out around the bleed: the gap, the mark, a margin. */
export const MARK_SLUG = MARK_GAP + MARK_LENGTH + mm(1);

export type Segment = [number, number, number, number];

/** Crop marks at the four corners of `trim`, starting `offset` outside it. */
export function cropMarkSegments(trim: { x: number; y: number; width: number; height: number }, offset: number): Segment[] {
  const { x, y, width, height } = trim;
  const out: Segment[] = [];
  for (const cx of [x, x + width]) {
    for (const cy of [y, y + height]) {
      const dx = cx === x ? -1 : 1;
      const dy = cy === y ? -1 : 1;
      out.push([cx + dx * offset, cy, cx + dx * (offset + MARK_LENGTH), cy]);
      out.push([cx, cy + dy * offset, cx, cy + dy * (offset + MARK_LENGTH)]);
    }
  }
  return out;
}

/** A fold mark: short lines at `x`, above and below `trim`. */
export function foldMarkSegments(x: number, trim: { y: number; height: number }, offset: number): Segment[] {
  return [
    [x, trim.y - offset, x, trim.y - offset - MARK_LENGTH],
    [x, trim.y + trim.height + offset, x, trim.y + trim.height + offset + MARK_LENGTH],
  ];
}
