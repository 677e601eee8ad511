import path from 'node:path';
import type { Command } from 'commander';
import { diagnostic } from '../../diagnostics/diagnostic.js';
import { ExitCode } from '../../diagnostics/error.js';
import { writeIfChanged } from '../../output/write-result.js';
import { printDiagnostics, relToCwd, summarize, writeStatusText } from '../print.js';
import { writeFailure } from '../write-failure.js';

interface ImportFlags {
  output?: string;
  title?: string;
  domain?: string;
  json?: boolean;
}

export function registerImport(program: Command, setCode: (code: number) => void): void {
  program
    .command('import')
    .description('把 Excel/WPS 表格、CSV、网页、PDF 或复制的文字中的标准目录导入为目录文件（YAML）')
    .argument('<file>', '要导入的文件：.xlsx、.csv、.html/.htm、.pdf，或 .txt（单元格用 Tab 或 | 分隔）')
    .option('-o, --output <file>', '输出的目录文件（默认：与输入文件同名的 .yaml）')
    .option('--title <text>', '目录标题（默认取表格的标题）')
    .option('--domain <text>', '领域，如 广播电视（默认取表格的标题）')
    .option('--json', '以 JSON 格式输出诊断信息，供程序读取')
    .action(async (file: string, flags: ImportFlags) => {
      const json = flags.json === true;
      const output = flags.output ?? path.join(path.dirname(file), `${path.parse(file).name}.yaml`);
      if (path.resolve(output) === path.resolve(file)) {
        printDiagnostics([diagnostic('error', 'import/output-is-input', '输出文件与要导入的文件相同', { file }, { hint: '用 -o 指定另一个文件名。' })], json);
        if (!json) process.stderr.write('导入失败，未写入任何文件。\n');
        setCode(ExitCode.invalidInput);
        return;
      }
      // Loaded on use: the table readers (xlsx, HTML, OpenCC) would slow every other command's start.
      const { importCatalogue } = await import('../../import/index.js');
      const result = await importCatalogue(file, {
        ...(flags.title !== undefined && { title: flags.title }),
        ...(flags.domain !== undefined && { domain: flags.domain }),
      });
      printDiagnostics(result.diagnostics, json);
      if (result.yaml === undefined || result.catalogue === undefined) {
        if (!json) process.stderr.write(`导入失败，未写入任何文件（${summarize(result.diagnostics)}）。\n`);
        setCode(ExitCode.invalidInput);
        return;
      }
      const bytes = new TextEncoder().encode(result.yaml);
      let unchanged: boolean;
      try {
        unchanged = writeIfChanged(output, bytes) === 'unchanged';
      } catch (err) {
        const failure = writeFailure(err);
        if (!failure) throw err;
        printDiagnostics(failure, json);
        if (!json) process.stderr.write('导入失败，原有文件没有改动。\n');
        setCode(ExitCode.invalidInput);
        return;
      }
      if (!json) {
        const { title, domain, categories } = result.catalogue;
        const items = categories.reduce((n, c) => n + c.items.length, 0);
        process.stdout.write(
          `${unchanged ? writeStatusText.unchanged : '已导入'}：${relToCwd(path.resolve(output))}` +
            `（${categories.length} 个分类、${items} 个事项；标题「${title}」，领域「${domain}」；${summarize(result.diagnostics)}）\n`,
        );
      }
      setCode(ExitCode.ok);
    });
}
