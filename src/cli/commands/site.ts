import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { ExitCode } from '../../diagnostics/error.js';
import type { SiteResult } from '../../site/build.js';
import type { WriteStatus } from '../../output/write-result.js';
import { failureDiagnostics } from '../write-failure.js';
import { printDiagnostics, relToCwd, writeStatusText } from '../print.js';

interface SiteFlags {
  output?: string;
  single?: boolean;
  template?: string;
  script?: 'hans' | 'hant';
  json?: boolean;
}

export function parseScript(v: string): 'hans' | 'hant' {
  if (v !== 'hans' && v !== 'hant') throw new InvalidArgumentError('只能是 hans（简体）或 hant（繁体）。');
  return v;
}

/** What the CLI says after a site was written: where, how many pages, and where to upload it. */
export function siteStatusText(result: SiteResult, target: string, status: WriteStatus, seconds: string): string {
  const where = result.handbook.site;
  const lines = [
    result.single
      ? `${writeStatusText[status]}：${relToCwd(target)}（单页网站，${result.handbook.categories.reduce((n, c) => n + c.items.length, 0)} 个事项，用时 ${seconds} 秒）`
      : `${writeStatusText[status]}：${relToCwd(target)}（网站，${result.pages} 个页面，用时 ${seconds} 秒）`,
  ];
  if (where && !result.single) lines.push(`把这个文件夹中的全部文件上传到 ${where.base}，手册上的二维码就能打开对应事项的页面。`);
  if (where?.single && result.single) lines.push(`把这个页面发布在 ${where.base}${where.page ?? ''}，手册上的二维码就能跳到对应事项。`);
  return `${lines.join('\n')}\n`;
}

export function registerSite(program: Command, setCode: (code: number) => void): void {
  program
    .command('site')
    .description('生成网站版：二维码打开的事项页面、带搜索的索引页和手册 PDF 下载，上传即可使用')
    .argument('[handbook.yaml]', '手册文件', 'handbook.yaml')
    .option('-o, --output <path>', '输出的文件夹（--single 时为 .html 文件）；默认在 PDF 旁边，名为「手册名-网站」')
    .option('--single', '生成一个独立的单页 HTML（样式和脚本都在页面内），适合只能发布一篇文章或一个附件的网站')
    .option('--template <name>', '模板名（templates/ 下的文件夹，默认取手册文件中的 template）')
    .option('--script <script>', '字形：hans 简体（默认），hant 繁体', parseScript)
    .option('--json', '以 JSON 格式输出诊断信息')
    .action(async (file: string, flags: SiteFlags) => {
      // Not index.js: the site needs none of the PDF stages, whose loading is most of a cold start.
      const { buildSite } = await import('../../site/api.js');
      const { siteOutputPath, writeSiteResult } = await import('../../output/write-site.js');
      const started = performance.now();
      if (flags.single && flags.output !== undefined && !/\.html?$/i.test(flags.output)) {
        throw new InvalidArgumentError('--single 生成一个 .html 文件：-o 后面应写文件名，如 -o 便民服务手册.html。');
      }
      try {
        const result = await buildSite(file, {
          ...(flags.single && { single: true }),
          ...(flags.template !== undefined && { template: flags.template }),
          ...(flags.script !== undefined && { script: flags.script }),
        });
        printDiagnostics(result.diagnostics, flags.json === true);
        const target = flags.output ?? siteOutputPath(result.handbook, result.single);
        const status = await writeSiteResult(result, target);
        process.stdout.write(siteStatusText(result, target, status, ((performance.now() - started) / 1000).toFixed(2)));
        setCode(ExitCode.ok);
      } catch (err) {
        const diagnostics = failureDiagnostics(err);
        if (!diagnostics) throw err;
        printDiagnostics(diagnostics, flags.json === true);
        process.stderr.write('网站生成失败，原有文件没有改动。\n');
        setCode(ExitCode.invalidInput);
      }
    });
}
