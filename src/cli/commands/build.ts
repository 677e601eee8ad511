import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode, HandbookError } from '../../diagnostics/error.js';
import { buildHandbook } from '../../index.js';
import { sameContent, writeFileAtomic } from '../../output/write-atomic.js';
import { printDiagnostics } from '../print.js';

interface BuildFlags {
  output?: string;
  paper?: string;
  template?: string;
  json?: boolean;
}

export function registerBuild(program: Command, setCode: (code: number) => void): void {
  program
    .command('build')
    .description('生成 PDF 手册')
    .argument('[handbook.yaml]', '手册文件', 'handbook.yaml')
    .option('-o, --output <file>', '输出的 PDF 文件（默认取手册文件中的 output）')
    .option('--paper <size>', '纸张：A5、A4、B5、16K 或 宽x高mm（默认取手册文件中的 paper，否则 A5）')
    .option('--template <name>', '模板名（templates/ 下的文件夹，默认 default）')
    .option('--json', '以 JSON 格式输出诊断信息')
    .action(async (file: string, flags: BuildFlags) => {
      const started = performance.now();
      try {
        const result = await buildHandbook(file, {
          ...(flags.output !== undefined && { output: flags.output }),
          ...(flags.paper !== undefined && { paper: flags.paper }),
          ...(flags.template !== undefined && { template: flags.template }),
        });
        printDiagnostics(result.diagnostics, flags.json === true);
        const out = result.handbook.output;
        const unchanged = sameContent(out, result.pdf);
        if (!unchanged) writeFileAtomic(out, result.pdf);
        const seconds = ((performance.now() - started) / 1000).toFixed(2);
        const kb = Math.round(result.pdf.byteLength / 1024);
        process.stdout.write(
          `${unchanged ? '未变化' : '已生成'}：${path.relative(process.cwd(), out) || out}（${result.pageCount} 页，${kb} KB，用时 ${seconds} 秒）\n`,
        );
        setCode(ExitCode.ok);
      } catch (err) {
        if (!(err instanceof HandbookError)) throw err;
        printDiagnostics(err.diagnostics, flags.json === true);
        process.stderr.write('生成失败，未写入任何文件。\n');
        setCode(ExitCode.invalidInput);
      }
    });
}
