import fs from 'node:fs';
import path from 'node:path';
import { valueAt } from '../catalogue/validate.js';
import { locate, parseYaml } from '../catalogue/yaml-source.js';
import type { YamlSource } from '../catalogue/yaml-source.js';
import { validate } from '../catalogue/validate.js';
import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic, Origin, SourcePosition } from '../diagnostics/diagnostic.js';
import { MAX_CONFIG_BYTES, tryReadInputText } from '../host/host.js';
import { builtinTemplatesDir } from '../paths.js';
import { mergeThemeData, themeSchema } from './theme.js';
import type { ThemeData } from './theme.js';

export interface TemplateFile {
  /** Absolute path. */
  file: string;
  source: string;
}

/**
 * A template: its folder and the folders it extends (nearest first), the
 * merged theme data, the main layout and every partial by name. A variant
 * names `extends: default` in its theme and overrides only what differs.
 */
export interface Template {
  name: string;
  dirs: string[];
  /** Each folder's parsed theme.yaml, nearest first, for locating theme problems. */
  themeSources: YamlSource[];
  theme: ThemeData;
  main: TemplateFile;
  partials: Map<string, TemplateFile>;
  /** Other YAML data files (e.g. glossary.yaml), by base name. */
  data: Map<string, unknown>;
}

/** Where templates are looked for: the handbook's own templates/ folder, then the built-in ones. */
export function templateSearchPath(handbookDir: string): string[] {
  return [path.join(handbookDir, 'templates'), builtinTemplatesDir];
}

/** Where a theme value was written: the nearest theme.yaml that has `path`. */
export function locateInTheme(template: Template, path: (string | number)[]): SourcePosition {
  for (const source of template.themeSources) {
    if (valueAt(source.data, path) !== undefined) return locate(source, path);
  }
  return { file: template.themeSources[0]!.file, line: 1, column: 1 };
}

/** Template names available on the search path, for hints. */
export function availableTemplates(searchPath: string[]): string[] {
  const names = new Set<string>();
  for (const base of searchPath) {
    if (!fs.existsSync(base)) continue;
    for (const d of fs.readdirSync(base)) if (fs.existsSync(path.join(base, d, 'theme.yaml'))) names.add(d);
  }
  return [...names].sort();
}

export function loadTemplate(
  name: string,
  searchPath: string[],
  at?: Origin,
): { value: Template | undefined; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const dirs: string[] = [];
  const themes: ThemeData[] = [];
  const themeSources: YamlSource[] = [];
  let current: string | undefined = name;
  while (current !== undefined) {
    if (dirs.length > 8 || !/^[a-z0-9-]+$/.test(current)) {
      diagnostics.push(diagnostic('error', 'template/not-found', `模板名「${current}」无效或继承层级过深`, at));
      return { value: undefined, diagnostics };
    }
    const wanted: string = current;
    const dir = searchPath.map((base) => path.join(base, wanted)).find((d) => fs.existsSync(path.join(d, 'theme.yaml')));
    if (!dir || dirs.includes(dir)) {
      diagnostics.push(
        diagnostic('error', 'template/not-found', dir ? `模板「${wanted}」循环继承` : `找不到模板「${wanted}」`, dirs.length ? { file: path.join(dirs[dirs.length - 1]!, 'theme.yaml') } : at, {
          hint: `模板是 templates/ 下含 theme.yaml 的文件夹，先找手册文件旁的 templates/，再找程序自带的。可用的模板：${availableTemplates(searchPath).join('、')}`,
        }),
      );
      return { value: undefined, diagnostics };
    }
    dirs.push(dir);
    const themeFile = path.join(dir, 'theme.yaml');
    const read = tryReadInputText(themeFile, MAX_CONFIG_BYTES);
    diagnostics.push(...read.diagnostics);
    if (read.value === undefined) return { value: undefined, diagnostics };
    const parsed = parseYaml(themeFile, read.value);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.data === undefined) return { value: undefined, diagnostics };
    const checked = validate(themeSchema, parsed.data ?? {}, parsed.source);
    diagnostics.push(...checked.diagnostics);
    if (!checked.value) return { value: undefined, diagnostics };
    themes.push(checked.value);
    themeSources.push(parsed.source);
    current = checked.value.extends;
  }

  // Nearest folder wins, for partials, data files and theme values alike.
  let theme: ThemeData = {};
  for (const t of [...themes].reverse()) theme = mergeThemeData(theme, t);
  const partials = new Map<string, TemplateFile>();
  const data = new Map<string, unknown>();
  for (const dir of [...dirs].reverse()) {
    for (const entry of fs.readdirSync(dir).sort()) {
      const file = path.join(dir, entry);
      if (!entry.endsWith('.hbs') && !(entry.endsWith('.yaml') && entry !== 'theme.yaml')) continue;
      // Template files are input too: a FIFO or a huge file here must not hang or exhaust the build.
      const read = tryReadInputText(file, MAX_CONFIG_BYTES);
      diagnostics.push(...read.diagnostics);
      if (read.value === undefined) continue;
      if (entry.endsWith('.hbs')) {
        partials.set(entry.slice(0, -4), { file, source: read.value });
      } else {
        const parsed = parseYaml(file, read.value);
        diagnostics.push(...parsed.diagnostics);
        data.set(entry.slice(0, -5), parsed.data);
      }
    }
  }
  const main = partials.get('handbook');
  if (!main) {
    diagnostics.push(diagnostic('error', 'template/not-found', `模板「${name}」缺少主布局 handbook.hbs`, { file: dirs[0] }));
    return { value: undefined, diagnostics };
  }
  partials.delete('handbook');
  return { value: { name, dirs, themeSources, theme, main, partials, data }, diagnostics };
}
