/*
 * What a file named .xls or .et really holds. Web systems commonly export an
 * HTML table or tab-separated text under an .xls name (Excel opens both with
 * a warning), and a workbook saved as .xlsx is sometimes renamed .xls; the
 * extension alone would send those to a reader that cannot take them.
 */

/**
 * - `biff`: an OLE2 compound file (Excel 97–2003 / WPS workbook),
 * - `xlsx`: a zip (Office Open XML under the wrong extension),
 * - `spreadsheetml`: Excel 2003 XML ("XML 表格"),
 * - `html`, `csv`: text a web system exported,
 * - `binary`: anything else; reading it as a workbook reports it broken.
 */
export type SpreadsheetKind = 'biff' | 'xlsx' | 'spreadsheetml' | 'html' | 'csv' | 'binary';

const oleMagic = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function sniffSpreadsheet(bytes: Uint8Array): SpreadsheetKind {
  if (oleMagic.every((b, i) => bytes[i] === b)) return 'biff';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx';
  const head = headText(bytes);
  if (head === undefined) return 'binary';
  const start = head.trimStart().slice(0, 512).toLowerCase();
  if (start.startsWith('<?xml') && /urn:schemas-microsoft-com:office:spreadsheet/i.test(head) && /<(\w+:)?workbook\b/i.test(head)) return 'spreadsheetml';
  if (/^<(!doctype|html|head|body|meta|table|style|!--|\?xml)/.test(start) || /<table\b/i.test(head)) return 'html';
  return 'csv';
}

/**
 * The first 4 KB as text, or undefined when they hold control bytes no text
 * file has. Tags and separators are ASCII in every encoding offices use, so
 * Latin-1 serves for the rest; UTF-16 (Excel's "Unicode text") has a BOM.
 */
function headText(bytes: Uint8Array): string | undefined {
  const head = bytes.subarray(0, 4096);
  if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder('utf-16le').decode(head);
  if (head[0] === 0xfe && head[1] === 0xff) return new TextDecoder('utf-16be').decode(head);
  for (const b of head) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) return undefined;
  }
  return new TextDecoder('latin1').decode(head);
}
