#!/usr/bin/env node
// First: V8 flags apply to functions created after they are set.
import './v8-tuning.js';
import { Command, CommanderError } from 'commander';
import { ExitCode, HandbookError } from '../diagnostics/error.js';
import { localize } from './commander-zh.js';
import { registerBuild } from './commands/build.js';
import { registerCheck } from './commands/check.js';
import { registerImport } from './commands/import.js';
import { registerDiff } from './commands/diff.js';
import { registerFonts } from './commands/fonts.js';
import { registerWatch } from './commands/watch.js';
import { registerSite } from './commands/site.js';

/**
 * The thin CLI: parse flags, call the library, print, set the exit code.
 * Only src/cli touches console and process.exit.
 */
async function main(argv: string[]): Promise<number> {
  const program = localize(new Command('handbook'))
    .description('便民服务手册生成器：把政务公开标准目录（YAML）排成可印刷的 PDF 手册')
    .version('0.1.0', '-V, --version', '显示版本号')
    .option('--debug', '出错时显示完整的调用栈')
    .helpCommand('help [命令]', '显示某个命令的帮助')
    .exitOverride();
  let code: number = ExitCode.ok;
  const setCode = (c: number) => {
    code = c;
  };
  registerCheck(program, setCode);
  registerBuild(program, setCode);
  registerSite(program, setCode);
  registerImport(program, setCode);
  registerFonts(program, setCode);
  registerDiff(program, setCode);
  registerWatch(program, setCode);
  for (const sub of program.commands) localize(sub).exitOverride();

  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version also arrive here, with exit code 0.
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (err instanceof HandbookError) return ExitCode.invalidInput;
    process.stderr.write(`内部错误：${err instanceof Error ? err.message : String(err)}\n`);
    if (program.opts().debug && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    else process.stderr.write('加 --debug 可查看详细信息；如果问题持续，请把这段输出发给维护人员。\n');
    return ExitCode.internal;
  }
  return code;
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
