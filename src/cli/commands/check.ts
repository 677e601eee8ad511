import type { Command } from 'commander';
import type { Handbook } from '../../catalogue/model.js';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { ExitCode } from '../../diagnostics/error.js';
import { checkHandbook } from '../../check.js';
import { printDiagnostics, relToCwd, summarize } from '../print.js';

interface CheckFlags {
  json?: boolean;
  /** `--links` alone is true (online); `--links DIR` names a built site folder (offline). */
  links?: boolean | string;
}

export function registerCheck(program: Command, setCode: (code: number) => void): void {
  program
    .command('check')
    .description('检查手册文件和目录文件，列出所有问题（不生成 PDF）')
    .argument('[handbook.yaml]', '手册文件', 'handbook.yaml')
    .option('--json', '以 JSON 格式输出诊断信息，供程序读取')
    .option('--links [网站文件夹]', '再检查每个网址能否打开；给出网站文件夹时，对照文件夹离线检查事项网址')
    .action(async (file: string, opts: CheckFlags) => {
      const json = opts.json === true;
      const { handbook, diagnostics } = checkHandbook(file);
      const failed = hasErrors(diagnostics);
      const links = opts.links !== undefined && !failed && handbook !== undefined;
      // With --json everything goes out as one document, after the links are checked.
      if (!(links && json)) printDiagnostics(diagnostics, json);
      if (!json) {
        if (failed) {
          process.stderr.write(`检查未通过：${summarize(diagnostics)}。\n`);
          if (opts.links !== undefined) process.stderr.write('改正以上错误后再检查网址。\n');
        } else {
          const items = handbook?.categories.reduce((n, c) => n + c.items.length, 0) ?? 0;
          process.stdout.write(`检查通过：${handbook?.categories.length ?? 0} 个分类、${items} 个事项（${summarize(diagnostics)}）。\n`);
        }
      }
      if (!links) {
        setCode(failed ? ExitCode.invalidInput : ExitCode.ok);
        return;
      }
      const linkDiagnostics = await checkLinks(handbook, opts.links === true ? undefined : String(opts.links), json ? diagnostics : undefined);
      setCode(hasErrors(linkDiagnostics) ? ExitCode.invalidInput : ExitCode.ok);
    });
}

/**
 * Runs the link check and prints its diagnostics, then (text mode) the
 * summary; with `--json`, prints them after `earlier` as one document.
 * Progress goes to stderr only. Returns the link diagnostics.
 */
async function checkLinks(handbook: Handbook, siteDir: string | undefined, earlier: Diagnostic[] | undefined): Promise<Diagnostic[]> {
  // Loaded only here: plain `check` must not pay for it.
  const { checkHandbookLinks, countLinks } = await import('../../site/links.js');
  const tty = process.stderr.isTTY === true;
  const onProgress = (done: number, total: number) => {
    if (tty) process.stderr.write(done < total ? `\r正在检查网址：${done}/${total}` : '\r\x1b[K');
    else if (done === 0 && total > 0) process.stderr.write(`正在检查 ${total} 个网址……\n`);
  };
  const { results, diagnostics } = await checkHandbookLinks(handbook, siteDir === undefined ? { onProgress } : { siteDir });
  if (earlier !== undefined) {
    printDiagnostics([...earlier, ...diagnostics], true);
    return diagnostics;
  }
  printDiagnostics(diagnostics, false);
  const { total, broken, unchecked } = countLinks(results);
  const where = siteDir === undefined ? '' : `（对照网站文件夹 ${relToCwd(siteDir)}）`;
  const skipped = unchecked > 0 ? `；另有 ${unchecked} 个不在网站文件夹中，未检查` : '';
  const checked = total - unchecked;
  if (results.length === 0 && hasErrors(diagnostics)) process.stderr.write('无法检查网址。\n');
  else if (total === 0) process.stdout.write(`网址检查${where}：手册中没有网址。\n`);
  else if (checked === 0) process.stdout.write(`网址检查${where}：${unchecked} 个网址都不在网站文件夹中，未检查。\n`);
  else if (broken === 0) process.stdout.write(`网址检查${where}：${checked} 个，全部可以打开${skipped}。\n`);
  else process.stderr.write(`网址检查${where}：${checked} 个，${broken} 个打不开${skipped}。\n`);
  return diagnostics;
}
