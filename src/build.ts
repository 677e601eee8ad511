import path from 'node:path';
import type { Handbook } from './catalogue/model.js';
import { diagnostic, hasErrors, uniqueDiagnostics } from './diagnostics/diagnostic.js';
import type { Diagnostic, SourcePosition } from './diagnostics/diagnostic.js';
import { HandbookError } from './diagnostics/error.js';
import type { CompletenessCheck } from './document/completeness.js';
import { FontFallback } from './document/coverage.js';
import type { CoverageReport } from './document/coverage.js';
import { buildDefinition } from './document/definition.js';
import type { DocumentDefinition } from './document/definition.js';
import { loadFontManifest, openCheckedFace } from './document/fonts.js';
import type { FontFamily, FontManifest } from './document/fonts.js';
import { missingGlyphDiagnostics } from './document/missing-glyphs.js';
import { renderLayout } from './layout/render.js';
import { loadTemplate, locateInTheme, templateSearchPath } from './layout/template.js';
import type { Template } from './layout/template.js';
import { bindingPagesMultiple, grayscaleTheme, resolveTheme } from './layout/theme.js';
import type { Binding } from './layout/theme.js';
import type { MarkupElement } from './markup/nodes.js';
import { convertMarkupScript, toTraditional } from './markup/script.js';
import type { Script } from './markup/script.js';
import { paperSize } from './catalogue/paper.js';
import { mm } from './document/units.js';
import { MARK_SLUG } from './pdf/marks.js';
import { parseMarkup } from './markup/parse.js';
import { builtinFontsDir } from './paths.js';
import { renderPdf } from './pdf/render.js';

