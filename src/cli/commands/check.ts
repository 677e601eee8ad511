import type { Command } from 'commander';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { ExitCode } from '../../diagnostics/error.js';
import { checkHandbook } from '../../check.js';
import { printDiagnostics, summarize } from '../print.js';

export function registerCheck(program: Command, setCode: (code: number) => void): void {
  program
    .command('check')
    .description('检查手册文件和目录文件，列出所有问题（不生成 PDF）')
    .argument('[handbook.yaml]', '手册文件', 'handbook.yaml')
    .option('--json', '以 JSON 格式输出诊断信息，供程序读取')
    .action((file: string, opts: { json?: boolean }) => {
      const { handbook, diagnostics } = checkHandbook(file);
      printDiagnostics(diagnostics, opts.json === true);
      const failed = hasErrors(diagnostics);
      if (!opts.json) {
        if (failed) process.stderr.write(`检查未通过：${summarize(diagnostics)}。\n`);
        else {
          const items = handbook?.categories.reduce((n, c) => n + c.items.length, 0) ?? 0;
          process.stdout.write(`检查通过：${handbook?.categories.length ?? 0} 个分类、${items} 个事项（${summarize(diagnostics)}）。\n`);
        }
      }
      setCode(failed ? ExitCode.invalidInput : ExitCode.ok);
    });
}
