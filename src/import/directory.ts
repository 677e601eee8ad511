import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { findHeader } from './header.js';
import type { Header } from './header.js';
import { readRows } from './rows.js';
import type { RowItem } from './rows.js';
import type { SourceTable } from './table.js';

/*
 * A directory may come as several tables: one worksheet per category, or a
 * page that starts a new table for each 一级事项. Every table with the
 * directory's header is read, in order; other tables (page layout, a cover
 * sheet) are passed over.
 */

export interface Directory {
  /** The first table with a header; its title names the catalogue. */
  table: SourceTable;
  header: Header;
  items: RowItem[];
  diagnostics: Diagnostic[];
}

/** Reads every table that holds the directory's header; undefined when none does. */
export function readDirectory(tables: readonly SourceTable[], file: string): Directory | undefined {
  const found = tables.flatMap((table, i) => {
    const header = findHeader(table, file);
    return header ? [{ table, header, name: table.label !== undefined ? `工作表「${table.label}」` : `第 ${i + 1} 个表格` }] : [];
  });
  const first = found[0];
  if (first === undefined) return undefined;
  const items: RowItem[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const { table, header, name } of found) {
    const rows = readRows(table, header, file);
    // One by one: a spread of a long table's items would pass the engine's limit on call arguments.
    for (const item of rows.items) items.push(item);
    // Row numbers start again in each table; with more than one, a message says which table it means.
    for (const d of [...header.diagnostics, ...rows.diagnostics]) {
      diagnostics.push(found.length > 1 && d.line !== undefined ? { ...d, message: `${d.message}（${name}）` } : d);
    }
  }
  if (found.length > 1) {
    diagnostics.push(
      diagnostic('warning', 'import/multiple-tables', `文件中有 ${found.length} 个目录表格，已依次全部导入：${found.map((f) => f.name).join('、')}`, { file }, {
        hint: '如果其中有重复的表格（如网页的打印版），请删去后再导入。',
      }),
    );
  }
  return { table: first.table, header: first.header, items, diagnostics };
}
