import Handlebars from 'handlebars';
import type { Handbook, Item } from '../catalogue/model.js';
import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { layoutContext } from '../layout/context.js';
import { helpers } from '../layout/helpers.js';
import type { Template, TemplateFile } from '../layout/template.js';
import type { Theme } from '../layout/theme.js';
import { cmykToHex } from './colors.js';
import { INDEX, relativeHref } from './plan.js';
import type { PlannedItem, PlannedPage, SitePlan } from './plan.js';
import type { SiteTemplates } from './templates.js';
import { findBlockProblem } from '../layout/template-syntax.js';

/** A file offered for download on the pages (the handbook PDF). */
export interface SiteDownload {
  /** Site-relative path. */
  file: string;
  label: string;
  bytes: number;
}

export interface RenderSiteOptions {
  script?: 'hans' | 'hant';
  downloads?: readonly SiteDownload[];
  /**
   * CSS for the characters of a page that phone fonts may lack (an inline
   * subset webfont), or undefined when the page needs none.
   */
  fontCss?: (text: string) => Promise<string | undefined>;
  /** Family names the page's fonts start with (the subset webfont's), before the system fonts. */
  fontFamilies?: readonly string[];
}

/** System fonts only: Chinese phones and computers all have one of these; nothing is downloaded. */
const systemFonts = {
  hans: ['system-ui', '-apple-system', 'PingFang SC', 'Hiragino Sans GB', 'Noto Sans CJK SC', 'Source Han Sans SC', 'HarmonyOS Sans SC', 'MiSans', 'Microsoft YaHei', 'sans-serif'],
  hant: ['system-ui', '-apple-system', 'PingFang TC', 'Noto Sans CJK TC', 'Source Han Sans TC', 'Microsoft JhengHei', 'PMingLiU', 'sans-serif'],
};

type Compiled = (context: unknown) => string;

/**
 * Renders every planned page to HTML with the template's site/ Handlebars
 * files, over the same view model the PDF templates see plus links between
 * pages. Data is HTML-escaped by Handlebars, so item text can never become
 * markup. Returns site-relative path → HTML.
 */
