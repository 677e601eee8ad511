import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Checked } from '../diagnostics/diagnostic.js';
import { decodeInput } from './encoding.js';
import type { Encoding } from './encoding.js';

/*
 * What the user is told about a file's encoding. Decided (docs/data-format.md,
 * 「文件编码」): a file whose encoding is certain or near certain (a mark, the
 * NUL pattern of UTF-16, bytes that read cleanly as GBK Chinese) is read,
 * with a warning that names the encoding, because refusing it would send a
 * clerk through a save dialog for a file we read correctly; a file we cannot
 * read is refused at its first unreadable byte.
 */

/** The encodings as Notepad and WPS name them, so the user can find them in the save dialog. */
const encodingNames: Record<Encoding, { name: string; aka: string }> = {
  'utf-8': { name: 'UTF-8', aka: '' },
  gb18030: { name: 'GBK', aka: '（中文版 Windows 记事本、WPS 的默认编码，也叫 ANSI）' },
  'utf-16le': { name: 'UTF-16', aka: '（记事本中的「UTF-16 LE」或「Unicode」）' },
  'utf-16be': { name: 'UTF-16 BE', aka: '（记事本中的「UTF-16 BE」或「Unicode big endian」）' },
  'utf-32le': { name: 'UTF-32', aka: '' },
  'utf-32be': { name: 'UTF-32', aka: '' },
};

/** How to save a file as UTF-8 in the two editors county offices have. */
export const SAVE_AS_UTF8 =
  '用记事本打开文件，点「文件 → 另存为」，在窗口下方的「编码」中选「UTF-8」，保存并替换原文件；' +
  '用 WPS 文字时，点「文件 → 另存为」，「文件类型」选「纯文本」，在随后的「文件转换」中选「其他编码」→「Unicode (UTF-8)」。';

/**
 * A file's bytes as text, with a warning when it was not UTF-8 and an error
 * (at the first unreadable byte) when it could not be read at all.
 */
export function decodeInputFile(file: string, bytes: Uint8Array): Checked<string> {
  const decoded = decodeInput(bytes);
  if (decoded.ok) {
    if (!decoded.converted) return { value: decoded.text, diagnostics: [] };
    const { name, aka } = encodingNames[decoded.encoding];
    return {
      value: decoded.text,
      diagnostics: [
        diagnostic('warning', 'file/encoding', `文件是 ${name} 编码${aka}，已按 ${name} 读取`, { file }, {
          hint: `内容无误即可照常使用；建议改存为 UTF-8，换一台电脑或换一个软件打开时才不会乱码：${SAVE_AS_UTF8}`,
        }),
      ],
    };
  }
  const at = { file, line: decoded.line, column: decoded.column };
  const byte = `0x${decoded.byte.toString(16).toUpperCase().padStart(2, '0')}`;
  if (decoded.encoding === 'utf-8') {
    return {
      value: undefined,
      diagnostics: [
        diagnostic('error', 'file/invalid-encoding', `这里有无法识别的字节 ${byte}：文件不是有效的 UTF-8 文本，也不是 GBK 文本`, at, {
          hint: `文件中可能混入了其他编码的文字（如从别的文件或网页粘贴而来），或者文件已经损坏。改正或重新输入这一处的文字，再另存为 UTF-8：${SAVE_AS_UTF8}`,
        }),
      ],
    };
  }
  const { name } = encodingNames[decoded.encoding];
  return {
    value: undefined,
    diagnostics: [
      diagnostic('error', 'file/invalid-encoding', `这里有损坏的字符：文件是 ${name} 编码，这一处无法按 ${name} 读取`, at, {
        hint: `文件可能不完整或已经损坏。重新输入这一处的文字，再另存为 UTF-8：${SAVE_AS_UTF8}`,
      }),
    ],
  };
}
