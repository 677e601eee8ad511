import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { checkFontFile, loadFontManifest, openCheckedFace } from '../../src/document/fonts.js';
import { HandbookError } from '../../src/diagnostics/error.js';
import { repoRoot } from '../helpers/cli.js';

/*
 * A CJK face is 10–15 MB. Checking a theme's fonts reads only their table
 * directories (font-check.ts), and a build reads a face only when its text
 * uses it: a traditional-script edition set in Noto Sans TC never reads the
 * simplified faces it would fall back to.
 */

const manifest = loadFontManifest([path.join(repoRoot, 'fonts/manifest.yaml')]).value;
const sansSc = manifest.resolve('Noto Sans SC').value!;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-font-loading-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Font files read whole by fontkit (readFileSync) while `run` runs. */
async function fontsReadWhole(run: () => unknown): Promise<string[]> {
  const spy = vi.spyOn(fs, 'readFileSync');
  try {
    await run();
    return spy.mock.calls.map((c) => String(c[0])).filter((f) => /\.(ttf|otf|ttc)$/i.test(f));
  } finally {
    spy.mockRestore();
  }
}

/**
 * The font modules as a new process has them: faces are cached per process
 * (openedFaceFiles lists that cache), so a test that counts opened faces
 * gets its own instances rather than what earlier tests left behind.
 */
async function freshModules() {
  vi.resetModules();
  const fonts = await import('../../src/document/fonts.js');
  const index = await import('../../src/index.js');
  expect(fonts.openedFaceFiles()).toEqual([]);
  return { fonts, index };
}

describe('font loading', () => {
  it('checks a face without reading it', async () => {
    const { fonts } = await freshModules();
    expect(await fontsReadWhole(() => expect(fonts.checkFontFile(sansSc.bold as string)).toBeUndefined())).toEqual([]);
    expect(fonts.openedFaceFiles()).toEqual([]);
  });

  it('reads only the faces the text uses', async () => {
    const { fonts, index } = await freshModules();
    await index.buildHandbook(path.join(repoRoot, 'data/示例县/handbook.yaml'), { script: 'hant' });
    expect(fonts.openedFaceFiles().map((f) => path.basename(f)).sort()).toEqual(['NotoSansTC_400Regular.ttf', 'NotoSansTC_700Bold.ttf']);
  });

  it('tells a truncated face and a file that is no font', () => {
    const truncated = path.join(dir, 'truncated.ttf');
    fs.writeFileSync(truncated, fs.readFileSync(sansSc.normal as string).subarray(0, 2_000_000));
    expect(checkFontFile(truncated)).toMatch(/不完整/);
    const text = path.join(dir, 'notes.ttf');
    fs.writeFileSync(text, '这不是字体文件\n'.repeat(100));
    expect(checkFontFile(text)).toMatch(/不是可识别的字体文件/);
    expect(checkFontFile(path.join(dir, 'missing.ttf'))).toBe('文件不存在');
  });

  it('reports a face that passes the directory check but cannot be read as bad input, not a crash', () => {
    // Every character map subtable given an unknown format: the directory is fine, the map is not.
    const bytes = Buffer.from(fs.readFileSync(sansSc.normal as string));
    const tables = bytes.readUInt16BE(4);
    let cmap = 0;
    for (let i = 0; i < tables; i++) if (bytes.toString('latin1', 12 + i * 16, 16 + i * 16) === 'cmap') cmap = bytes.readUInt32BE(20 + i * 16);
    for (let i = 0; i < bytes.readUInt16BE(cmap + 2); i++) bytes.writeUInt16BE(99, cmap + bytes.readUInt32BE(cmap + 8 + i * 8));
    const broken = path.join(dir, 'broken-cmap.ttf');
    fs.writeFileSync(broken, bytes);
    expect(checkFontFile(broken)).toBeUndefined();
    let error: unknown;
    try {
      openCheckedFace(broken);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(HandbookError);
    expect((error as HandbookError).diagnostics[0]).toMatchObject({ code: 'font/unreadable', file: broken });
  });
});
