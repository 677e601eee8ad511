import fs from 'node:fs';
import path from 'node:path';
import type { Handbook } from '../catalogue/model.js';
import { diagnostic, hasErrors } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { HandbookError } from '../diagnostics/error.js';
import { loadTemplate, templateSearchPath } from '../layout/template.js';
import { resolveTheme } from '../layout/theme.js';
import type { Script } from '../markup/script.js';
import { INDEX, planSite } from './plan.js';
import type { SitePlan } from './plan.js';
import { renderSite } from './render.js';
import type { SiteDownload } from './render.js';
import { convertHtmlScript } from './script.js';
import { loadSiteTemplates } from './templates.js';
import { rareFont } from './rare-font.js';

export interface SiteBuildOptions {
  /** One self-contained page holding every item (for a CMS that takes one article). */
  single?: boolean;
  script?: Script;
  /** The handbook PDF to offer for download; default: the built PDF at the handbook's output, when there is one. */
  pdf?: Uint8Array;
}

export interface SiteResult {
  handbook: Handbook;
  /** Site-relative path → bytes. In single mode, one HTML file. */
  files: Map<string, Uint8Array>;
  /** HTML pages among the files. */
  pages: number;
  single: boolean;
  /** Warnings only: errors are thrown as a HandbookError. */
  diagnostics: Diagnostic[];
}

/**
 * Builds the web twin of a resolved handbook: one page per item at the path
 * its QR code encodes, an index with search, the PDF for download; or, with
 * `single`, one page with every item at its anchor. Nothing is written.
 */
export async function buildSiteFromHandbook(handbook: Handbook, options: SiteBuildOptions = {}): Promise<SiteResult> {
  const diagnostics: Diagnostic[] = [];
  const fail = (more: Diagnostic[]): never => {
    throw new HandbookError([...diagnostics, ...more]);
  };
  const single = options.single === true;
  const planned = planSite(handbook);
  diagnostics.push(...planned.diagnostics);
  if (!planned.value) fail([]);
  const plan = single ? singlePlan(handbook, planned.value!, diagnostics) : planned.value!;

  const template = loadTemplate(handbook.template, templateSearchPath(path.dirname(handbook.files.handbook)), handbook.templateOrigin);
  if (!template.value || hasErrors(template.diagnostics)) fail(template.diagnostics);
  const tpl = template.value!;
  const site = loadSiteTemplates(tpl);
  if (!site.value) fail(site.diagnostics);
  const script = options.script ?? 'hans';
  const theme = resolveTheme(tpl.theme, handbook.paper, script);

  const files = new Map<string, Uint8Array>();
  const downloads: SiteDownload[] = [];
  if (!single) {
    const pdf = options.pdf ?? readIfFile(handbook.output);
    const name = path.basename(handbook.output);
    if (pdf) {
      files.set(name, pdf);
      downloads.push({ file: name, label: '手册', bytes: pdf.byteLength });
    } else {
      diagnostics.push(
        diagnostic('warning', 'site/no-pdf', `还没有生成手册 PDF（${handbook.output}），网站中没有下载链接`, handbook.origins.output ?? { file: handbook.files.handbook }, {
          field: 'output',
          hint: '先运行 handbook build，或用 handbook build --site 同时生成 PDF 和网站。',
        }),
      );
    }
    // A large-print edition built beside it (`--template large-print -o <name>-大字版.pdf`) is offered too.
    const largePrint = handbook.output.replace(/\.pdf$/i, '-大字版.pdf');
    const large = readIfFile(largePrint);
    if (large) {
      files.set(path.basename(largePrint), large);
      downloads.push({ file: path.basename(largePrint), label: '大字版手册', bytes: large.byteLength });
    }
  }

  const sources = [...site.value!.partials.values()].map((t) => t.source);
  const rare = await rareFont(handbook, tpl, theme, sources);
  if (rare) diagnostics.push(...rare.diagnostics);
  const rendered = await renderSite(handbook, plan, tpl, site.value!, theme, {
    script,
    downloads,
    ...(rare && { fontFamilies: rare.families, fontCss: async (text: string) => rare.css(text) }),
  });
  if (!rendered.value) fail(rendered.diagnostics);
  const encoder = new TextEncoder();
  for (const [file, html] of rendered.value!) files.set(file, encoder.encode(script === 'hant' ? convertHtmlScript(html) : html));
  return { handbook, files, pages: rendered.value!.size, single, diagnostics };
}

/**
 * The plan of `--single`: the handbook's own single page when its URLs point
 * into one (site.single, or an itemUrl like `…/list.html#{id}`); otherwise
 * one page anchored by item id, with a warning that the QR codes open
 * other pages.
 */
function singlePlan(handbook: Handbook, plan: SitePlan, diagnostics: Diagnostic[]): SitePlan {
  const own = plan.pages.find((p) => p.kind === 'single' && p.items.length === plan.items.length);
  if (own) return { ...plan, pages: [own] };
  const file = INDEX;
  diagnostics.push(
    diagnostic('warning', 'site/single-mismatch', '手册中的二维码指向各事项单独的页面，不是这个单页', handbook.origins.itemUrl ?? { file: handbook.files.handbook }, {
      field: 'site',
      hint: '要让二维码跳到单页中的事项，在手册文件中写 site: { base: 单页所在文件夹的网址/, single: true, page: 单页文件名.html }，再重新生成 PDF。',
    }),
  );
  const items = plan.items.map((p) => ({ item: p.item, anchor: p.item.id, file }));
  return { base: plan.base, items, pages: [{ file, kind: 'single', items }] };
}

/** The file's bytes when it is a regular file; undefined when it is absent. */
function readIfFile(file: string): Uint8Array | undefined {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat?.isFile() ? fs.readFileSync(file) : undefined;
}
