import fs from 'node:fs';
import { InputFileError, MAX_CONFIG_BYTES, openInputFile, tryReadInputText } from '../host/host.js';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fontkit } from './fontkit.js';
import type { Font } from './fontkit.js';
import { z } from 'zod';
import { locate, parseYaml } from '../catalogue/yaml-source.js';
import type { YamlSource } from '../catalogue/yaml-source.js';
import { validate } from '../catalogue/validate.js';
import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic, SourcePosition } from '../diagnostics/diagnostic.js';
import { findFont } from './system-fonts.js';
import { NOT_A_FONT, checkSfnt } from './font-check.js';
import { openLazily } from './lazy-face.js';
import { HandbookError } from '../diagnostics/error.js';

const fileRef = z.union([z.string().min(1), z.strictObject({ file: z.string().min(1), name: z.string().min(1) })]);
const names = z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(z.string().min(1)).min(1));
const manifestSchema = z.strictObject({
  families: z.record(
    z.string(),
    z.strictObject({
      package: z.string().optional(),
      normal: fileRef.optional(),
      bold: fileRef.optional(),
      /** Installed fonts to use when there is no file: family or file names, first found wins. */
      system: names.optional(),
      systemBold: names.optional(),
    }),
  ),
});

type Entry = z.infer<typeof manifestSchema>['families'][string];

/** A font file, or a face inside a collection (TTC/OTC) named by PostScript name. */
export type FontFile = string | [string, string];

export interface FontFamily {
  name: string;
  normal: FontFile;
  bold: FontFile;
  /** Where the family was listed. */
  origin: SourcePosition;
  /** Where its files came from. */
  via: 'package' | 'fonts' | 'fontconfig' | 'system';
}

/** The manifests' families, resolved to files only when a template asks for them. */
export interface FontManifest {
  resolve(family: string): { value: FontFamily | undefined; diagnostics: Diagnostic[] };
  /** Every family listed, in manifest order (later manifests override earlier ones). */
  families(): string[];
}

const require = createRequire(import.meta.url);

/** Reads the font manifests in order: the built-in one, then the office's. */
export function loadFontManifest(manifests: readonly string[]): { value: FontManifest; diagnostics: Diagnostic[] } {
  const entries = new Map<string, { entry: Entry; source: YamlSource; dir: string }>();
  const diagnostics: Diagnostic[] = [];
  for (const manifest of manifests) {
    if (!fs.existsSync(manifest)) continue;
    const read = tryReadInputText(manifest, MAX_CONFIG_BYTES);
    diagnostics.push(...read.diagnostics);
    if (read.value === undefined) continue;
    const parsed = parseYaml(manifest, read.value);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.data === undefined) continue;
    const checked = validate(manifestSchema, parsed.data, parsed.source);
    diagnostics.push(...checked.diagnostics);
    for (const [name, entry] of Object.entries(checked.value?.families ?? {})) {
      entries.set(name, { entry, source: parsed.source, dir: path.dirname(manifest) });
    }
  }
  const cache = new Map<string, ReturnType<FontManifest['resolve']>>();
  const manifest: FontManifest = {
    families: () => [...entries.keys()],
    resolve(family) {
      let hit = cache.get(family);
      if (!hit) {
        const e = entries.get(family);
        hit = e ? resolveEntry(family, e.entry, e.source, e.dir) : { value: undefined, diagnostics: [] };
        cache.set(family, hit);
      }
      return hit;
    },
  };
  return { value: manifest, diagnostics };
}

function resolveEntry(name: string, entry: Entry, source: YamlSource, dir: string): { value: FontFamily | undefined; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const origin = locate(source, ['families', name], true);
  let base = dir;
  if (entry.package) {
    try {
      base = path.dirname(require.resolve(`${entry.package}/package.json`));
    } catch {
      diagnostics.push(
        diagnostic('error', 'font/package-missing', `字体「${name}」所在的 npm 包「${entry.package}」没有安装`, locate(source, ['families', name, 'package']), {
          hint: '运行 npm ci 安装依赖。',
        }),
      );
      return { value: undefined, diagnostics };
    }
  }
  const fromFile = (ref: z.infer<typeof fileRef>, style: string): FontFile | undefined => {
    const rel = typeof ref === 'string' ? ref : ref.file;
    const abs = path.resolve(base, rel);
    if (fs.existsSync(abs)) return typeof ref === 'string' ? abs : [abs, ref.name];
    if (entry.system) return undefined; // fall back to an installed font below
    diagnostics.push(
      diagnostic('error', 'font/not-found', `字体「${name}」的文件「${rel}」不存在`, locate(source, ['families', name, style]), {
        hint: entry.package ? `路径相对于 npm 包「${entry.package}」的根目录。` : '把字体文件放进字体清单所在的文件夹，或改正文件名。',
      }),
    );
    return undefined;
  };
  let via: FontFamily['via'] = entry.package ? 'package' : 'fonts';
  let normal = entry.normal ? fromFile(entry.normal, 'normal') : undefined;
  let bold = entry.bold ? fromFile(entry.bold, 'bold') : undefined;
  if (!normal && entry.system) {
    const found = findFont(entry.system, [dir]);
    if (found) {
      normal = found.file;
      via = found.via;
      if (!bold && entry.systemBold) bold = findFont(entry.systemBold, [dir])?.file;
    } else {
      diagnostics.push(
        diagnostic('error', 'font/not-installed', `找不到字体「${name}」：本机没有安装 ${entry.system.join('、')}`, locate(source, ['families', name, 'system']), {
          hint: '把字体文件复制到 fonts/ 文件夹，或在本机安装该字体。',
        }),
      );
    }
  } else if (!normal && !entry.normal && diagnostics.length === 0) {
    diagnostics.push(diagnostic('error', 'font/not-found', `字体「${name}」没有写文件（normal）或本机字体名（system）`, origin));
  }
  if (!normal || diagnostics.length > 0) return { value: undefined, diagnostics };
  const family: FontFamily = { name, normal, bold: bold ?? normal, origin, via };
  const styles = family.bold === family.normal ? (['normal'] as const) : (['normal', 'bold'] as const);
  for (const style of styles) {
    const problem = checkFontFile(family[style]);
    if (problem) {
      diagnostics.push(
        diagnostic('error', 'font/unreadable', `字体「${name}」的文件无法使用：${problem}`, locate(source, ['families', name, entry[style] ? style : 'system']), {
          hint: '请换用完好的 TTF、OTF 或 TTC 字体文件。',
        }),
      );
    }
  }
  return { value: diagnostics.length ? undefined : family, diagnostics };
}

