import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from 'zod';
import { parseYaml, locate } from '../catalogue/yaml-source.js';
import { validate } from '../catalogue/validate.js';
import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';

const fileRef = z.union([z.string().min(1), z.strictObject({ file: z.string().min(1), name: z.string().min(1) })]);
const manifestSchema = z.strictObject({
  families: z.record(
    z.string(),
    z.strictObject({ package: z.string().optional(), normal: fileRef, bold: fileRef.optional() }),
  ),
});

/** A font file, or a face inside a collection (TTC/OTC) named by PostScript name. */
export type FontFile = string | [string, string];

export interface FontFamily {
  name: string;
  normal: FontFile;
  bold: FontFile;
}

/** Family name → files, from every manifest read (later manifests win). */
export type FontSet = Map<string, FontFamily>;

const require = createRequire(import.meta.url);

/** Reads the font manifests in order; missing files are reported at the manifest line. */
export function loadFonts(manifests: readonly string[]): { value: FontSet; diagnostics: Diagnostic[] } {
  const fonts: FontSet = new Map();
  const diagnostics: Diagnostic[] = [];
  for (const manifest of manifests) {
    if (!fs.existsSync(manifest)) continue;
    const parsed = parseYaml(manifest, fs.readFileSync(manifest, 'utf8'));
    diagnostics.push(...parsed.diagnostics);
    if (parsed.data === undefined) continue;
    const { value, diagnostics: problems } = validate(manifestSchema, parsed.data, parsed.source);
    diagnostics.push(...problems);
    if (!value) continue;
    for (const [name, fam] of Object.entries(value.families)) {
      let base = path.dirname(manifest);
      if (fam.package) {
        try {
          base = path.dirname(require.resolve(`${fam.package}/package.json`));
        } catch {
          diagnostics.push(
            diagnostic('error', 'font/package-missing', `字体「${name}」所在的 npm 包「${fam.package}」没有安装`, locate(parsed.source, ['families', name, 'package']), {
              hint: '运行 npm ci 安装依赖。',
            }),
          );
          continue;
        }
      }
      const resolveRef = (ref: z.infer<typeof fileRef>, style: string): FontFile | undefined => {
        const rel = typeof ref === 'string' ? ref : ref.file;
        const abs = path.resolve(base, rel);
        if (!fs.existsSync(abs)) {
          diagnostics.push(
            diagnostic('error', 'font/not-found', `字体「${name}」的文件「${rel}」不存在`, locate(parsed.source, ['families', name, style]), {
              hint: fam.package ? `路径相对于 npm 包「${fam.package}」的根目录。` : '把字体文件放进字体清单所在的文件夹，或改正文件名。',
            }),
          );
          return undefined;
        }
        return typeof ref === 'string' ? abs : [abs, ref.name];
      };
      const normal = resolveRef(fam.normal, 'normal');
      const bold = fam.bold ? resolveRef(fam.bold, 'bold') : normal;
      if (normal && bold) fonts.set(name, { name, normal, bold });
    }
  }
  return { value: fonts, diagnostics };
}

/** pdfmake wants all four styles; CJK fonts have no italics, so they reuse the upright files. */
export function pdfmakeFontDescriptors(fonts: Iterable<FontFamily>): Record<string, Record<string, FontFile>> {
  const out: Record<string, Record<string, FontFile>> = {};
  for (const f of fonts) out[f.name] = { normal: f.normal, bold: f.bold, italics: f.normal, bolditalics: f.bold };
  return out;
}

/** Folders the PDF renderer may read fonts from. */
export function fontDirs(fonts: Iterable<FontFamily>): string[] {
  const dirs = new Set<string>();
  for (const f of fonts) for (const file of [f.normal, f.bold]) dirs.add(path.dirname(typeof file === 'string' ? file : file[0]));
  return [...dirs];
}
