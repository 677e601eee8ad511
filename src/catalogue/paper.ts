/** Trim sizes in millimetres (SPEC "Print conventions"). 16K is the 16开 185×260 mm. */
export const papers: Record<string, { width: number; height: number }> = {
  A5: { width: 148, height: 210 },
  A4: { width: 210, height: 297 },
  B5: { width: 176, height: 250 },
  '16K': { width: 185, height: 260 },
};

/** A5, A4, B5, 16K or a custom `140x203mm`; undefined when unknown. */
export function paperSize(name: string): { width: number; height: number } | undefined {
  const known = papers[name.toUpperCase()];
  if (known) return known;
  const m = /^(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)mm$/i.exec(name);
  return m ? { width: Number(m[1]), height: Number(m[2]) } : undefined;
}
