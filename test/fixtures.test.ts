import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './helpers/cli.js';

const root = path.join(repoRoot, 'test/fixtures');
const scenarios = fs
  .readdirSync(root)
  .filter((d) => fs.existsSync(path.join(root, d, 'expected')))
  .sort();

describe('invalid-input fixtures', () => {
  it('has at least 40 scenarios', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(40);
  });

  for (const name of scenarios) {
    it(name, () => {
      const dir = path.join(root, name);
      const commandFile = path.join(dir, 'command');
      const args = (fs.existsSync(commandFile) ? fs.readFileSync(commandFile, 'utf8') : 'check handbook.yaml').trim().split(/\s+/);
      const r = runCli(args, dir);
      expect(r.status, r.stderr).toBe(1);
      const printed = r.stderr
        .split('\n')
        .filter((l) => l && !l.startsWith('检查未通过') && !l.startsWith('生成失败'))
        .join('\n');
      expect(printed).toBe(fs.readFileSync(path.join(dir, 'expected'), 'utf8').trimEnd());
      // Nothing written: the handbook's output folder does not exist.
      expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);

      // The JSON form carries the same positions and codes.
      const json = runCli([...args, '--json'], dir);
      expect(json.status).toBe(1);
      const parsed = JSON.parse(json.stdout) as { diagnostics: { file?: string; option?: string; line?: number; column?: number; code: string }[] };
      // A value from the command line prints as 「命令行 --paper」 where a file would be.
      const fromJson = parsed.diagnostics.map((d) => `${d.file ?? (d.option ? '命令行' : undefined)}${d.line ? `:${d.line}:${d.column}` : ''} [${d.code}]`);
      const fromText = printed
        .split('\n')
        .filter((l) => !l.startsWith('    '))
        .map((l) => `${l.split(' ')[0]} ${l.slice(l.lastIndexOf('['))}`);
      expect(fromJson).toEqual(fromText);
    });
  }
});
