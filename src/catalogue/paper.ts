/** Trim sizes in millimetres (SPEC "Print conventions"). 16K is the 16开 185×260 mm. */
export const papers: Record<string, { width: number; height: number }> = {
  A5: { width: 148, height: 210 },
  A4: { width: 210, height: 297 },
  B5: { width: 176, height: 250 },
  '16K': { width: 185, height: 260 },
};

/** ISO sizes people ask for that the layouts have no entry for: said in the hint as the custom size that prints them. */
const otherIso: Record<string, string> = { A3: '297x420mm', A6: '105x148mm', B4: '250x353mm', B6: '125x176mm', '16开': '16K' };

/** What an unknown paper name is told: every size accepted, and the custom form of the one meant when we know it. */
export function paperHint(name: string): string {
  const known = `可用的纸张：${Object.keys(papers).join('、')}，或写成 宽x高mm（如 140x203mm）。`;
  const custom = otherIso[name.trim().toUpperCase()];
  return custom === undefined ? known : `${known}${name.trim().toUpperCase()} 可以写成 ${custom}。`;
}

/** A5, A4, B5, 16K or a custom `140x203mm`; undefined when unknown. */
export function paperSize(name: string): { width: number; height: number } | undefined {
  const known = papers[name.toUpperCase()];
  if (known) return known;
  const m = /^(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)mm$/i.exec(name);
  return m ? { width: Number(m[1]), height: Number(m[2]) } : undefined;
}
