import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fontkit } from './fontkit.js';
import type { Font, FontCollection } from './fontkit.js';

/**
 * Finding an office's installed fonts by name ("仿宋", "FangSong",
 * "simfang.ttf"): fontconfig where it exists (Linux desktops), otherwise the
 * usual font folders of Windows, macOS and Linux, reading family names from
 * the files themselves.
 */

export function systemFontDirs(): string[] {
  const home = os.homedir();
  const dirs = [
    // Windows
    path.join(process.env.WINDIR ?? 'C:\\Windows', 'Fonts'),
    ...(process.env.LOCALAPPDATA ? [path.join(process.env.LOCALAPPDATA, 'Microsoft', 'Windows', 'Fonts')] : []),
    // macOS
    '/Library/Fonts',
    '/System/Library/Fonts',
    path.join(home, 'Library', 'Fonts'),
    // Linux
    '/usr/share/fonts',
    '/usr/local/share/fonts',
    path.join(home, '.local', 'share', 'fonts'),
    path.join(home, '.fonts'),
  ];
  return dirs.filter((d) => fs.existsSync(d));
}

const FONT_FILE = /\.(ttf|otf|ttc|otc)$/i;

function listFontFiles(dir: string, depth = 0, out: string[] = []): string[] {
  if (depth > 4) return out;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) listFontFiles(p, depth + 1, out);
    else if (FONT_FILE.test(e.name)) out.push(p);
  }
  return out;
}

/** Names a face answers to: family names in every language the file gives, and its PostScript name. */
function faceNames(face: Font): string[] {
  const names = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === 'string') names.add(v);
    else if (v && typeof v === 'object') for (const s of Object.values(v)) if (typeof s === 'string') names.add(s);
  };
  const table = (face as unknown as { name?: { records?: Record<string, unknown> } }).name?.records;
  add(table?.fontFamily);
  add(table?.preferredFamily);
  add(face.familyName);
  add(face.postscriptName);
  return [...names];
}

export interface SystemFont {
  /** The file, or [collection file, PostScript name] for a face in a TTC. */
  file: string | [string, string];
  /** Where it was found, for `handbook fonts`. */
  via: 'fonts' | 'fontconfig' | 'system';
}

/**
 * The first of `wanted` (family names or file names) found in `localDirs`
 * (the office's fonts/ folder), then through fontconfig, then in the system
 * font folders.
 */
export function findFont(wanted: readonly string[], localDirs: readonly string[]): SystemFont | undefined {
  const local = searchDirs(wanted, localDirs);
  if (local) return { file: local, via: 'fonts' };
  for (const name of wanted) {
    const viaFc = fontconfigMatch(name);
    if (viaFc) return { file: viaFc, via: 'fontconfig' };
  }
  const system = searchDirs(wanted, systemFontDirs());
  return system ? { file: system, via: 'system' } : undefined;
}

function searchDirs(wanted: readonly string[], dirs: readonly string[]): string | [string, string] | undefined {
  const files = dirs.flatMap((d) => listFontFiles(d));
  for (const name of wanted) {
    const byFile = files.find((f) => path.basename(f).toLowerCase() === name.toLowerCase());
    if (byFile) return byFile;
  }
  for (const file of files) {
    let opened: Font | FontCollection;
    try {
      opened = fontkit.openSync(file);
    } catch {
      continue;
    }
    const faces = 'fonts' in opened ? opened.fonts : [opened];
    for (const face of faces) {
      const names = faceNames(face);
      if (wanted.some((w) => names.includes(w))) return 'fonts' in opened ? [file, face.postscriptName] : file;
    }
  }
  return undefined;
}

/** fontconfig's exact family match, if fontconfig is installed. */
function fontconfigMatch(family: string): string | undefined {
  const r = spawnSync('fc-list', ['--format', '%{file}\\n', `:family=${family.replace(/[:\\-]/g, '\\$&')}`], { encoding: 'utf8', timeout: 5000 });
  if (r.error || r.status !== 0) return undefined;
  const files = r.stdout.split('\n').filter((f) => FONT_FILE.test(f) && !/\.(ttc|otc)$/i.test(f)).sort();
  return files[0];
}
