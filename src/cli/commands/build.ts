import fs from 'node:fs';
import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { ExitCode } from '../../diagnostics/error.js';
import type { BuildOptions, BuildResult, PrintOptions } from '../../index.js';
import { OutputTargetError, OutputWriteError } from '../../output/write-atomic.js';
import { writeBuildResult } from '../../output/write-result.js';
import { expandInputs } from '../batch/jobs.js';
import { runBatch } from '../batch/run.js';
import { failureDiagnostics } from '../write-failure.js';
import { parseScript, siteStatusText } from './site.js';
import { printDiagnostics, relToCwd, writeStatusText } from '../print.js';

interface BuildFlags {
  jobs?: number;
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
  changesFrom?: string;
  script?: 'hans' | 'hant';
  items?: string[];
  site?: boolean;
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

export function registerBuild(program: Command, setCode: (code: number) => void): void {
  program
    .command('build')
    .description('生成 PDF 手册')
    .argument('[handbook.yaml...]', '手册文件；给出多个文件或一个文件夹时，并行批量生成（每个地区一本）')
    .option('-o, --output <file>', '输出的 PDF 文件（默认取手册文件中的 output；只用于生成一本时）')
    .option('--jobs <n>', '批量生成时同时使用的 CPU 核数（默认全部）', (v) => Math.max(1, Number.parseInt(v, 10) || 1))
    .option('--paper <size>', '纸张：A5、A4、B5、16K 或 宽x高mm（默认取手册文件中的 paper，否则 A5）')
    .option('--template <name>', '模板名（templates/ 下的文件夹，默认 default）')
    .option('--bleed <mm>', '出血宽度，如 3mm（默认不加出血）', parseBleed)
    .option('--marks', '加裁切线（位于出血之外）')
    .option('--pages-multiple <n>', '把页数补足为 n 的倍数，空白页插在封底之前（默认取模板的装订方式：手册 4，海报等单张印刷的模板 1；1 表示不补）', parseMultiple)
    .option('--impose <mode>', '另外生成拼版文件：booklet 为 2 合 1 骑马钉小册子（A5 拼在 A4 上；海报等单张印刷的模板不能拼版）', parseImpose)
    .option('--grayscale', '所有颜色改为单黑（适合单色印刷）')
    .option('--pdfa', '生成 PDF/A-2b 归档格式')
    .option('--script <script>', '字形：hans 简体（默认），hant 繁体（数据和模板文字都转换，网址不变）', parseScript)
    .option('--items <ids>', '只收录这些事项（逗号分隔的事项编号），如海报只印几项', (v) => v.split(/[,，\s]+/).filter(Boolean))
    .option('--changes-from <file>', '上一版的手册文件或目录文件：在手册中加一页「本版更新说明」，列出与上一版相比的调整')
    .option('--allow-missing-glyphs', '有字没有任何字体包含时仍然生成（该字印成空白方框），只给出警告')
    .option('--site', '同时生成网站版（二维码打开的事项页面和索引页），放在 PDF 旁边的「手册名-网站」文件夹')
    .option('--json', '以 JSON 格式输出诊断信息')
    .action(async (inputs: string[], flags: BuildFlags) => {
      // Loaded on use, so commands that do not build start without the PDF stages.
      const { buildHandbook } = await import('../../index.js');
      const started = performance.now();
      const files = expandInputs(inputs.length ? inputs : ['handbook.yaml']);
      const print: PrintOptions = {
        ...(flags.bleed !== undefined && { bleedMm: flags.bleed }),
        ...(flags.marks && { marks: true }),
        ...(flags.pagesMultiple !== undefined && { pagesMultiple: flags.pagesMultiple }),
        ...(flags.impose && { impose: flags.impose }),
        ...(flags.grayscale && { grayscale: true }),
        ...(flags.pdfa && { pdfa: true }),
      };
      const options: BuildOptions = {
        ...(flags.paper !== undefined && { paper: flags.paper }),
        ...(flags.template !== undefined && { template: flags.template }),
        ...(flags.allowMissingGlyphs && { allowMissingGlyphs: true }),
        ...(flags.changesFrom !== undefined && { changesFrom: flags.changesFrom }),
        ...(flags.script !== undefined && { script: flags.script }),
        ...(flags.items !== undefined && { items: flags.items }),
        print,
      };
      if (files.length !== 1 || inputs.some((i) => fs.statSync(i, { throwIfNoEntry: false })?.isDirectory())) {
        if (flags.output !== undefined) throw new InvalidArgumentError('-o 只能用于生成一本手册；批量生成时各手册的输出位置取自各自的 output。');
        setCode(await runBatch(files, options, flags.jobs, flags.site === true));
        return;
      }
      const file = files[0]!;
      try {
        const result = await buildHandbook(file, { ...options, ...(flags.output !== undefined && { output: flags.output }) });
        printDiagnostics(result.diagnostics, flags.json === true);
        const out = result.handbook.output;
        const written = writeBuildResult(result);
        const status = writeStatusText[written.pdf];
        const seconds = ((performance.now() - started) / 1000).toFixed(2);
        const kb = Math.round(result.pdf.byteLength / 1024);
        const blanks = result.blankPages > 0 ? `，含 ${result.blankPages} 页补足骑马钉的空白页` : '';
        process.stdout.write(`${status}：${relToCwd(out)}（${result.pageCount} 页${blanks}，${kb} KB，用时 ${seconds} 秒）\n`);
        if (result.imposed && written.imposed) {
          const imposedStatus = writeStatusText[written.imposed];
          process.stdout.write(
            `${imposedStatus}：${relToCwd(result.imposed.path)}（拼版，${result.imposed.sheetName} 纸 ${result.imposed.sides / 2} 张，双面打印后对折装订）\n`,
          );
        }
        setCode(ExitCode.ok);
        if (flags.site) setCode(await writeSite(result, flags, started));
      } catch (err) {
        const diagnostics = failureDiagnostics(err);
        if (!diagnostics) throw err;
        printDiagnostics(diagnostics, flags.json === true);
        // The PDF is written before its booklet: a booklet that failed leaves the new PDF and the old booklet.
        const bookletFailed = err instanceof OutputWriteError || err instanceof OutputTargetError ? /-拼版\.pdf$/.test(err.file) : false;
        process.stderr.write(bookletFailed ? 'PDF 已生成；拼版文件生成失败，原有拼版文件没有改动。\n' : '生成失败，原有文件没有改动。\n');
        setCode(ExitCode.invalidInput);
      }
    });
}

/** `build --site`: the web twin of the handbook just written; its failure leaves the PDF written and the old site as it was. */
async function writeSite(result: BuildResult, flags: BuildFlags, started: number): Promise<number> {
  const { buildAndWriteSite } = await import('../../output/write-site.js');
  try {
    const site = await buildAndWriteSite(result, flags.script);
    printDiagnostics(site.site.diagnostics, flags.json === true);
    process.stdout.write(siteStatusText(site.site, site.target, site.status, ((performance.now() - started) / 1000).toFixed(2)));
    return ExitCode.ok;
  } catch (err) {
    const diagnostics = failureDiagnostics(err);
    if (!diagnostics) throw err;
    printDiagnostics(diagnostics, flags.json === true);
    process.stderr.write('网站生成失败（PDF 已生成），原有网站没有改动。\n');
    return ExitCode.invalidInput;
  }
}
