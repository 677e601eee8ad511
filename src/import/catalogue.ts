import type { CatalogueData, CategoryData } from '../catalogue/schema.js';
import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { categoryCode, itemId } from './codes.js';
import type { RowItem } from './rows.js';
import { cellPosition } from './table.js';

/**
 * Groups items by category in the order categories first appear (a category
 * split across the table is joined), and numbers them: 行政许可 → xzxk-01, …
 */
export function buildCatalogue(
  rows: readonly RowItem[],
  meta: { title: string; domain: string },
  file: string,
): { data: CatalogueData; diagnostics: Diagnostic[]; doubts: Map<string, Diagnostic[]> } {
  const doubts = new Map<string, Diagnostic[]>();
  const diagnostics: Diagnostic[] = [];
  const groups = new Map<string, RowItem[]>();
  for (const row of rows) {
    const group = groups.get(row.category);
    if (group) group.push(row);
    else groups.set(row.category, [row]);
  }
  const taken = new Set<string>();
  const categories: CategoryData[] = [...groups].map(([name, members]) => {
    const { code, standard } = categoryCode(name, taken);
    taken.add(code);
    if (!standard) {
      const at = (members[0] as RowItem).categoryAt;
      diagnostics.push(
        diagnostic('warning', 'import/derived-code', `分类「${name}」不是常用分类，分类代码取为「${code}」`, cellPosition(file, at), {
          field: 'code',
          hint: '可以在生成的目录文件中把 code 改为好记的拼音首字母（如 xzxk），事项编号会随之改变，请一并修改。',
        }),
      );
    }
    return {
      name,
      code,
      items: members.map((m, i) => {
        const id = itemId(code, i + 1, members.length);
        if (m.doubts.length > 0) doubts.set(id, m.doubts);
        // A row without a name is written only into a draft, under a name that says what to do.
        const name = m.item.name === '' ? `（名称待填写：原表第 ${m.nameAt.row} 行）` : m.item.name;
        return { id, ...m.item, name };
      }),
    };
  });
  return { data: { title: meta.title, domain: meta.domain, categories }, diagnostics, doubts };
}
