import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath } from '../helpers/cli.js';
import { openPdf } from '../helpers/pdf.js';

/*
 * Killing the build (power cut, closed terminal, SIGKILL) at any moment must
 * leave the previous PDF as it was: the new one is written to a temporary
 * file and renamed over the old one only when complete.
 */

function syntheticHandbook(dir: string, n: number): string {
  let cat = 'title: 合成目录\ndomain: 广播电视\ncategories:\n  - code: xzxk\n    name: 行政许可\n    items:\n';
  for (let i = 1; i <= n; i++) {
    cat += `      - id: xzxk-${i}\n        name: 合成事项第${i}项审批\n        content: [主体信息, 审批结果]\n        basis: [《广播电视管理条例》]\n        timeLimit: 信息形成（变更）20个工作日内\n        subject: 县级广播电视行政部门\n        channels: [政府网站]\n        audience: [全社会]\n        method: [主动]\n        levels: [县级]\n`;
  }
  fs.writeFileSync(path.join(dir, 'catalogue.yaml'), cat);
  fs.writeFileSync(
    path.join(dir, 'handbook.yaml'),
    'catalogue: catalogue.yaml\nlocality: { name: 示例县, agency: 示例县文化体育和旅游局 }\nitemUrl: "https://zwgk.county.example/gbds/{id}.html"\nedition: { number: 1, date: 2026-11-01 }\noutput: out/手册.pdf\n',
  );
  return path.join(dir, 'handbook.yaml');
}

function buildAndKill(handbook: string, afterMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, 'build', handbook], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve(signal);
    });
  });
}

describe('crash safety', () => {
  it('SIGKILL at any point leaves the previous PDF intact and no partial file under its name', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-kill-'));
    const handbook = syntheticHandbook(dir, 60);
    const out = path.join(dir, 'out', '手册.pdf');
    fs.mkdirSync(path.dirname(out));
    const previous = Buffer.from('%PDF-1.3\n% the previous, good handbook\n%%EOF\n');
    let killedMidway = 0;
    for (const ms of [100, 250, 400, 600, 900, 1300]) {
      fs.writeFileSync(out, previous);
      await buildAndKill(handbook, ms);
      const now = fs.readFileSync(out);
      if (now.equals(previous)) {
        killedMidway++;
      } else {
        // The new file was renamed into place before the kill: then it is the complete new handbook.
        expect(now.subarray(-6).toString('latin1'), `killed after ${ms} ms`).toMatch(/%%EOF\s*$/);
        expect(openPdf(now).countPages()).toBeGreaterThan(10);
      }
      expect(fs.readdirSync(path.dirname(out)).filter((f) => f === '手册.pdf')).toEqual(['手册.pdf']);
    }
    expect(killedMidway).toBeGreaterThanOrEqual(2);
  });
});
