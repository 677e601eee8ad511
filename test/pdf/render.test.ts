import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFontManifest } from '../../src/document/fonts.js';
import { renderPdf } from '../../src/pdf/render.js';
import { repoRoot } from '../helpers/cli.js';

/*
 * Nothing leaves the sandbox: whatever a document names, pdfmake may fetch
 * no URL and read no file outside the allowed folders.
 */

const manifest = loadFontManifest([path.join(repoRoot, 'fonts/manifest.yaml')]).value;
const font = manifest.resolve('Noto Sans SC').value!;
const allowed = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-allowed-'));
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
fs.writeFileSync(path.join(allowed, 'ok.png'), png);
const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-outside-'));
fs.writeFileSync(path.join(outside, 'secret.png'), png);
fs.symlinkSync(path.join(outside, 'secret.png'), path.join(allowed, 'link.png'));

// No font folder: pdfmake is given opened faces and reads no font file.
const dirs = [allowed];
const doc = (image: string) => ({ content: [{ text: '测试' }, { image, width: 20 }], defaultStyle: { font: font.name } });

describe('renderPdf access policies', () => {
  it('reads an image inside the allowed folder', async () => {
    const { pageCount } = await renderPdf(doc(path.join(allowed, 'ok.png')), [font], dirs);
    expect(pageCount).toBe(1);
  });

  it.each([
    ['a URL', 'https://example.org/logo.png'],
    ['a file outside', path.join(outside, 'secret.png')],
    ['a .. path out of the folder', path.join(allowed, '..', path.basename(outside), 'secret.png')],
    ['a symbolic link pointing outside', path.join(allowed, 'link.png')],
  ])('refuses %s', async (_what, image) => {
    // The refusal must be about the image, not about anything else in the document.
    await expect(renderPdf(doc(image), [font], dirs)).rejects.toThrow(/denied|not allowed|access policy/i);
    await expect(renderPdf(doc(image), [font], dirs)).rejects.toThrow(image.startsWith('http') ? 'example.org' : path.basename(image));
  });
});
