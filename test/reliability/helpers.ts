import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { spawnCli, type CliResult } from '../helpers/cli.js';

/**
 * Runs the real CLI with a 512 MB heap and a time limit, so an input read
 * without bound (a device, a zip bomb) crashes or times out instead of
 * passing slowly: `status` is then null or 134, never 1.
 */
export function runBounded(args: string[], cwd: string, timeout = 30_000): CliResult & { ms: number } {
  const start = performance.now();
  const r = spawnCli(args, cwd, { NODE_OPTIONS: '--max-old-space-size=512' }, timeout);
  return { ...r, ms: performance.now() - start };
}

export function tempDir(prefix = 'handbook-reliability-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A handbook file naming `catalogue` (a path written as is), in a new folder; returns the folder. */
export function handbookFor(catalogue: string, dir = tempDir()): string {
  fs.writeFileSync(path.join(dir, 'handbook.yaml'), `catalogue: ${catalogue}\nlocality: { name: 示例县, agency: 示例县文化旅游广电体育局 }\n`);
  return dir;
}

/** A small valid catalogue: `extra` is added to the first item's fields (YAML lines indented for it). */
export function catalogueYaml(extra = ''): string {
  return [
    'title: 示例目录',
    'domain: 广播电视',
    'categories:',
    '  - code: xzxk',
    '    name: 行政许可',
    '    items:',
    '      - id: xzxk-01',
    '        name: 设置卫星电视广播地面接收设施审批',
    '        content: [主体信息, 审批结果]',
    '        basis: 《卫星电视广播地面接收设施管理规定》',
    '        timeLimit: 信息形成（变更）20个工作日内',
    '        subject: 县级广播电视行政部门',
    '        channels: [政府网站]',
    '        audience: [全社会]',
    '        method: [主动]',
    '        levels: [县级]',
    extra,
    '',
  ].join('\n');
}

/** English words in a message: a few names of formats and units are allowed, anything else reached the user untranslated. */
export function englishWords(text: string): string[] {
  const allowed = new Set(['YAML', 'Excel', 'WPS', 'CSV', 'HTML', 'ZIP', 'ZIP64', 'FIFO', 'MB', 'KB', 'Tab', 'git', 'xlsx', 'csv', 'html', 'htm', 'txt', 'import', 'handbook', 'title', 'domain', 'categories', 'catalogue', 'locality', 'docs', 'data', 'format', 'md', 'zip']);
  return (text.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !allowed.has(w));
}

/** Every diagnostic says where (a file) and speaks Chinese. */
export function expectUsable(diagnostics: readonly Diagnostic[]): string[] {
  const problems: string[] = [];
  for (const d of diagnostics) {
    if (d.file === undefined) problems.push(`no file: ${d.code} ${d.message}`);
    if (!/[\u4e00-\u9fff]/.test(d.message)) problems.push(`not Chinese: ${d.code} ${d.message}`);
    // Quoted input and a field's key after its Chinese name (「标题」(title)) are not prose; hints may show YAML to write.
    const english = englishWords(d.message.replace(/「[^」]*」/g, '').replace(/\([A-Za-z.]+\)/g, ''));
    if (english.length > 0) problems.push(`English (${english.join(' ')}): ${d.code} ${d.message}`);
  }
  return problems;
}
