import path from 'node:path';
import { diagnostic } from '../../diagnostics/diagnostic.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { SourceTable } from '../table.js';
import { readCsv } from './csv.js';
import { decodeText } from './decode.js';
import { readHtml } from './html.js';
import { readText } from './text.js';
import { readXlsx } from './xlsx.js';

/** File extensions `handbook import` reads, for help and messages. */
export const importExtensions = ['.xlsx', '.csv', '.html', '.htm', '.txt'] as const;

/** Formats we recognise but cannot read, with what to do instead. */
const convertFirst: Record<string, string> = {
  '.xls': '请在 Excel 或 WPS 中「另存为」Excel 工作簿（.xlsx）后再导入。',
  '.et': '请在 WPS 表格中「另存为」Excel 工作簿（.xlsx）后再导入。',
  '.doc': '请在 Word 或 WPS 中「另存为」网页（.htm）后再导入。',
  '.docx': '请在 Word 或 WPS 中「另存为」网页（.htm）后再导入。',
  '.wps': '请在 WPS 文字中「另存为」网页（.htm）后再导入。',
  '.pdf': '请从 PDF 中复制表格文字，保存为 .txt（单元格用 Tab 或 | 分隔）后再导入。',
};

/**
 * Turns the bytes of a file into tables, by extension. Problems with the
 * file as a whole (unknown format, unreadable workbook) are diagnostics.
 */
export async function readTables(file: string, bytes: Uint8Array): Promise<{ tables: SourceTable[]; diagnostics: Diagnostic[] }> {
  const ext = path.extname(file).toLowerCase();
  const diagnostics: Diagnostic[] = [];
  if (ext === '.xlsx') {
    try {
      return { tables: await readXlsx(bytes), diagnostics };
    } catch (cause) {
      diagnostics.push(unreadable(file, 'Excel 文件', cause, '请确认文件是 .xlsx 格式且没有损坏、没有加密。'));
      return { tables: [], diagnostics };
    }
  }
  if (ext === '.csv' || ext === '.html' || ext === '.htm' || ext === '.txt') {
    const html = ext === '.html' || ext === '.htm';
    const decoded = decodeText(bytes, { html });
    if (decoded.inferred) {
      diagnostics.push(diagnostic('warning', 'import/encoding', '文件不是 UTF-8 编码，已按 GB18030（GBK）读取', { file }, {
        hint: '如果导入结果出现乱码，请把文件另存为 UTF-8 编码后再导入。',
      }));
    }
    try {
      const tables = html ? readHtml(decoded.text) : ext === '.csv' ? readCsv(decoded.text) : readText(decoded.text);
      return { tables, diagnostics };
    } catch (cause) {
      // csv-parse stops on a quote it cannot pair; its message names the line.
      diagnostics.push(unreadable(file, '文件', cause, '请检查引号是否成对，或在表格软件中重新导出。'));
      return { tables: [], diagnostics };
    }
  }
  const advice = convertFirst[ext];
  diagnostics.push(diagnostic('error', 'import/unsupported-format', `不支持的文件类型「${ext || '无扩展名'}」`, { file }, {
    hint: advice ?? `可以导入的文件类型：${importExtensions.join('、')}。`,
  }));
  return { tables: [], diagnostics };
}

function unreadable(file: string, what: string, cause: unknown, hint: string): Diagnostic {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return diagnostic('error', 'import/unreadable', `无法读取${what}（${detail}）`, { file }, { hint });
}
