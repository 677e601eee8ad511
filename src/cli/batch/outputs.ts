import fs from 'node:fs';
import path from 'node:path';
import { checkHandbook } from '../../check.js';
import { diagnostic } from '../../diagnostics/diagnostic.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { BuildOptions } from '../../index.js';
import { siteOutputPath } from '../../output/write-site.js';
import { relToCwd } from '../print.js';

/** Which of a handbook's outputs a path is. */
type OutputKind = 'pdf' | 'imposed' | 'site';

const kindText: Record<OutputKind, string> = { pdf: 'PDF', imposed: '拼版 PDF', site: '网站文件夹' };

/**
 * Outputs that two handbooks of a batch share: the later would overwrite
 * the earlier without a word, so the batch stops before building anything.
 * Compares every output a job writes (the PDF, with --impose its
 * `-拼版.pdf`, with --site its site folder), as absolute paths through any
 * symbolic links in the folders that exist. One error per pair of handbooks,
 * on the later handbook file, at its `output` line when it has one, naming
 * the other file and every output they share. A handbook that does not
 * resolve is left to fail in its own job.
 */
export function findOutputClashes(files: readonly string[], options: BuildOptions, site: boolean): Diagnostic[] {
  const claimed = new Map<string, { file: string; kind: OutputKind }>();
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const { handbook } = checkHandbook(file, options);
    if (!handbook) continue;
    const outputs: [OutputKind, string][] = [['pdf', handbook.output]];
    // As src/build.ts names the imposed sheets.
    if (options.print?.impose) outputs.push(['imposed', handbook.output.replace(/(\.pdf)?$/i, '-拼版.pdf')]);
    if (site) outputs.push(['site', siteOutputPath(handbook, false)]);
    // The earlier handbook file → what this one shares with it.
    const shared = new Map<string, string[]>();
    for (const [kind, output] of outputs) {
      const key = canonical(output);
      const first = claimed.get(key);
      if (!first) {
        claimed.set(key, { file, kind });
        continue;
      }
      const kinds = first.kind === kind ? '' : `（本手册的${spaced(kindText[kind])}，对方的${spaced(kindText[first.kind])}）`;
      shared.set(first.file, [...(shared.get(first.file) ?? []), `${relToCwd(output)}${kinds}`]);
    }
    for (const [other, paths] of shared) {
      diagnostics.push(
        diagnostic(
          'error',
          'batch/duplicate-output',
          `输出重复：本手册与「${relToCwd(other)}」都写入 ${paths.join('、')}，后生成的会覆盖先生成的`,
          handbook.origins.output ?? { file },
          { field: 'output', hint: '在各手册文件的 output 中写不同的文件名（如按地区命名）。有输出重复时，批量生成不生成任何手册。' },
        ),
      );
    }
  }
  return diagnostics;
}

/** A label set in Chinese text: a space on the side of a Latin word (「的 PDF，」). */
function spaced(label: string): string {
  return `${/^[A-Za-z]/.test(label) ? ' ' : ''}${label}`;
}

/**
 * One spelling per place on disk: the deepest folder that exists is
 * resolved through symbolic links; on the usual case-insensitive file
 * systems of macOS and Windows, case is folded.
 */
function canonical(file: string): string {
  let head = path.resolve(file);
  const tail: string[] = [];
  for (;;) {
    try {
      head = fs.realpathSync.native(head);
      break;
    } catch {
      const parent = path.dirname(head);
      if (parent === head) break;
      tail.unshift(path.basename(head));
      head = parent;
    }
  }
  const joined = path.join(head, ...tail);
  return process.platform === 'darwin' || process.platform === 'win32' ? joined.toLowerCase() : joined;
}
