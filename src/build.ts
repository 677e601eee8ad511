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
import { grayscaleTheme, resolveTheme } from './layout/theme.js';
import type { MarkupElement } from './markup/nodes.js';
import { paperSize } from './document/paper.js';
import { mm } from './document/units.js';
import { finishPdf } from './pdf/finish.js';
import { imposeBooklet } from './pdf/impose.js';
import { parseMarkup } from './markup/parse.js';
import { builtinFontsDir } from './paths.js';
import { renderPdf } from './pdf/render.js';

/** Print production options (SPEC "Print conventions"). */
export interface PrintOptions {
  /** Bleed on each side, millimetres (0: none). */
  bleedMm?: number;
  /** Crop marks outside the bleed. */
  marks?: boolean;
  /** Pad the page count to a multiple of this; 4 for saddle stitching (the default), 1 for none. */
  pagesMultiple?: number;
  /** Also make 2-up booklet sheets. */
  impose?: 'booklet';
  /** Every colour as black ink only. */
  grayscale?: boolean;
  /** PDF/A-2b. */
  pdfa?: boolean;
}

export interface BuildResult {
  handbook: Handbook;
  pdf: Uint8Array;
  pageCount: number;
  /** Blank pages added for saddle stitching. */
  blankPages: number;
  /** The 2-up booklet sheets, when asked for. */
  imposed?: { pdf: Uint8Array; path: string; sheetName: string; sides: number };
  /** Warnings only: errors are thrown as a HandbookError. */
  diagnostics: Diagnostic[];
}

/**
 * The pipeline after the catalogue stage: template → markup → pdfmake
 * document → PDF bytes. Throws HandbookError with every diagnostic when
 * the input cannot be built.
 */
export async function buildFromHandbook(
  handbook: Handbook,
  options: { sourceDateEpoch?: number; print?: PrintOptions } = {},
): Promise<BuildResult> {
  const print = options.print ?? {};
  const diagnostics: Diagnostic[] = [];
  const fail = (more: Diagnostic[]): never => {
    throw new HandbookError([...diagnostics, ...more]);
  };
  const handbookDir = path.dirname(handbook.files.handbook);

  const template = loadTemplate(handbook.template, templateSearchPath(handbookDir));
  if (!template.value || hasErrors(template.diagnostics)) fail(template.diagnostics);
  const tpl = template.value!;
  const resolved = resolveTheme(tpl.theme, handbook.paper);
  const theme = print.grayscale ? grayscaleTheme(resolved) : resolved;
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
  const bleed = mm(print.bleedMm ?? 0);
  const definition = buildDefinition({ handbook, theme, markup: markup.value!, themeFile, date, bleed });
  if (!definition.value) fail(definition.diagnostics);

  const rendered = await renderPdf(definition.value!, used, [...tpl.dirs, ...fontDirs(used)]);
  const paper = paperSize(handbook.paper)!;
  const trim = { width: mm(paper.width), height: mm(paper.height) };
  const info = definition.value!.info as Record<string, string>;
  const finished = await finishPdf(rendered.bytes, {
    trim,
    bleed,
    marks: print.marks ?? false,
    pagesMultiple: print.pagesMultiple ?? 4,
    backCover: lastSectionName(markup.value!) === 'back-cover',
    ...(print.pdfa && {
      pdfa: {
        title: info.title!,
        author: info.author!,
        subject: info.subject!,
        keywords: info.keywords!,
        creator: info.creator!,
        producer: info.producer!,
        date,
        language: 'zh-CN',
      },
    }),
  });
  const result: BuildResult = { handbook, pdf: finished.bytes, pageCount: finished.pageCount, blankPages: finished.blankPages, diagnostics };
  if (print.impose === 'booklet') {
    const imposed = await imposeBooklet(finished.bytes, trim);
    result.imposed = { pdf: imposed.bytes, path: handbook.output.replace(/(\.pdf)?$/i, '-拼版.pdf'), sheetName: imposed.sheetName, sides: imposed.sides };
  }
  return result;
}

function lastSectionName(doc: MarkupElement): string | undefined {
  const sections = doc.children.filter((c): c is MarkupElement => c.kind === 'element' && c.name === 'section');
  return sections[sections.length - 1]?.attrs.name;
}
