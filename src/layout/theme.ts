import { z } from 'zod';
import { paper } from '../catalogue/schema.js';

/*
 * A template's theme.yaml: page margins, font roles, sizes, colours, QR
 * size and the style classes markup may name. Lengths are millimetres
 * (what a print shop talks in) unless the key says pt; colours are CMYK
 * percentages so that black prints as 100% K and nothing falls back to RGB.
 */

const cmyk = z.tuple([z.number().min(0).max(100), z.number().min(0).max(100), z.number().min(0).max(100), z.number().min(0).max(100)]);

const styleSchema = z.strictObject({
  font: z.string().optional(),
  size: z.number().positive().optional(),
  bold: z.boolean().optional(),
  color: z.string().optional(),
  background: z.string().optional(),
  align: z.enum(['left', 'center', 'right', 'justify']).optional(),
  lineHeight: z.number().positive().optional(),
  /** mm: [left, top, right, bottom] or one number for all sides. */
  margin: z.union([z.number(), z.tuple([z.number(), z.number(), z.number(), z.number()])]).optional(),
  characterSpacing: z.number().optional(),
});

export const themeSchema = z.strictObject({
  /** Another template whose theme and partials this one starts from. */
  extends: z.string().optional(),
  margins: z
    .strictObject({ top: z.number(), bottom: z.number(), left: z.number(), right: z.number() })
    .partial()
    .optional(),
  /** Per paper size: margins and a type scale, so one layout reads well on A5 and A4. */
  papers: z
    .record(
      z.string(),
      z.strictObject({
        scale: z.number().positive().optional(),
        margins: z.strictObject({ top: z.number(), bottom: z.number(), left: z.number(), right: z.number() }).partial().optional(),
      }),
    )
    .optional(),
  /** role → family, or an ordered list: the first family, then fallbacks for characters it lacks. */
  fonts: z.record(z.string(), z.union([z.string(), z.array(z.string()).min(1)])).optional(),
  /** Font roles for a traditional-character edition (--script hant), when its fonts differ. */
  fontsHant: z.record(z.string(), z.union([z.string(), z.array(z.string()).min(1)])).optional(),
  /** The paper this template is made for (a poster is A4); the command line's --paper still wins. */
  // Checked like a handbook's paper, so an unknown name is reported at its line in theme.yaml.
  paper: paper.optional(),
  /**
   * How the printed pages are bound: `saddle-stitch` (the default) pads the page
   * count to a multiple of 4 and may be imposed as a booklet; `sheets` (posters)
   * prints every page as a sheet of its own, without padding or imposition.
   * The command line's --pages-multiple still wins.
   */
  binding: z.enum(['saddle-stitch', 'sheets']).optional(),
  size: z.number().positive().optional(),
  lineHeight: z.number().positive().optional(),
  colors: z.record(z.string(), cmyk).optional(),
  qr: z.strictObject({ size: z.number().positive().optional(), ecc: z.enum(['L', 'M', 'Q', 'H']).optional() }).optional(),
  styles: z.record(z.string(), styleSchema).optional(),
});

export type ThemeData = z.infer<typeof themeSchema>;
export type StyleData = z.infer<typeof styleSchema>;
export type Cmyk = [number, number, number, number];
export type Binding = NonNullable<ThemeData['binding']>;

/** The page count a binding needs a multiple of, when the command line does not say. */
export function bindingPagesMultiple(binding: Binding): number {
  return binding === 'sheets' ? 1 : 4;
}

/** A theme with every value present, after `extends` and the paper's entry were applied. */
export interface Theme {
  /** saddle-stitch: pages padded to a multiple of 4, imposable as a booklet; sheets: single sheets. */
  binding: Binding;
  /** mm */
  margins: { top: number; bottom: number; left: number; right: number };
  /** Multiplier for every type size and the QR code, from the paper entry. */
  scale: number;
  /** role (body, heading, ...) → the role's main font family in the font manifest. */
  fonts: Record<string, string>;
  /** role → main family followed by its fallbacks, in order. */
  fontChains: Record<string, string[]>;
  /** pt, already scaled */
  size: number;
  lineHeight: number;
  colors: Record<string, Cmyk>;
  /** mm, already scaled */
  qr: { size: number; ecc: 'L' | 'M' | 'Q' | 'H' };
  styles: Record<string, StyleData>;
}

/** Merges a child theme over its parent: objects key by key, everything else replaced. */
export function mergeThemeData(parent: ThemeData, child: ThemeData): ThemeData {
  const out: Record<string, unknown> = { ...parent };
  for (const [key, value] of Object.entries(child)) {
    const prev = out[key];
    if (key === 'styles' && prev && value) {
      const styles: Record<string, StyleData> = { ...(prev as Record<string, StyleData>) };
      for (const [name, style] of Object.entries(value as Record<string, StyleData>)) styles[name] = { ...styles[name], ...style };
      out[key] = styles;
    } else if (isPlainObject(prev) && isPlainObject(value)) out[key] = { ...prev, ...value };
    else out[key] = value;
  }
  delete out.extends;
  return out as ThemeData;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Applies defaults and the paper entry; `hant` selects the traditional-character fonts. */
export function resolveTheme(data: ThemeData, paper: string, script: 'hans' | 'hant' = 'hans'): Theme {
  const entry = data.papers?.[paper] ?? {};
  const scale = entry.scale ?? 1;
  const fontChains: Record<string, string[]> = { body: ['Noto Serif SC'], heading: ['Noto Sans SC'] };
  for (const [role, value] of Object.entries(data.fonts ?? {})) fontChains[role] = Array.isArray(value) ? value : [value];
  if (script === 'hant') for (const [role, value] of Object.entries(data.fontsHant ?? {})) fontChains[role] = Array.isArray(value) ? value : [value];
  return {
    binding: data.binding ?? 'saddle-stitch',
    margins: { top: 18, bottom: 16, left: 14, right: 14, ...data.margins, ...entry.margins },
    scale,
    fonts: Object.fromEntries(Object.entries(fontChains).map(([role, chain]) => [role, chain[0]!])),
    fontChains,
    size: (data.size ?? 10.5) * scale,
    lineHeight: data.lineHeight ?? 1.1,
    colors: { text: [0, 0, 0, 100], ...(data.colors as Record<string, Cmyk> | undefined) },
    qr: { size: (data.qr?.size ?? 22) * scale, ecc: data.qr?.ecc ?? 'M' },
    styles: data.styles ?? {},
  };
}

/**
 * The theme in black ink only: every colour becomes the K value of its
 * luminance, for offices that print a colour theme on a one-colour press.
 */
export function grayscaleTheme(theme: Theme): Theme {
  const colors: Record<string, Cmyk> = {};
  for (const [name, [c, m, y, k]] of Object.entries(theme.colors)) {
    const r = (1 - c / 100) * (1 - k / 100);
    const g = (1 - m / 100) * (1 - k / 100);
    const b = (1 - y / 100) * (1 - k / 100);
    const luminance = 0.299 * r + 0.587 * g + 0.114 * b;
    colors[name] = [0, 0, 0, Math.round((1 - luminance) * 100)];
  }
  return { ...theme, colors };
}
