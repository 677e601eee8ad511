import { diagnostic } from '../../diagnostics/diagnostic.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { SourceTable } from '../table.js';
import { countTraditional, isTraditionalCount, removePinyin, toSimplified } from './script.js';

/**
 * Brings every cell to simplified characters without pinyin, before anything
 * reads the header: a traditional copy says 公開層級, which must be found as
 * 公开层级. The decision is made once for the whole file, so one table is
 * never half converted. Returns a warning when the file was traditional.
 */
export function simplifyTables(tables: SourceTable[], file: string): Diagnostic[] {
  const convert = (f: (s: string) => string) => {
    for (const table of tables) {
      for (const row of table.rows) for (const cell of row) cell.text = f(cell.text);
      if (table.caption !== undefined) table.caption = f(table.caption);
    }
  };
  convert(removePinyin);
  const all = tables.map((t) => [t.caption ?? '', ...t.rows.flatMap((row) => row.map((c) => c.text))].join('\n')).join('\n');
  const counts = countTraditional(all);
  if (!isTraditionalCount(counts)) return [];
  const { traditional } = counts;
  convert(toSimplified);
  return [
    diagnostic('warning', 'import/traditional', `源文件是繁体字，已转换为简体字（${traditional} 个字）`, { file }, {
      hint: '转换按常用词处理；人名、地名和文件名称请与原件核对。',
    }),
  ];
}