const faces = new Map<string, Font>();

/** The font files this process has opened faces of (a face nothing uses is never opened). */
export function openedFaceFiles(): string[] {
  return [...faces.keys()];
}

/**
 * Opens a face with fontkit, once per process (parsing is lazy, so this is
 * cheap, and a watch or batch run reuses it). Throws if the file is not a font.
 */
export function openFace(file: FontFile): Font {
  const key = typeof file === 'string' ? file : `${file[0]}#${file[1]}`;
  let face = faces.get(key);
  if (!face) {
    // A TrueType face leaves its outlines on disk until they are drawn (lazy-face.ts).
    const opened = typeof file === 'string' ? (openLazily(file) ?? fontkit.openSync(file)) : fontkit.openSync(file[0], file[1]);
    if ('fonts' in opened) {
      // A collection named without a face: take the first, as pdfkit would fail to.
      throw new Error('这是字体集合（TTC），需要在字体清单中写出其中字体的名字：{ file: …, name: PostScript 名 }');
    }
    face = opened;
    faces.set(key, face);
  }
  return face;
}

/**
 * A Chinese reason the file cannot be used as a font, or undefined. A single
 * TrueType/OpenType face is judged by its table directory alone (see
 * font-check.ts), so checking every face a theme names reads none of them;
 * collections and web fonts are opened.
 */
export function checkFontFile(file: FontFile): string | undefined {
  try {
    // A font path naming a FIFO or a device would block or never end in any font reader: refuse it unopened.
    fs.closeSync(openInputFile(typeof file === 'string' ? file : file[0]).fd);
    if (typeof file === 'string') {
      const check = checkSfnt(file);
      if (check.kind === 'broken') return check.reason;
      if (check.kind === 'sfnt') return undefined;
    }
    const face = openFace(file);
    // Touch the character map: a truncated file fails here rather than mid-layout.
    face.hasGlyphForCodePoint(0x4e00);
    if (!face.numGlyphs) return '文件中没有字形';
    return undefined;
  } catch (err) {
    if (err instanceof InputFileError) return err.message;
    const message = err instanceof Error ? err.message : String(err);
    if (/ENOENT/.test(message)) return '文件不存在';
    if (/EACCES/.test(message)) return '没有读取权限';
    if (/TTC|集合/.test(message)) return message;
    return NOT_A_FONT;
  }
}

/**
 * openFace for a face first needed mid-build: a file that passed
 * checkFontFile's directory check but that fontkit cannot read is reported
 * as bad input, not as a crash.
 */
export function openCheckedFace(file: FontFile): Font {
  try {
    const face = openFace(file);
    face.hasGlyphForCodePoint(0x4e00);
    return face;
  } catch (err) {
    const name = typeof file === 'string' ? file : file[0];
    throw new HandbookError(
      [diagnostic('error', 'font/unreadable', `字体文件「${name}」无法使用：${NOT_A_FONT}`, { file: name }, { hint: '请换用完好的 TTF、OTF 或 TTC 字体文件。' })],
      { cause: err },
    );
  }
}

/**
 * pdfmake wants all four styles; CJK fonts have no italics, so they reuse the
 * upright faces. The faces are the ones openFace already parsed (pdfkit takes
 * an opened face, see patches/pdfkit): a CJK font is 10–15 MB, and reading and
 * parsing it a second time cost memory and time on every build.
 */
export function pdfmakeFontDescriptors(fonts: Iterable<FontFamily>): Record<string, Record<string, () => Font>> {
  const out: Record<string, Record<string, () => Font>> = {};
  for (const f of fonts) {
    // Functions, called by pdfmake (patches/pdfmake) the first time text uses the face:
    // a face nothing uses is never read.
    const normal = () => openCheckedFace(f.normal);
    const bold = () => openCheckedFace(f.bold);
    out[f.name] = { normal, bold, italics: normal, bolditalics: bold };
  }
  return out;
}
