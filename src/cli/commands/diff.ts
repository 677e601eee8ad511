import type { Command } from 'commander';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { ExitCode } from '../../diagnostics/error.js';
import { RevisionError, diffFiles, diffRevision, formatDiff } from '../../diff/index.js';
import type { CatalogueDiff } from '../../diff/index.js';
import type { Checked } from '../../diagnostics/diagnostic.js';
import { printDiagnostics, summarize } from '../print.js';

const usage = '用法：handbook diff <旧文件> <新文件>，或 handbook diff <文件> --rev <版本>';

export function registerDiff(program: Command, setCode: (code: number) => void): void {
  program
    .command('diff')
    .description('比较目录文件或手册文件的两个版本，列出新增、删去、移动和修改的事项')
    .argument('<old>', '旧版的目录文件或手册文件（使用 --rev 时为要比较的文件）')
    .argument('[new]', '新版的目录文件或手册文件')
    .option('--rev <版本>', '与该文件在 git 某个版本（如 HEAD~1、某个提交号或标签）中的内容比较')
    .option('--json', '以 JSON 格式输出变化列表，供程序读取')
    .action((oldFile: string, newFile: string | undefined, opts: { rev?: string; json?: boolean }) => {
      const json = opts.json === true;
      if ((opts.rev === undefined) === (newFile === undefined)) {
        const problem = opts.rev === undefined ? '需要两个文件（旧版和新版）' : '使用 --rev 时只需给出一个文件';
        process.stderr.write(`错误：${problem}\n${usage}\n`);
        setCode(ExitCode.usage);
        return;
      }
      let result: Checked<CatalogueDiff>;
      try {
        result = opts.rev !== undefined ? diffRevision(oldFile, opts.rev) : diffFiles(oldFile, newFile!);
      } catch (err) {
        if (!(err instanceof RevisionError)) throw err;
        process.stderr.write(`错误：${err.message}\n`);
        setCode(ExitCode.usage);
        return;
      }
      const { value: diff, diagnostics } = result;
      // Warnings are `handbook check`'s business; a diff shows them only beside the errors that stop it.
      if (!diff || hasErrors(diagnostics)) {
        printDiagnostics(diagnostics, json);
        if (!json) process.stderr.write(`无法比较：${summarize(diagnostics)}。\n`);
        setCode(ExitCode.invalidInput);
        return;
      }
      process.stdout.write(json ? `${JSON.stringify(diff, null, 2)}\n` : `${formatDiff(diff)}\n`);
      setCode(ExitCode.ok);
    });
}
