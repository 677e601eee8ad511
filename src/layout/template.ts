import fs from 'node:fs';
import path from 'node:path';
import { parseYaml } from '../catalogue/yaml-source.js';
import { validate } from '../catalogue/validate.js';
import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
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

export function loadTemplate(name: string, searchPath: string[]): { value: Template | undefined; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const dirs: string[] = [];
  const themes: ThemeData[] = [];
  let current: string | undefined = name;
  while (current !== undefined) {
    if (dirs.length > 8 || !/^[a-z0-9-]+$/.test(current)) {
      diagnostics.push(diagnostic('error', 'template/not-found', `模板名「${current}」无效或继承层级过深`));
      return { value: undefined, diagnostics };
    }
    const wanted: string = current;
    const dir = searchPath.map((base) => path.join(base, wanted)).find((d) => fs.existsSync(path.join(d, 'theme.yaml')));
    if (!dir || dirs.includes(dir)) {
      diagnostics.push(
        diagnostic('error', 'template/not-found', dir ? `模板「${wanted}」循环继承` : `找不到模板「${wanted}」`, undefined, {
          hint: `模板是 templates/ 下含 theme.yaml 的文件夹；查找位置：${searchPath.join('、')}`,
        }),
      );
      return { value: undefined, diagnostics };
    }
    dirs.push(dir);
    const themeFile = path.join(dir, 'theme.yaml');
    const parsed = parseYaml(themeFile, fs.readFileSync(themeFile, 'utf8'));
    diagnostics.push(...parsed.diagnostics);
    if (parsed.data === undefined) return { value: undefined, diagnostics };
    const checked = validate(themeSchema, parsed.data ?? {}, parsed.source);
    diagnostics.push(...checked.diagnostics);
    if (!checked.value) return { value: undefined, diagnostics };
    themes.push(checked.value);
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
      if (entry.endsWith('.hbs')) {
        partials.set(entry.slice(0, -4), { file, source: fs.readFileSync(file, 'utf8') });
      } else if (entry.endsWith('.yaml') && entry !== 'theme.yaml') {
        const parsed = parseYaml(file, fs.readFileSync(file, 'utf8'));
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
  return { value: { name, dirs, theme, main, partials, data }, diagnostics };
}
