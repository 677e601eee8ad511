import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { checkHandbook } from '../../check.js';
import { writeBuildResult } from '../../output/write-result.js';
import { builtinFontsDir } from '../../paths.js';
import { templateSearchPath } from '../../layout/template.js';
import { printDiagnostics, relToCwd, writeStatusText } from '../print.js';
import { failureDiagnostics } from '../write-failure.js';

/**
 * Folders whose files feed the build: the handbook file's, each catalogue's,
 * the template folders (the handbook's own templates/ and the built-in
 * ones) and the font folders. Watching folders, not files, also sees editors
 * that save by writing a new file and renaming it over the old one.
 */
function watchedDirs(file: string, catalogues: readonly string[]): string[] {
  const dirs = new Set<string>([path.dirname(file), builtinFontsDir, path.join(path.dirname(file), 'fonts')]);
  for (const c of catalogues) dirs.add(path.dirname(c));
  for (const base of templateSearchPath(path.dirname(file))) {
    if (!fs.existsSync(base)) continue;
    dirs.add(base);
    for (const d of fs.readdirSync(base, { withFileTypes: true })) if (d.isDirectory()) dirs.add(path.join(base, d.name));
  }
  return [...dirs].filter((d) => fs.existsSync(d));
}

const time = () => new Date().toTimeString().slice(0, 8);

export function registerWatch(program: Command, _setCode: (code: number) => void): void {
  program
    .command('watch')
    .description('监视数据、模板、主题和字体，有改动就重新生成 PDF（按 Ctrl+C 结束）')
    .argument('[handbook.yaml]', '手册文件', 'handbook.yaml')
    .option('-o, --output <file>', '输出的 PDF 文件（默认取手册文件中的 output）')
    .option('--site', '同时重新生成网站版（PDF 旁边的「手册名-网站」文件夹）')
    .action(async (input: string, flags: { output?: string; site?: boolean }) => {
      // Loaded on use, so commands that do not build start without the PDF stages.
      const { buildHandbook } = await import('../../index.js');
      const { buildAndWriteSite } = await import('../../output/write-site.js');
      const file = path.resolve(input);
      // The catalogue files of the last build; after a failed one, what the file names now.
      let catalogues: readonly string[] = [];
      // The site folder we write: its appearance in a watched folder is our own doing, not an edit.
      let siteFolder: string | undefined;
      const build = async (changed: string[]) => {
        const started = performance.now();
        if (changed.length) process.stdout.write(`[${time()}] 有改动：${changed.map(relToCwd).join('、')}\n`);
        try {
          const result = await buildHandbook(file, flags.output ? { output: flags.output } : {});
          printDiagnostics(result.diagnostics, false);
          catalogues = result.handbook.files.catalogues;
          const written = writeBuildResult(result);
          const seconds = ((performance.now() - started) / 1000).toFixed(2);
          process.stdout.write(`[${time()}] ${writeStatusText[written.pdf]}：${relToCwd(result.handbook.output)}（${result.pageCount} 页，用时 ${seconds} 秒）\n`);
          if (flags.site) {
            const site = await buildAndWriteSite(result);
            siteFolder = site.target;
            printDiagnostics(site.site.diagnostics, false);
            process.stdout.write(`[${time()}] ${writeStatusText[site.status]}：${relToCwd(site.target)}（网站，${site.site.pages} 个页面）\n`);
          }
        } catch (err) {
          const diagnostics = failureDiagnostics(err);
          if (!diagnostics) throw err;
          catalogues = checkHandbook(file).handbook?.files.catalogues ?? catalogues;
          printDiagnostics(diagnostics, false);
          process.stdout.write(`[${time()}] 生成失败，保留上一次生成的 PDF。改正后保存，会自动重试。\n`);
        }
      };

      let watchers: fs.FSWatcher[] = [];
      let watching = '';
      let pending = new Set<string>();
      let timer: NodeJS.Timeout | undefined;
      let running = Promise.resolve();
      const rewatch = () => {
        const dirs = watchedDirs(file, catalogues);
        // Most rebuilds change no folder: keep the watchers rather than reopen them.
        if (dirs.join('\n') === watching) return;
        watching = dirs.join('\n');
        for (const w of watchers) w.close();
        watchers = dirs.map((dir) =>
          fs.watch(dir, (_event, name) => {
            if (!name || name.startsWith('.') || name.endsWith('.pdf') || name.endsWith('.tmp')) return;
            if (siteFolder !== undefined && path.join(dir, name.toString()).startsWith(siteFolder)) return;
            pending.add(path.join(dir, name.toString()));
            clearTimeout(timer);
            // Editors write in bursts; build once they are done.
            timer = setTimeout(() => {
              const changed = [...pending].sort();
              pending = new Set();
              running = running.then(async () => {
                await build(changed);
                rewatch();
              });
            }, 200);
          }),
        );
      };
      process.stdout.write(`监视 ${relToCwd(file)} 及其目录、模板和字体；按 Ctrl+C 结束。\n`);
      await build([]);
      rewatch();
      process.stdout.write(`[${time()}] 正在监视改动……\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      for (const w of watchers) w.close();
      clearTimeout(timer);
    });
}
