import path from 'node:path';
import type { Handbook } from './catalogue/model.js';
import { diagnostic, hasErrors } from './diagnostics/diagnostic.js';
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { HandbookError } from './diagnostics/error.js';
import { buildDefinition } from './document/definition.js';
import { fontDirs, loadFonts } from './document/fonts.js';
import type { FontFamily } from './document/fonts.js';
import { renderLayout } from './layout/render.js';
import { loadTemplate, templateSearchPath } from './layout/template.js';
import { resolveTheme } from './layout/theme.js';
import { parseMarkup } from './markup/parse.js';
import { builtinFontsDir } from './paths.js';
import { renderPdf } from './pdf/render.js';

export interface BuildResult {
  handbook: Handbook;
  pdf: Uint8Array;
  pageCount: number;
  /** Warnings only: errors are thrown as a HandbookError. */
  diagnostics: Diagnostic[];
}

/**
 * The pipeline after the catalogue stage: template → markup → pdfmake
 * document → PDF bytes. Throws HandbookError with every diagnostic when
 * the input cannot be built.
 */
export async function buildFromHandbook(handbook: Handbook, options: { sourceDateEpoch?: number } = {}): Promise<BuildResult> {
  const diagnostics: Diagnostic[] = [];
  const fail = (more: Diagnostic[]): never => {
    throw new HandbookError([...diagnostics, ...more]);
  };
  const handbookDir = path.dirname(handbook.files.handbook);

  const template = loadTemplate(handbook.template, templateSearchPath(handbookDir));
  if (!template.value || hasErrors(template.diagnostics)) fail(template.diagnostics);
  const tpl = template.value!;
  const theme = resolveTheme(tpl.theme, handbook.paper);
  const themeFile = path.join(tpl.dirs[0]!, 'theme.yaml');

  const fonts = loadFonts([path.join(builtinFontsDir, 'manifest.yaml'), path.join(handbookDir, 'fonts', 'manifest.yaml')]);
  if (hasErrors(fonts.diagnostics)) fail(fonts.diagnostics);
  const used: FontFamily[] = [];
  for (const [role, family] of Object.entries(theme.fonts)) {
    const font = fonts.value.get(family);
    if (!font) {
      fail([
        diagnostic('error', 'font/unknown-family', `主题中字体角色「${role}」使用的字体「${family}」未在字体清单中登记`, { file: themeFile }, {
          hint: `已登记的字体：${[...fonts.value.keys()].join('、')}；在 fonts/manifest.yaml 中登记新字体。`,
        }),
      ]);
    } else if (!used.includes(font)) used.push(font);
  }

  const layout = renderLayout(handbook, tpl, theme);
  if (!layout.value) fail(layout.diagnostics);
  const markup = parseMarkup(layout.value!);
  if (!markup.value) fail(markup.diagnostics);

  const epoch = options.sourceDateEpoch;
  const date = epoch !== undefined ? new Date(epoch * 1000) : new Date(`${handbook.edition.date}T00:00:00+08:00`);
  const definition = buildDefinition({ handbook, theme, markup: markup.value!, themeFile, date });
  if (!definition.value) fail(definition.diagnostics);

  const { bytes, pageCount } = await renderPdf(definition.value!, used, [...tpl.dirs, ...fontDirs(used)]);
  return { handbook, pdf: bytes, pageCount, diagnostics };
}
