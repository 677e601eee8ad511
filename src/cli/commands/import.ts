import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { diagnostic } from '../../diagnostics/diagnostic.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { handbookYaml } from '../../import/handbook.js';
import { writeFileAtomic } from '../../output/write-atomic.js';
import { ExitCode } from '../../diagnostics/error.js';
import { writeIfChanged } from '../../output/write-result.js';
import { printDiagnostics, relToCwd, summarize, writeStatusText } from '../print.js';
import { writeFailure } from '../write-failure.js';

interface ImportFlags {
  output?: string;
  title?: string;
  domain?: string;
  json?: boolean;
  draft?: boolean;
  handbook?: string;
}

export function registerImport(program: Command, setCode: (code: number) => void): void {
  program
    .command('import')
    .description('把 Excel/WPS 表格、Word 文档、PDF、CSV、网页或复制的文字中的标准目录导入为目录文件（YAML）')
    .argument('<file>', '要导入的文件：.xlsx、.xls/.et、.docx、.doc、.pdf、.csv、.html/.htm，或 .txt（复制的表格文字）')
    .option('-o, --output <file>', '输出的目录文件（默认：与输入文件同名的 .yaml）')
    .option('--title <text>', '目录标题（默认取表格的标题）')
    .option('--domain <text>', '领域，如 广播电视（默认取表格的标题）')
    .option('--draft', '有读不准的行时也写出目录（草稿）：有疑问的事项标上 draft 并注明要核对什么；核对前不能检查通过或生成手册')
    .option('--handbook <文件夹>', '同时在这个文件夹中写一个手册文件 handbook.yaml（目录文件默认也写在这里），可以马上检查')
    .option('--json', '以 JSON 格式输出诊断信息，供程序读取')
    .action(async (file: string, flags: ImportFlags) => {
      const json = flags.json === true;
      const folder = flags.handbook === undefined ? path.dirname(file) : flags.handbook;
      const output = flags.output ?? path.join(folder, `${path.parse(file).name}.yaml`);
      const handbookFile = flags.handbook === undefined ? undefined : path.join(flags.handbook, 'handbook.yaml');
      const refuse = (d: Diagnostic) => {
        printDiagnostics([d], json);
        if (!json) process.stderr.write('导入失败，未写入任何文件。\n');
        setCode(ExitCode.invalidInput);
      };
      if (path.resolve(output) === path.resolve(file)) {
        refuse(diagnostic('error', 'import/output-is-input', '输出文件与要导入的文件相同', { file }, { hint: '用 -o 指定另一个文件名。' }));
        return;
      }
      if (handbookFile !== undefined && fs.existsSync(handbookFile)) {
        // The office's own handbook file is never replaced by a generated one.
        refuse(diagnostic('error', 'import/handbook-exists', `手册文件「${relToCwd(path.resolve(handbookFile))}」已经存在，不会覆盖`, { file: handbookFile }, {
          hint: '换一个文件夹，或者不加 --handbook，只导入目录文件。',
        }));
        return;
      }
      // Loaded on use: the table readers (xlsx, HTML, OpenCC) would slow every other command's start.
      const { importCatalogue } = await import('../../import/index.js');
      const result = await importCatalogue(file, {
        ...(flags.title !== undefined && { title: flags.title }),
        ...(flags.domain !== undefined && { domain: flags.domain }),
        ...(flags.draft === true && { draft: true }),
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
        if (handbookFile !== undefined) fs.mkdirSync(path.dirname(output), { recursive: true });
        unchanged = writeIfChanged(output, bytes) === 'unchanged';
        if (handbookFile !== undefined) {
          const catalogue = path.relative(path.dirname(handbookFile), output).split(path.sep).join('/');
          const date = new Date().toISOString().slice(0, 10);
          writeFileAtomic(handbookFile, new TextEncoder().encode(handbookYaml(result.catalogue, { catalogue, date, by: 'handbook import' })));
        }
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
        if (result.drafted > 0) {
          process.stderr.write(
            `这是草稿：${result.drafted} 个事项标有 draft，有导入时无法确认的内容（见文件中「待核对」注释）。` +
              '对照原表改正后删除 draft 这一行；还有 draft 的目录不能通过检查，也不能生成手册。\n',
          );
        }
        if (handbookFile !== undefined) {
          const hb = relToCwd(path.resolve(handbookFile));
          process.stdout.write(`已生成手册文件：${hb}（「待填写」的内容请改成本单位的实际情况）\n下一步：handbook check ${hb}\n`);
        }
      }
      // A draft is written for review, not for use: the exit code says the import is not done.
      setCode(result.drafted > 0 ? ExitCode.invalidInput : ExitCode.ok);
    });
}
