import type { Cmyk, StyleData, Theme } from '../layout/theme.js';
import { mm } from './units.js';

export type PdfStyle = Record<string, unknown>;

/**
 * Turns the theme's style classes into pdfmake styles: font roles become
 * family names, colour names CMYK arrays, millimetre margins points, and
 * sizes get the paper's scale. Unknown roles or colours are reported.
 */
export function pdfmakeStyles(theme: Theme): { styles: Record<string, PdfStyle>; problems: string[] } {
  const styles: Record<string, PdfStyle> = {};
  const problems: string[] = [];
  for (const [name, s] of Object.entries(theme.styles)) styles[name] = toPdfStyle(name, s, theme, problems);
  return { styles, problems };
}

function toPdfStyle(name: string, s: StyleData, theme: Theme, problems: string[]): PdfStyle {
  const out: PdfStyle = {};
  if (s.font !== undefined) {
    const family = theme.fonts[s.font];
    if (family === undefined) problems.push(`样式「${name}」使用的字体角色「${s.font}」未在 fonts 中定义`);
    else out.font = family;
  }
  if (s.size !== undefined) out.fontSize = s.size * theme.scale;
  if (s.bold !== undefined) out.bold = s.bold;
  if (s.color !== undefined) out.color = colorOf(theme, s.color, problems, name);
  if (s.background !== undefined) out.background = colorOf(theme, s.background, problems, name);
  if (s.align !== undefined) out.alignment = s.align;
  if (s.lineHeight !== undefined) out.lineHeight = s.lineHeight;
  if (s.characterSpacing !== undefined) out.characterSpacing = s.characterSpacing;
  if (s.margin !== undefined) {
    const m = typeof s.margin === 'number' ? [s.margin, s.margin, s.margin, s.margin] : s.margin;
    out.margin = m.map((v) => mm(v) * theme.scale);
  }
  return out;
}

export function colorOf(theme: Theme, name: string, problems: string[], where: string): Cmyk {
  const c = theme.colors[name];
  if (!c) {
    problems.push(`「${where}」使用的颜色「${name}」未在 colors 中定义`);
    return theme.colors.text!;
  }
  return c;
}
