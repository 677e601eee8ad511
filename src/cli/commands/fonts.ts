import type { Command } from 'commander';
import { ExitCode, HandbookError } from '../../diagnostics/error.js';
import { printDiagnostics, relToCwd } from '../print.js';

const via: Record<string, string> = { package: 'npm 包', fonts: 'fonts/ 文件夹', fontconfig: '本机（fontconfig）', system: '本机字体文件夹' };

export function registerFonts(program: Command, setCode: (code: number) => void): void {
  program
    .command('fonts')
    .description('列出手册用到的字体、字体文件、覆盖的字符，以及哪些字由后备字体提供、哪些字没有字体')
    .argument('[handbook.yaml]', '手册文件', 'handbook.yaml')
    .option('--template <name>', '模板名（默认取手册文件中的 template）')
    .option('--json', '以 JSON 格式输出')
    .action(async (file: string, flags: { template?: string; json?: boolean }) => {
      // Loaded on use, so commands that do not build start without the PDF stages.
      const { inspectFonts } = await import('../../index.js');
      try {
        const report = inspectFonts(file, flags.template !== undefined ? { template: flags.template } : {});
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        } else {
          const out: string[] = ['字体：'];
          for (const f of report.families) {
            out.push(`  ${f.name}（来自${via[f.via] ?? f.via}，${f.characters} 个字符）`);
            out.push(`    常规：${relToCwd(f.normal)}`);
            if (f.bold !== f.normal) out.push(`    粗体：${relToCwd(f.bold)}`);
          }
          out.push('字体角色（排在前面的优先，缺字时依次用后面的后备字体）：');
          for (const [role, chain] of Object.entries(report.roles)) out.push(`  ${role}：${chain.join(' → ')}`);
          out.push(`本手册共用到 ${report.characters} 个不同的字符。`);
          if (report.fallback.length) {
            out.push(`由后备字体印出的字（${report.fallback.length} 个）：`);
            for (const c of report.fallback) out.push(`  「${c.char}」${c.codePoint} ← ${c.family}`);
          } else out.push('没有用到后备字体。');
          if (report.missing.length) {
            out.push(`没有任何字体包含的字（${report.missing.length} 个，会印成空白方框）：`);
            for (const c of report.missing) out.push(`  「${c.char}」${c.codePoint}（主字体 ${c.family}）`);
          }
          process.stdout.write(`${out.join('\n')}\n`);
          printDiagnostics(report.diagnostics.filter((d) => d.code !== 'font/missing-glyph'), false);
        }
        setCode(report.missing.length ? ExitCode.invalidInput : ExitCode.ok);
      } catch (err) {
        if (!(err instanceof HandbookError)) throw err;
        printDiagnostics(err.diagnostics, flags.json === true);
        setCode(ExitCode.invalidInput);
      }
    });
}
