import path from 'node:path';
import type { Handbook } from '../catalogue/model.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { FontFamily } from '../document/fonts.js';
import type { Template } from '../layout/template.js';
import type { Theme } from '../layout/theme.js';
import { builtinFontsDir } from '../paths.js';
import { rareCharacters } from './rare.js';

/** The CSS family name of the rare-character subsets; `unicode-range` limits it to those characters. */
export const RARE_FAMILY = 'handbook-rare';

export interface RareFont {
  /** The @font-face rules for a page whose text has any rare character, else undefined. */
  css: (text: string) => string | undefined;
  families: string[];
  diagnostics: Diagnostic[];
}

/**
 * Subset webfonts for the characters of the handbook that phone fonts may lack
 * (rare place-name characters, private-use characters from an office font),
 * taken from the fonts the printed handbook uses for them: the sans-serif
 * role's chain first (the site's text is sans-serif), then any other. Made
 * once per site, from every text the pages can show; a page carries them
 * only when it has such a character. Undefined when the handbook has none.
 */
export async function rareFont(handbook: Handbook, template: Template, theme: Theme, siteSources: readonly string[]): Promise<RareFont | undefined> {
  // Positions are left out: they are looked up lazily, and reading them would parse every file again.
  const texts = JSON.stringify(handbook, (key, value: unknown) => (key === 'origin' || key === 'fieldOrigins' || key === 'origins' ? undefined : value));
  const rare = rareCharacters(texts + siteSources.join(''));
  if (rare.length === 0) return undefined;
  // Fonts and the subsetter are loaded only for a handbook that has such characters.
  const [{ resolveFontChains }, { loadFontManifest, openFace }, { missingGlyphDiagnostics }, { fontFaceCss, subsetWebfont }] = await Promise.all([
    import('../build.js'),
    import('../document/fonts.js'),
    import('../document/missing-glyphs.js'),
    import('./webfont.js'),
  ]);
  const handbookDir = path.dirname(handbook.files.handbook);
  const manifest = loadFontManifest([path.join(builtinFontsDir, 'manifest.yaml'), path.join(handbookDir, 'fonts', 'manifest.yaml')]);
  const { chains, problems } = resolveFontChains(theme.fontChains, manifest.value, () => ({ file: path.join(template.dirs[0]!, 'theme.yaml'), line: 1, column: 1 }));
  const order: FontFamily[] = [];
  for (const f of [...(chains.heading ?? []), ...Object.values(chains).flat()]) if (!order.includes(f)) order.push(f);
  // Each character from the first family that draws it; families in chain order.
  const byFamily = new Map<FontFamily, string[]>();
  const missing = new Map<string, string>();
  for (const ch of rare) {
    const family = order.find((f) => openFace(f.normal).hasGlyphForCodePoint(ch.codePointAt(0)!));
    if (family) byFamily.set(family, [...(byFamily.get(family) ?? []), ch]);
    else missing.set(ch, order[0]?.name ?? '');
  }
  // No font of ours has it: a phone without it shows a box, as the PDF would (where it is an error).
  const diagnostics = [...manifest.diagnostics, ...problems, ...missingGlyphDiagnostics(missing, handbook, [], 'warning')];
  const rules: string[] = [];
  for (const [family, chars] of byFamily) {
    const font = await subsetWebfont(family.normal, chars);
    if (font.bytes > 0) rules.push(fontFaceCss(RARE_FAMILY, font.dataUrl));
  }
  const css = rules.join('\n');
  return { css: (text) => (css && rareCharacters(text).length > 0 ? css : undefined), families: rules.length > 0 ? [RARE_FAMILY] : [], diagnostics };
}