export async function renderSite(
  handbook: Handbook,
  plan: SitePlan,
  template: Template,
  site: SiteTemplates,
  theme: Theme,
  options: RenderSiteOptions = {},
): Promise<{ value: Map<string, string> | undefined; diagnostics: Diagnostic[] }> {
  const script = options.script ?? 'hans';
  const hb = Handlebars.create();
  hb.registerHelper(helpers);
  const diagnostics: Diagnostic[] = [];
  const compile = (t: TemplateFile, noEscape = false): Compiled | undefined => {
    try {
      hb.parse(t.source);
      return hb.compile(t.source, { preventIndent: true, noEscape, strict: false });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const line = /line (\d+)/.exec(message);
      const block = findBlockProblem(t.source);
      diagnostics.push(
        diagnostic('error', 'template/syntax', `网站版模板语法错误：${block?.message ?? message.split('\n').pop()}`, block ? { file: t.file, line: block.line, column: block.column } : { file: t.file, ...(line && { line: Number(line[1]), column: 1 }) }, {
          hint: '检查 {{ }} 是否成对，{{#each}}、{{#if}} 是否有对应的 {{/each}}、{{/if}}。',
        }),
      );
      return undefined;
    }
  };
  const pages = new Map<string, Compiled>();
  for (const [name, t] of site.partials) {
    const fn = compile(t);
    if (!fn) continue;
    hb.registerPartial(name, fn);
    pages.set(name, fn);
  }
  const colors = Object.fromEntries(Object.entries(theme.colors).map(([k, v]) => [k, cmykToHex(v)]));
  const fontStack = [...(options.fontFamilies ?? []), ...systemFonts[script]].map((f) => (/^[\w-]+$/.test(f) ? f : `"${f}"`)).join(',');
  // The stylesheet is ours and the theme's (colours, font names), never data: no HTML escaping inside <style>.
  const css = compile(site.css, true)?.({ colors, fontStack });
  if (diagnostics.length > 0 || css === undefined) return { value: undefined, diagnostics };

  const base = layoutContext(handbook, theme, template.data);
  const siteContext = { lang: script === 'hant' ? 'zh-Hant' : 'zh-CN', css: minifyCss(css), script: site.script.source.replace(/^\s*\/\*[\s\S]*?\*\/\s*/, '').trim() };
  const planned = new Map(plan.items.map((p) => [p.item.id, p]));
  const categoryName = new Map(handbook.categories.map((c) => [c.code, c.name]));
  // A lone single page (--single) is its own index.
  const indexFile = (plan.pages.find((p) => p.file === INDEX) ?? plan.pages[0]!).file;
  const out = new Map<string, string>();

  for (const page of plan.pages) {
    const hrefTo = (file: string) => (file === page.file ? '' : relativeHref(page.file, file));
    const itemHref = (p: PlannedItem) => {
      if (p.file === undefined) return p.item.url!;
      const anchored = p.item.url?.includes('#') || p.file === page.file;
      return `${hrefTo(p.file)}${anchored ? `#${p.anchor}` : ''}`;
    };
    const listed = (items: readonly Item[]) =>
      items.map((item) => {
        const p = planned.get(item.id)!;
        return { ...item, href: itemHref(p), anchor: p.anchor, search: searchText(item) };
      });
    const pageContext = {
      file: page.file,
      indexHref: hrefTo(indexFile) || '#main',
      downloads: (options.downloads ?? []).map((d) => ({ href: hrefTo(d.file), label: d.label, size: sizeText(d.bytes) })),
      script: page.kind !== 'item',
    };
    const render = (name: string, context: unknown) => {
      try {
        return pages.get(name)!(context);
      } catch (err) {
        diagnostics.push(diagnostic('error', 'template/render', `网站版模板渲染失败：${err instanceof Error ? err.message : String(err)}`, { file: site.partials.get(name)!.file }));
        return undefined;
      }
    };
    const only = page.kind === 'item' ? page.items[0]! : undefined;
    const title = only ? `${only.item.name} - ${handbook.title}` : handbook.title;
    const body = only
      ? render('item', {
          ...base,
          site: siteContext,
          page: { ...pageContext, title },
          item: only.item,
          anchor: only.anchor,
          category: { name: categoryName.get(only.item.category), href: `${hrefTo(indexFile)}#cat-${only.item.category}` },
        })
      : render(page.kind, { ...base, categories: base.categories.map((c) => ({ ...c, items: listed(c.items) })), site: siteContext, page: { ...pageContext, title } });
    if (body === undefined) continue;
    const fontCss = options.fontCss ? await options.fontCss(`${title}${stripTags(body)}`) : undefined;
    const description = only ? `${only.item.name}：公开内容、依据、时限、主体、渠道、对象、方式和层级` : `${handbook.locality.name}${handbook.domain}领域基层政务公开事项 ${base.stats.items} 项`;
    const context = { ...base, site: siteContext, page: { ...pageContext, title, description, ...(fontCss && { fontCss }) }, body };
    const html = render('layout', context);
    if (html !== undefined) out.set(page.file, tidy(html));
  }
  return diagnostics.length > 0 ? { value: undefined, diagnostics } : { value: out, diagnostics };
}

/**
 * What the search box matches besides the text it shows (the item's name,
 * and its category's heading, which search.js adds): the 公开内容, lower-cased.
 */
function searchText(item: Item): string {
  return item.content.join(' ').toLowerCase().replace(/\s+/g, ' ');
}

/** 329 KB, 1.2 MB */
function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, '');
}

/** Comments and line breaks out of the inline stylesheet: every page carries it. */
function minifyCss(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s*\n\s*/g, '')
    .trim();
}

/** Template indentation and blank lines out of the page; text inside elements is left as written. */
function tidy(html: string): string {
  return `${html
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join('\n')}\n`;
}
