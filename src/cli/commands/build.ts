import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { diagnostic } from '../../diagnostics/diagnostic.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { ExitCode, HandbookError } from '../../diagnostics/error.js';
import { buildHandbook } from '../../index.js';
import type { PrintOptions } from '../../index.js';
import { sameContent, writeFileAtomic } from '../../output/write-atomic.js';
import { printDiagnostics } from '../print.js';

interface BuildFlags {
  output?: string;
  paper?: string;
  template?: string;
  json?: boolean;
  bleed?: number;
  marks?: boolean;
  pagesMultiple?: number;
  impose?: 'booklet';
  grayscale?: boolean;
  pdfa?: boolean;
  allowMissingGlyphs?: boolean;
}

/** "3mm" or "3" → 3 (millimetres). */
function parseBleed(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(mm)?$/.exec(value.trim());
  const n = m ? Number(m[1]) : NaN;
  if (!(n >= 0 && n <= 10)) throw new InvalidArgumentError('出血应为 0 到 10 毫米，如 3mm。');
  return n;
}

function parseMultiple(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('应为 1 到 64 的整数（骑马钉用 4，1 表示不补页）。');
  return n;
}

function parseImpose(value: string): 'booklet' {
  if (value !== 'booklet') throw new InvalidArgumentError('目前只支持 booklet（骑马钉小册子拼版）。');
  return value;
}

/** Writes a file unless it already holds these bytes; says which. */
function writeIfChanged(file: string, bytes: Uint8Array): '已生成' | '未变化' {
  if (sameContent(file, bytes)) return '未变化';
  writeFileAtomic(file, bytes);
  return '已生成';
}

/** A failed write (no permission, disk full, a file where a folder should be) explained, not a stack trace. */
function writeFailure(err: unknown): Diagnostic[] | undefined {
  const e = err as NodeJS.ErrnoException;
  if (!e || typeof e.code !== 'string' || !e.path) return undefined;
  const reasons: Record<string, string> = {
    EACCES: '没有写入权限',
    EPERM: '没有写入权限',
    ENOSPC: '磁盘已满',
    EROFS: '位置是只读的',
    ENOTDIR: '路径中有一段是文件而不是文件夹',
    EISDIR: '目标是一个文件夹',
  };
  return [
    diagnostic('error', 'output/write-failed', `无法写入输出文件：${reasons[e.code] ?? e.code}`, { file: e.path }, {
      hint: '换一个输出位置（-o），或检查文件夹权限和磁盘空间。',
    }),
  ];
}

export function registerBuild(program: Command, setCode: (code: number) => void): void {
  program
    .command('build')
    .description('生成 PDF 手册')
    .argument('[handbook.yaml]', '手册文件', 'handbook.yaml')
    .option('-o, --output <file>', '输出的 PDF 文件（默认取手册文件中的 output）')
    .option('--paper <size>', '纸张：A5、A4、B5、16K 或 宽x高mm（默认取手册文件中的 paper，否则 A5）')
    .option('--template <name>', '模板名（templates/ 下的文件夹，默认 default）')
    .option('--bleed <mm>', '出血宽度，如 3mm（默认不加出血）', parseBleed)
    .option('--marks', '加裁切线（位于出血之外）')
    .option('--pages-multiple <n>', '把页数补足为 n 的倍数，空白页插在封底之前（默认 4，1 表示不补）', parseMultiple)
    .option('--impose <mode>', '另外生成拼版文件：booklet 为 2 合 1 骑马钉小册子（A5 拼在 A4 上）', parseImpose)
    .option('--grayscale', '所有颜色改为单黑（适合单色印刷）')
    .option('--pdfa', '生成 PDF/A-2b 归档格式')
    .option('--allow-missing-glyphs', '有字没有任何字体包含时仍然生成（该字印成空白方框），只给出警告')
    .option('--json', '以 JSON 格式输出诊断信息')
    .action(async (file: string, flags: BuildFlags) => {
      const started = performance.now();
      const print: PrintOptions = {
        ...(flags.bleed !== undefined && { bleedMm: flags.bleed }),
        ...(flags.marks && { marks: true }),
        ...(flags.pagesMultiple !== undefined && { pagesMultiple: flags.pagesMultiple }),
        ...(flags.impose && { impose: flags.impose }),
        ...(flags.grayscale && { grayscale: true }),
        ...(flags.pdfa && { pdfa: true }),
      };
      try {
        const result = await buildHandbook(file, {
          ...(flags.output !== undefined && { output: flags.output }),
          ...(flags.paper !== undefined && { paper: flags.paper }),
          ...(flags.template !== undefined && { template: flags.template }),
          ...(flags.allowMissingGlyphs && { allowMissingGlyphs: true }),
          print,
        });
        printDiagnostics(result.diagnostics, flags.json === true);
        const out = result.handbook.output;
        const status = writeIfChanged(out, result.pdf);
        const seconds = ((performance.now() - started) / 1000).toFixed(2);
        const kb = Math.round(result.pdf.byteLength / 1024);
        const blanks = result.blankPages > 0 ? `，含 ${result.blankPages} 页补足骑马钉的空白页` : '';
        process.stdout.write(`${status}：${path.relative(process.cwd(), out) || out}（${result.pageCount} 页${blanks}，${kb} KB，用时 ${seconds} 秒）\n`);
        if (result.imposed) {
          const imposedStatus = writeIfChanged(result.imposed.path, result.imposed.pdf);
          process.stdout.write(
            `${imposedStatus}：${path.relative(process.cwd(), result.imposed.path)}（拼版，${result.imposed.sheetName} 纸 ${result.imposed.sides / 2} 张，双面打印后对折装订）\n`,
          );
        }
        setCode(ExitCode.ok);
      } catch (err) {
        const diagnostics = err instanceof HandbookError ? err.diagnostics : writeFailure(err);
        if (!diagnostics) throw err;
        printDiagnostics(diagnostics, flags.json === true);
        process.stderr.write('生成失败，原有文件没有改动。\n');
        setCode(ExitCode.invalidInput);
      }
    });
}
