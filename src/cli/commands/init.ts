import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { ExitCode } from '../../diagnostics/error.js';
import { writeFileAtomic } from '../../output/write-atomic.js';
import { printDiagnostics, relToCwd, summarize } from '../print.js';
import { writeFailure } from '../write-failure.js';

interface InitFlags {
  from?: string;
  json?: boolean;
}

export function registerInit(program: Command, setCode: (code: number) => void): void {
  program
    .command('init')
    .description('新建一个地区的手册文件夹：带说明的手册文件 handbook.yaml、目录文件和「下一步」说明')
    .argument('[文件夹]', '要新建或使用的文件夹（默认：当前文件夹）', '.')
    .option('--from <文件>', '使用这个目录文件（.yaml），或从这个表格导入目录（.xlsx、.docx、.pdf 等，同 handbook import）；不写时用示例目录')
    .option('--json', '以 JSON 格式输出诊断信息，供程序读取')
    .action(async (folder: string, flags: InitFlags) => {
      const json = flags.json === true;
      const { planInit } = await import('../../init.js');
      const plan = await planInit(folder, { ...(flags.from !== undefined && { from: flags.from }), date: new Date().toISOString().slice(0, 10) });
      printDiagnostics(plan.diagnostics, json);
      if (plan.files.size === 0) {
        if (!json) process.stderr.write(`没有新建任何文件（${summarize(plan.diagnostics)}）。\n`);
        setCode(ExitCode.invalidInput);
        return;
      }
      try {
        fs.mkdirSync(folder, { recursive: true });
        for (const [name, text] of plan.files) writeFileAtomic(path.join(folder, name), new TextEncoder().encode(text));
      } catch (err) {
        const failure = writeFailure(err);
        if (!failure) throw err;
        printDiagnostics(failure, json);
        setCode(ExitCode.invalidInput);
        return;
      }
      if (!json) {
        const where = relToCwd(path.resolve(folder)) || '.';
        const inFolder = path.resolve(folder) === process.cwd() ? '' : `cd ${where}\n  `;
        process.stdout.write(
          `已新建：${[...plan.files.keys()].map((n) => path.join(where, n)).join('、')}\n` +
            `下一步：把 handbook.yaml 中「待填写」的内容改成本单位的实际情况，然后\n  ${inFolder}handbook check\n  handbook build\n` +
            `（详见 ${path.join(where, '下一步.txt')}）\n`,
        );
      }
      setCode(ExitCode.ok);
    });
}
