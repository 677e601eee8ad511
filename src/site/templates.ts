import fs from 'node:fs';
import path from 'node:path';
import { diagnostic, hasErrors } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { MAX_CONFIG_BYTES, tryReadInputText } from '../host/host.js';
import type { Template, TemplateFile } from '../layout/template.js';

/**
 * A template's web twin: the `site/` folder of the template and of every
 * template it extends (nearest wins, file by file, as for the PDF partials):
 * Handlebars pages and partials, `site.css` (a Handlebars template over the
 * theme's colours) and `search.js`, both inlined into the pages.
 */
export interface SiteTemplates {
  /** Every .hbs by base name: layout, index, item, single and their partials. */
  partials: Map<string, TemplateFile>;
  css: TemplateFile;
  script: TemplateFile;
}

const required = ['layout', 'index', 'item', 'single'] as const;

export function loadSiteTemplates(template: Template): { value: SiteTemplates | undefined; diagnostics: Diagnostic[] } {
  const files = new Map<string, TemplateFile>();
  const problems: Diagnostic[] = [];
  for (const dir of [...template.dirs].reverse()) {
    const siteDir = path.join(dir, 'site');
    if (!fs.existsSync(siteDir)) continue;
    for (const entry of fs.readdirSync(siteDir).sort()) {
      if (!/\.(hbs|css|js)$/.test(entry)) continue;
      const file = path.join(siteDir, entry);
      const read = tryReadInputText(file, MAX_CONFIG_BYTES);
      problems.push(...read.diagnostics);
      if (read.value !== undefined) files.set(entry, { file, source: read.value });
    }
  }
  // Warnings (a file saved as GBK) do not stop the site; they are reported with it.
  if (hasErrors(problems)) return { value: undefined, diagnostics: problems };
  const missing = [...required.map((n) => `${n}.hbs`), 'site.css', 'search.js'].filter((f) => !files.has(f));
  if (missing.length > 0) {
    return {
      value: undefined,
      diagnostics: [
        diagnostic('error', 'template/not-found', `模板「${template.name}」的网站版缺少 ${missing.map((f) => `site/${f}`).join('、')}`, { file: path.join(template.dirs[0]!, 'theme.yaml') }, {
          hint: '网站版模板放在模板文件夹的 site/ 中；写 extends: default 可沿用默认模板的网站版。',
        }),
      ],
    };
  }
  const partials = new Map<string, TemplateFile>();
  for (const [name, file] of files) if (name.endsWith('.hbs')) partials.set(name.slice(0, -4), file);
  return { value: { partials, css: files.get('site.css')!, script: files.get('search.js')! }, diagnostics: problems };
}
