import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cliPath, repoRoot } from '../helpers/cli.js';

/* `npx handbook` runs the compiled bin directly, so the build must leave it executable. */
describe('installed command', () => {
  it('the bin is executable and answers --help in Chinese', () => {
    expect(fs.statSync(cliPath).mode & 0o111).not.toBe(0);
    const r = spawnSync(cliPath, ['--help'], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('用法： handbook [选项] [命令]');
  });
});
