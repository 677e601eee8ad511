import path from 'node:path';
import { diagnostic } from '../../diagnostics/diagnostic.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { ImportLimitError, checkTables } from '../limits.js';
import type { SourceTable } from '../table.js';
import { readCsv } from './csv.js';
import { readDoc } from './doc.js';
import { readDocx } from './docx.js';
import { decodeText } from './decode.js';
import { readHtml } from './html.js';
import { XlsError } from './biff.js';
import { PdfEncryptedError, PdfNoTextError, PdfjsUnavailableError, noTextDiagnostic, readPdf } from './pdf.js';
import { sniffSpreadsheet } from './sniff.js';
import { readText } from './text.js';
import { readXls } from './xls.js';
import { readXlsx } from './xlsx.js';
import { ZipError } from './zip.js';

/** File extensions `handbook import` reads, for help and messages. */
export const importExtensions = ['.xlsx', '.xls', '.et', '.docx', '.doc', '.pdf', '.csv', '.html', '.htm', '.txt'] as const;

/** Formats we recognise but cannot read, with what to do instead. */
const convertFirst: Record<string, string> = {
  // Often a .doc inside, but not always (older WPS versions had their own format), and no sample was at hand to test.
  '.wps': '请在 WPS 文字中「另存为」Word 文档（.docx）后再导入。',
};

/**
 * Turns the bytes of a file into tables, by extension. Problems with the
 * file as a whole (unknown format, unreadable workbook, a cap reached) are
 * diagnostics, in Chinese, positioned where the cap was reached.
 */
export async function readTables(file: string, bytes: Uint8Array): Promise<{ tables: SourceTable[]; diagnostics: Diagnostic[] }> {
  const ext = path.extname(file).toLowerCase();
  const diagnostics: Diagnostic[] = [];
  const reader = readerFor(ext, bytes);
  if (reader === 'xlsx' || reader === 'xls') {
    const saveAs = ext === '.et' ? '在 WPS 表格中打开后「另存为」Excel 工作簿（.xlsx）' : '在 Excel 或 WPS 中打开后重新「另存为」Excel 工作簿（.xlsx）';
    try {
      const tables = reader === 'xlsx' ? await readXlsx(bytes, file) : await readXls(bytes, file);
      checkTables(tables, file);
      return { tables, diagnostics };
    } catch (cause) {
      const thing = ext === '.et' ? 'WPS 表格文件' : 'Excel 文件';
      diagnostics.push(readFailure(file, cause, thing, `请确认文件没有损坏、没有加密；可以${saveAs}后再导入。`));
      return { tables: [], diagnostics };
    }
  }
  if (ext === '.pdf') {
    const hint = '请确认文件是完整的 PDF 且没有设置打开密码；可以在 PDF 阅读器中打开后「另存为」或「打印为 PDF」，或向发布单位索取原始 Word、Excel 文件。';
    try {
      const tables = await readPdf(bytes, file);
      checkTables(tables, file);
      return { tables, diagnostics };
    } catch (cause) {
      if (cause instanceof PdfNoTextError) diagnostics.push(noTextDiagnostic(file));
      else if (cause instanceof PdfjsUnavailableError) {
        diagnostics.push(diagnostic('error', 'import/unsupported-format', `读取 PDF 需要 Node.js 20.19 或更新的版本（当前为 ${process.version}）`, { file }, {
          hint: '请升级 Node.js，或把目录另存为 Excel（.xlsx）后再导入。',
        }));
      } else if (cause instanceof PdfEncryptedError) diagnostics.push(diagnostic('error', 'import/unreadable', '无法读取 PDF 文件：文件已加密，需要密码才能打开', { file }, { hint }));
      else diagnostics.push(readFailure(file, cause, 'PDF 文件', hint));
      return { tables: [], diagnostics };
    }
  }
  if (ext === '.docx' || ext === '.doc') return readWord(file, bytes);
  if (reader === 'csv' || reader === 'html' || reader === 'text') {
    const html = reader === 'html';
    const decoded = decodeText(bytes, { html });
    if (decoded.inferred) {
      diagnostics.push(diagnostic('warning', 'import/encoding', '文件不是 UTF-8 编码，已按 GB18030（GBK）读取', { file }, {
        hint: '如果导入结果出现乱码，请把文件另存为 UTF-8 编码后再导入。',
      }));
    }
    try {
      const tables = html ? readHtml(decoded.text, file) : reader === 'csv' ? readCsv(decoded.text, file) : readText(decoded.text, file);
      if (html) checkTables(tables, file);
      return { tables, diagnostics };
    } catch (cause) {
      diagnostics.push(readFailure(file, cause, '文件', '请检查引号是否成对，或在表格软件中重新导出。'));
      return { tables: [], diagnostics };
    }
  }
  if (reader === 'spreadsheetml') {
    diagnostics.push(diagnostic('error', 'import/unsupported-format', '这个文件是「XML 表格」（Excel 2003 XML），不能直接导入', { file }, {
      hint: '请在 Excel 或 WPS 中打开后「另存为」Excel 工作簿（.xlsx）再导入。',
    }));
    return { tables: [], diagnostics };
  }
  const advice = convertFirst[ext];
  diagnostics.push(diagnostic('error', 'import/unsupported-format', `不支持的文件类型「${ext || '无扩展名'}」`, { file }, {
    hint: advice ?? `可以导入的文件类型：${importExtensions.join('、')}。`,
  }));
  return { tables: [], diagnostics };
}

