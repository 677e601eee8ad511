#!/usr/bin/env node
// First: V8 flags apply to functions created after they are set.
import './v8-tuning.js';
import { Command, CommanderError } from 'commander';
import { ExitCode, HandbookError } from '../diagnostics/error.js';
import { localize } from './commander-zh.js';
import { registerBuild } from './commands/build.js';
import { registerCheck } from './commands/check.js';
import { registerImport } from './commands/import.js';
import { registerInit } from './commands/init.js';
import { registerDiff } from './commands/diff.js';
import { registerFonts } from './commands/fonts.js';
import { registerWatch } from './commands/watch.js';
import { registerSite } from './commands/site.js';
import { onTempChange, removeTempsInFlight, tempsInFlight } from '../output/write-atomic.js';

let signalsHandled = false;

/**
 * Ctrl+C, `kill`, a closed terminal while an output is being written: remove
 * the temporary files of the writes in progress (the outputs' old versions
 * stay as they were) and end with the shell's code for the signal (128 + its
 * number). The handlers are installed only for the duration of writes:
 * a JavaScript handler runs only when the event loop turns, and a build is
 * one long synchronous stretch, which the default handling (end at once)
 * interrupts best; outside a write there is nothing to clean up. A
 * synchronous write therefore finishes first, and the signal ends the process
 * right after it. A command that ends on the signal itself (watch) has its
 * own listener and is left to do so.
 */
function handleSignalsDuringWrites(): void {
  // Once per process: main() may run many times in one (the test suite's CLI server).
  if (signalsHandled) return;
  signalsHandled = true;
  const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
  const handlers = Object.entries(codes).map(([signal, code]) => {
    const handler = () => {
      if (process.listenerCount(signal) > 1) return;
      const removed = removeTempsInFlight();
      process.stderr.write(`\n已中断${removed.length ? '：未写完的输出已删除，原有文件保持不变' : ''}。\n`);
      process.exit(code);
    };
    return [signal, handler] as const;
  });
  let installed = false;
  onTempChange(() => {
    if (tempsInFlight() > 0 && !installed) {
      for (const [signal, handler] of handlers) process.on(signal, handler);
      installed = true;
    } else if (tempsInFlight() === 0 && installed) {
      // Removed two turns later: a signal that arrived during a synchronous write is
      // dispatched when the loop next polls (one check phase may come first), and
      // would be lost without a listener then.
      setImmediate(() =>
        setImmediate(() => {
          if (tempsInFlight() > 0 || !installed) return;
          for (const [signal, handler] of handlers) process.off(signal, handler);
          installed = false;
        }),
      );
    }
  });
}

/**
 * The thin CLI: parse flags, call the library, print, set the exit code.
 * Only src/cli touches console and process.exit.
 */
export async function main(argv: string[]): Promise<number> {
  handleSignalsDuringWrites();
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
  registerInit(program, setCode);
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
