import type { BuildOptions } from '../../index.js';
import { formatDiagnostic } from '../../diagnostics/format.js';
import { ExitCode } from '../../diagnostics/error.js';
import { displayWidth } from '../width.js';
import { relToCwd, writeStatusText } from '../print.js';
import { runPool } from './pool.js';
import type { Job, Outcome } from './protocol.js';

/**
 * Builds many handbooks in parallel (a province's localities), prints
 * progress (a bar on a terminal, plain lines otherwise), then a summary
 * table and the diagnostics of each failure. One failure does not stop the
 * others; the exit code is 1 if any failed. Two handbooks writing the same
 * output stop the batch before anything is built (exit 1, nothing written).
 */
export async function runBatch(files: string[], options: BuildOptions, cores?: number, site = false): Promise<number> {
  const started = performance.now();
  // Loaded here: the catalogue stage, which the other commands' start does without.
  const { findOutputClashes } = await import('./outputs.js');
  const clashes = findOutputClashes(files, options, site);
  if (clashes.length) {
    for (const d of clashes) process.stderr.write(`${formatDiagnostic(d)}\n`);
    process.stderr.write(`批量生成已取消：${clashes.length} 处输出重复，没有生成任何手册，原有文件没有改动。\n`);
    return ExitCode.invalidInput;
  }
  const tty = process.stderr.isTTY === true;
  const jobs: Job[] = files.map((file, id) => ({ id, file, options, ...(site && { site }) }));
  process.stderr.write(`批量生成 ${jobs.length} 本手册……\n`);
  const outcomes = await runPool(
    jobs,
    (o: Outcome, done: number) => {
      const name = relToCwd(jobs[o.id]!.file);
      const result = o.ok ? writeStatusText[o.status] : '失败';
      if (tty) {
        const width = 24;
        const filled = Math.round((done / jobs.length) * width);
        process.stderr.write(`\r[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${jobs.length} ${result} ${name}\u001b[K`);
        if (done === jobs.length) process.stderr.write('\n');
      } else {
        process.stderr.write(`[${done}/${jobs.length}] ${result} ${name}\n`);
      }
    },
    cores,
  );

  const rows = outcomes.map((o, i) => [
    relToCwd(files[i]!),
    o.ok ? writeStatusText[o.status] : '失败',
    o.ok ? String(o.pages) : '',
    `${(o.ms / 1000).toFixed(1)} 秒`,
    o.ok ? relToCwd(o.output) : '',
    ...(site ? [o.ok && o.site ? `${relToCwd(o.site.target)}（${writeStatusText[o.site.status]}）` : ''] : []),
  ]);
  const header = ['手册文件', '结果', '页数', '用时', '输出', ...(site ? ['网站'] : [])];
  const widths = header.map((h, c) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[c]!))));
  const line = (cells: string[]) => cells.map((cell, c) => cell + ' '.repeat(widths[c]! - displayWidth(cell))).join('  ').trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  process.stdout.write(`${out.join('\n')}\n`);

  const failed = outcomes.filter((o) => !o.ok);
  for (const o of outcomes) {
    if (o.ok && o.diagnostics.length === 0) continue;
    process.stderr.write(`\n${relToCwd(files[o.id]!)}：\n`);
    if (!o.ok && o.internal) process.stderr.write(`  内部错误：${o.internal}\n`);
    for (const d of o.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`共 ${outcomes.length} 本：成功 ${outcomes.length - failed.length} 本，失败 ${failed.length} 本，总用时 ${seconds} 秒。\n`);
  return failed.length ? ExitCode.invalidInput : ExitCode.ok;
}