type Reader = 'xlsx' | 'xls' | 'csv' | 'html' | 'text' | 'spreadsheetml';

/**
 * The reader for a file: by extension, except that an .xls or .et is read by
 * what it holds. Web systems export HTML tables and tab-separated text under
 * an .xls name, and Excel opens them, so the user sees a spreadsheet.
 */
function readerFor(ext: string, bytes: Uint8Array): Reader | undefined {
  switch (ext) {
    case '.xlsx':
      return 'xlsx';
    case '.csv':
      return 'csv';
    case '.html':
    case '.htm':
      return 'html';
    case '.txt':
      return 'text';
    case '.xls':
    case '.et': {
      const kind = sniffSpreadsheet(bytes);
      // Anything not text goes to the workbook reader, which reports a broken file in Chinese.
      return kind === 'biff' || kind === 'binary' ? 'xls' : kind;
    }
    default:
      return undefined;
  }
}

const wordHint = '请确认文件没有损坏、没有加密（打开时不需要密码）；可以在 Word 或 WPS 中打开后重新「另存为」Word 文档（.docx）。';

/**
 * A Word file, by what its bytes are rather than its name: a .doc renamed
 * .docx (or the reverse) is common, and a password-protected .docx is an
 * OLE file like a .doc, which word-extractor then refuses.
 */
async function readWord(file: string, bytes: Uint8Array): Promise<{ tables: SourceTable[]; diagnostics: Diagnostic[] }> {
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  try {
    if (zip) {
      const tables = readDocx(bytes, file);
      checkTables(tables, file);
      return { tables, diagnostics: [] };
    }
    const read = await readDoc(bytes, file);
    checkTables(read.tables, file);
    return read;
  } catch (cause) {
    return { tables: [], diagnostics: [readFailure(file, cause, 'Word 文档', wordHint)] };
  }
}

/**
 * csv-parse's error codes in Chinese. Its English messages never reach the
 * user; the record (row) it names becomes the position.
 */
const csvReasons: Record<string, (row: number | undefined) => string> = {
  CSV_QUOTE_NOT_CLOSED: (row) => `引号没有闭合：${row === undefined ? '' : `第 ${row} 行（记录）中`}开始的引号，直到文件末尾都没有配对的引号`,
  CSV_INVALID_CLOSING_QUOTE: (row) => `${row === undefined ? '' : `第 ${row} 行（记录）中`}引号的位置不正确：引号后面紧跟着其他字符`,
  CSV_UNCLOSED_QUOTE: (row) => `${row === undefined ? '' : `第 ${row} 行（记录）中`}引号没有闭合`,
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: (row) => `${row === undefined ? '' : `第 ${row} 行（记录）中`}引号后面有多余的字符`,
};

/** A reader's failure as one Chinese diagnostic: a cap reached, a broken zip or workbook, a CSV quote, or anything else, never in English. */
function readFailure(file: string, cause: unknown, thing: string, hint: string): Diagnostic {
  // 「无法读取 Excel 文件」: a space between Chinese and a Latin word.
  const what = /^[A-Za-z]/.test(thing) ? ` ${thing}` : thing;
  if (cause instanceof ImportLimitError) return cause.diagnostic;
  if (cause instanceof ZipError || cause instanceof XlsError) return diagnostic('error', 'import/unreadable', `无法读取${what}：${cause.message}`, { file }, { hint });
  if (cause instanceof RangeError || /string longer than|Invalid string length|Array buffer allocation/i.test(String((cause as Error)?.message))) {
    // Memory or stack ran out inside a reader: the file is far larger or deeper than a directory table.
    return diagnostic('error', 'import/too-large', `${thing}的内容过大或嵌套过深，无法读取`, { file }, {
      hint: '一个标准目录通常只有几百 KB；检查是否选错了文件。',
    });
  }
  const csv = cause as { code?: unknown; records?: unknown };
  const reason = typeof csv.code === 'string' ? csvReasons[csv.code] : undefined;
  if (reason !== undefined) {
    // Rows are numbered by record (as a spreadsheet shows them): the failing one follows those read.
    // Named in the message: a quote left open is found only at the end of the file, which is no place to point at.
    const row = typeof csv.records === 'number' ? csv.records + 1 : undefined;
    return diagnostic('error', 'import/unreadable', `无法读取${what}：${reason(row)}`, { file }, { hint });
  }
  return diagnostic('error', 'import/unreadable', `无法读取${what}：文件已损坏，或不是它的扩展名所说的格式`, { file }, { hint });
}
