import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, runCli } from '../helpers/cli.js';
import { openPdf } from '../helpers/pdf.js';

/*
 * Killing the build (power cut, closed terminal, SIGKILL) at any moment must
 * leave the previous PDF as it was: the new one is written to a temporary
 * file and renamed over the old one only when complete. The kill lands at
 * the one moment that tells an atomic write from a plain one: the new file
 * fully written, not yet renamed.
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

const tempPattern = /^\.手册\.pdf\.\d+\.[0-9a-f]{8}\.tmp$/;

/**
 * Runs a build held inside its write by the test-only HANDBOOK_TEST_PAUSE_WRITE
 * (after the temporary file's last byte and flush, before the rename), and
 * SIGKILLs it there: once the temporary file is complete, or as soon as the
 * output itself changes or the build ends (a write that does not go through a
 * temporary file). No timer decides where the kill lands.
 */
async function killInsideWrite(handbook: string, out: string, previous: Buffer): Promise<{ signal: string | null; temps: string[] }> {
  const child = spawn(process.execPath, [cliPath, 'build', handbook], { stdio: 'ignore', env: { ...process.env, HANDBOOK_TEST_PAUSE_WRITE: '120000' } });
  const exited = new Promise<string | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  const dir = path.dirname(out);
  const temps = () => fs.readdirSync(dir).filter((f) => tempPattern.test(f));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    if (!fs.readFileSync(out).equals(previous)) break;
    const [temp] = temps();
    // Complete: the PDF's last line is written, and the pause follows its flush.
    if (temp && /%%EOF\s*$/.test(fs.readFileSync(path.join(dir, temp)).subarray(-16).toString('latin1'))) break;
    if (Date.now() > deadline) throw new Error('the build neither wrote its temporary file nor ended');
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  return { signal: await exited, temps: temps() };
}

describe('crash safety', () => {
  it('SIGKILL inside the write leaves the previous PDF intact and no partial file under its name; the next build replaces it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-kill-'));
    const handbook = syntheticHandbook(dir, 60);
    const out = path.join(dir, 'out', '手册.pdf');
    fs.mkdirSync(path.dirname(out));
    const previous = Buffer.from('%PDF-1.3\n% the previous, good handbook\n%%EOF\n');
    fs.writeFileSync(out, previous);

    const { signal, temps } = await killInsideWrite(handbook, out, previous);
    expect(signal).toBe('SIGKILL');
    expect(fs.readFileSync(out).equals(previous), 'the previous PDF, byte for byte').toBe(true);
    // What the kill interrupted: the complete new handbook, under a temporary name only.
    expect(temps).toHaveLength(1);
    const written = fs.readFileSync(path.join(path.dirname(out), temps[0]!));
    expect(openPdf(written).countPages()).toBeGreaterThan(10);
    expect(fs.readdirSync(path.dirname(out)).sort()).toEqual([temps[0]!, '手册.pdf'].sort());

    // The next build sweeps the dead process's temporary file and writes the same handbook in place.
    // (In the suite's CLI server: another process than the dead one, as the user's next run is.)
    const next = runCli(['build', handbook]);
    expect(next.status, next.stderr).toBe(0);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['手册.pdf']);
    expect(fs.readFileSync(out).equals(written)).toBe(true);
  });
});
