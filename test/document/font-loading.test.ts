import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { buildHandbook } from '../../src/index.js';
import { checkFontFile, loadFontManifest, openedFaceFiles } from '../../src/document/fonts.js';
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

describe('font loading', () => {
  it('checks a face without reading it', async () => {
    expect(await fontsReadWhole(() => expect(checkFontFile(sansSc.bold as string)).toBeUndefined())).toEqual([]);
    expect(openedFaceFiles()).toEqual([]);
  });

  it('reads only the faces the text uses', async () => {
    await buildHandbook(path.join(repoRoot, 'data/示例县/handbook.yaml'), { script: 'hant' });
    expect(openedFaceFiles().map((f) => path.basename(f)).sort()).toEqual(['NotoSansTC_400Regular.ttf', 'NotoSansTC_700Bold.ttf']);
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
});