/** Print production options (SPEC "Print conventions"). */
export interface PrintOptions {
  /** Bleed on each side, millimetres (0: none). */
  bleedMm?: number;
  /** Crop marks outside the bleed. */
  marks?: boolean;
  /** Pad the page count to a multiple of this, 1 for none; by default the template's binding says (4 for saddle stitching, 1 for sheets). */
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

export interface PrepareOptions {
  sourceDateEpoch?: number;
  print?: PrintOptions;
  /** Report characters no font has as warnings instead of errors. */
  allowMissingGlyphs?: boolean;
  /** What changed since the previous edition, one sentence each, for the 「本版更新说明」 page. */
  changes?: { text: string }[];
  /** hant: a traditional-character edition. */
  script?: Script;
}

/** Everything up to the PDF bytes: the checked pdfmake document and what went into it. */
export interface PreparedDocument {
  /** The handbook as printed: the template's paper applied, texts in the edition's script. */
  handbook: Handbook;
  definition: DocumentDefinition;
  fonts: FontFamily[];
  /** role → families, main first, as resolved from the manifest. */
  chains: Record<string, FontFamily[]>;
  coverage: CoverageReport;
  template: Template;
  /** The binding the template is made for (its theme's `binding`). */
  binding: Binding;
  markup: MarkupElement;
  date: Date;
  bleed: number;
  /** Room around the bleed for crop marks, points (0: no marks). */
  slug: number;
  diagnostics: Diagnostic[];
  /** Checks after layout that every item field the template prints was placed whole. */
  completeness?: CompletenessCheck;
}

/**
 * Stages 2–4: template → markup → pdfmake document, with fonts resolved and
 * fallback applied. Throws HandbookError with every diagnostic when the input
 * cannot be built.
 */
export function prepareDocument(input: Handbook, options: PrepareOptions = {}): PreparedDocument {
  const print = options.print ?? {};
  const script = options.script ?? 'hans';
  let handbook = input;
  const diagnostics: Diagnostic[] = [];
  const fail = (more: Diagnostic[]): never => {
    throw new HandbookError([...diagnostics, ...more]);
  };
  const handbookDir = path.dirname(handbook.files.handbook);

  const template = loadTemplate(handbook.template, templateSearchPath(handbookDir), handbook.templateOrigin);
  if (!template.value || hasErrors(template.diagnostics)) fail(template.diagnostics);
  const tpl = template.value!;
  // A template made for one paper (posters: A4) wins over the handbook file, not over --paper.
  if (tpl.theme.paper && handbook.paperSource !== 'option') handbook = { ...handbook, paper: tpl.theme.paper.toUpperCase() };
  const resolved = resolveTheme(tpl.theme, handbook.paper, script);
  const theme = print.grayscale ? grayscaleTheme(resolved) : resolved;
  const themeFile = path.join(tpl.dirs[0]!, 'theme.yaml');
  // A booklet folds pages into signatures of four: a template of single sheets
  // (a poster for a notice board) would come out in fold order, with blanks
  // padded in, and a poster halved onto one side of a sheet. Refused before
  // anything is laid out rather than printed wrongly.
  if (print.impose === 'booklet' && theme.binding === 'sheets') {
    fail([
      diagnostic('error', 'template/not-imposable', `模板「${tpl.name}」用于单张印刷（binding: sheets），不能拼成骑马钉小册子`, locateInTheme(tpl, ['binding']), {
        hint: '去掉 --impose booklet，直接按页打印；要做成小册子，请换用手册模板（如 default、large-print）。',
      }),
    ]);
  }

  const manifest = loadFontManifest([path.join(builtinFontsDir, 'manifest.yaml'), path.join(handbookDir, 'fonts', 'manifest.yaml')]);
  if (hasErrors(manifest.diagnostics)) fail(manifest.diagnostics);
  const { fonts, chains, problems } = resolveFontChains(theme.fontChains, manifest.value, (role) => locateInTheme(tpl, ['fonts', role]));
  if (hasErrors(problems)) fail(problems);

  const layout = renderLayout(handbook, tpl, theme, options.changes);
  if (!layout.value) fail(layout.diagnostics);
  const markup = parseMarkup(layout.value!);
  if (!markup.value) fail(markup.diagnostics);
  if (script === 'hant') {
    convertMarkupScript(markup.value!);
    const t = toTraditional;
    handbook = {
      ...handbook,
      title: t(handbook.title),
      domain: t(handbook.domain),
      catalogueTitle: t(handbook.catalogueTitle),
      locality: { ...handbook.locality, name: t(handbook.locality.name), agency: t(handbook.locality.agency) },
    };
  }

  const epoch = options.sourceDateEpoch;
  const date = epoch !== undefined ? new Date(epoch * 1000) : new Date(`${handbook.edition.date}T00:00:00+08:00`);
  const bleed = mm(print.bleedMm ?? 0);
  const slug = print.marks ? MARK_SLUG : 0;
  const built = buildDefinition({ handbook, theme, markup: markup.value!, themeFile, date, bleed, slug, assetDirs: tpl.dirs, template: tpl, script });
  if (!built.value) fail(built.diagnostics);
  const definition = built.value!;

  const byName = new Map(fonts.map((f) => [f.name, f]));
  const fallback = new FontFallback({
    styles: definition.styles as Record<string, Record<string, unknown>>,
    defaultFont: theme.fonts.body!,
    chains: new Map(Object.values(chains).map((chain) => [chain[0]!.name, chain.map((f) => f.name)])),
    face: (family, bold) => openCheckedFace(bold ? byName.get(family)!.bold : byName.get(family)!.normal),
  });
  fallback.apply(definition.content);
  const severity = options.allowMissingGlyphs ? 'warning' : 'error';
  const glyphs = missingGlyphDiagnostics(fallback.report.missing, handbook, [tpl.main, ...tpl.partials.values()], severity);
  if (hasErrors(glyphs)) fail(glyphs);
  diagnostics.push(...glyphs);

  return {
    handbook,
    definition,
    fonts,
    chains,
    coverage: fallback.report,
    template: tpl,
    binding: theme.binding,
    markup: markup.value!,
    date,
    bleed,
    slug,
    diagnostics,
    ...(built.completeness && { completeness: built.completeness }),
  };
}

/** Each role's families, resolved through the manifest; unknown or unusable ones are reported. */
export function resolveFontChains(
  roles: Record<string, string[]>,
  manifest: FontManifest,
  roleOrigin: (role: string) => SourcePosition,
): { fonts: FontFamily[]; chains: Record<string, FontFamily[]>; problems: Diagnostic[] } {
  const fonts: FontFamily[] = [];
  const chains: Record<string, FontFamily[]> = {};
  const problems: Diagnostic[] = [];
  for (const [role, names] of Object.entries(roles)) {
    chains[role] = [];
    for (const name of names) {
      if (!manifest.families().includes(name)) {
        problems.push(
          diagnostic('error', 'font/unknown-family', `主题中字体角色「${role}」使用的字体「${name}」未在字体清单中登记`, roleOrigin(role), {
            hint: `已登记的字体：${manifest.families().join('、')}；在 fonts/manifest.yaml 中登记新字体。`,
          }),
        );
        continue;
      }
      const r = manifest.resolve(name);
      problems.push(...r.diagnostics);
      if (!r.value) continue;
      chains[role]!.push(r.value);
      if (!fonts.includes(r.value)) fonts.push(r.value);
    }
  }
  return { fonts, chains, problems: uniqueDiagnostics(problems) };
}


/**
 * The whole pipeline after the catalogue stage: prepared document → PDF
 * bytes → print finishing (and imposition when asked).
 */
export async function buildFromHandbook(input: Handbook, options: PrepareOptions = {}): Promise<BuildResult> {
  const print = options.print ?? {};
  const prepared = prepareDocument(input, options);
  const { handbook, definition, fonts, template: tpl, date, bleed } = prepared;

  const paper = paperSize(handbook.paper)!;
  const trim = { width: mm(paper.width), height: mm(paper.height) };
  const info = definition.info as Record<string, string>;
  const finished = await renderPdf(definition, fonts, tpl.dirs, {
    trim,
    bleed,
    slug: prepared.slug,
    // The command line wins; otherwise the template's binding: posters are single sheets, not padded.
    pagesMultiple: print.pagesMultiple ?? bindingPagesMultiple(prepared.binding),
    backCover: lastSectionName(prepared.markup) === 'back-cover',
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
  }, prepared.completeness);
  const result: BuildResult = {
    handbook,
    pdf: finished.bytes,
    pageCount: finished.pageCount,
    blankPages: finished.blankPages,
    diagnostics: prepared.diagnostics,
  };
  if (print.impose === 'booklet') {
    // pdf-lib is loaded only for booklets: it is a tenth of a second of every cold start.
    const { imposeBooklet } = await import('./pdf/impose.js');
    const imposed = await imposeBooklet(finished.bytes, trim);
    result.imposed = { pdf: imposed.bytes, path: handbook.output.replace(/(\.pdf)?$/i, '-拼版.pdf'), sheetName: imposed.sheetName, sides: imposed.sides };
  }
  return result;
}

function lastSectionName(doc: MarkupElement): string | undefined {
  const sections = doc.children.filter((c): c is MarkupElement => c.kind === 'element' && c.name === 'section');
  return sections[sections.length - 1]?.attrs.name;
}
