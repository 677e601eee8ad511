/** PDF points per millimetre. */
export const PT_PER_MM = 72 / 25.4;

export function mm(value: number): number {
  return value * PT_PER_MM;
}

/**
 * Reads a length attribute: "4mm", "10pt", or a bare number (points).
 * Returns undefined when the text is not a length.
 */
export function parseLength(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(mm|pt)?\s*$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] === 'mm' ? mm(n) : n;
}
