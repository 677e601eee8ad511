import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { sameContent, writeFileAtomic } from '../../src/output/write-atomic.js';
import { repoRoot } from '../helpers/cli.js';

describe('writeFileAtomic', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-atomic-'));

  it('creates folders, replaces the file and leaves no temporary file', () => {
    const file = path.join(dir, 'a', 'b.pdf');
    writeFileAtomic(file, Buffer.from('one'));
    writeFileAtomic(file, Buffer.from('two'));
    expect(fs.readFileSync(file, 'utf8')).toBe('two');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['b.pdf']);
    expect(sameContent(file, Buffer.from('two'))).toBe(true);
    expect(sameContent(file, Buffer.from('tw0'))).toBe(false);
  });

  it('keeps the old file when the write fails', () => {
    const folder = path.join(dir, 'keep');
    fs.mkdirSync(folder);
    const file = path.join(folder, 'keep.pdf');
    fs.writeFileSync(file, 'old');
    // A real failure of a real write: the module run in a process whose file size limit
    // (100 KiB; SIGXFSZ ignored, so the system answers EFBIG) is below the new file's size.
    const module = path.join(dir, 'write-atomic.mjs');
    buildSync({ entryPoints: [path.join(repoRoot, 'src/output/write-atomic.ts')], outfile: module, format: 'esm', platform: 'node', logLevel: 'silent' });
    const script = `import { writeFileAtomic } from ${JSON.stringify(module)};
      try { writeFileAtomic(${JSON.stringify(file)}, Buffer.alloc(300 * 1024, 1)); } catch (e) { console.log(e.code); }`;
    const r = spawnSync('bash', ['-c', `trap '' XFSZ; ulimit -f 100; exec "${process.execPath}" --input-type=module -e '${script.replace(/'/g, "'\\''")}'`], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.stdout.trim()).toBe('EFBIG');
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    expect(fs.readdirSync(folder)).toEqual(['keep.pdf']);
  });
});
