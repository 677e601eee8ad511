import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sameContent, writeFileAtomic } from '../../src/output/write-atomic.js';

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
    const file = path.join(dir, 'keep.pdf');
    fs.writeFileSync(file, 'old');
    // A folder where the file should go makes the final rename fail.
    const blocked = path.join(dir, 'blocked');
    fs.mkdirSync(path.join(blocked, 'x.pdf'), { recursive: true });
    expect(() => writeFileAtomic(path.join(blocked, 'x.pdf'), Buffer.from('new'))).toThrow();
    expect(fs.readdirSync(blocked)).toEqual(['x.pdf']);
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
  });
});
