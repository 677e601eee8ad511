import type { ItemData } from '../catalogue/schema.js';
import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { cleanName, cleanText } from './clean/text.js';
import type { Header } from './header.js';
import { labelsOf } from './header.js';
import { fieldLabel, headerScore, isSubHeader } from './labels.js';
import { readCells } from './cells.js';
import { readMark } from './values/marks.js';
import { cellPosition } from './table.js';
import type { SourceCell, SourceTable } from './table.js';

/** One item as read from a row, before it gets an id. */
export interface RowItem {
  category: string;
  /** The cell that gave the category (or the name cell when none did), for messages about the category. */
  categoryAt: SourceCell;
  /** The cell that gave the item's name: where the item is, for messages about the item. */
  nameAt: SourceCell;
  item: Omit<ItemData, 'id'>;
}

/** Where the catalogue puts items whose category is not given. */
export const fallbackCategory = '其他';

/**
 * Reads the rows below the header into items. Every cell that cannot be
 * interpreted is reported at its row and column; a row without an item name
 * is an error, because an item cannot be made up.
 */
export function readRows(table: SourceTable, header: Header, file: string): { items: RowItem[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const items: RowItem[] = [];
  const categoryIndex = header.columns.findIndex((c) => c?.field === 'category');
  const nameIndex = header.columns.findIndex((c) => c?.field === 'name');
  let category: string | undefined;
  let categoryAt: SourceCell | undefined;
  for (let r = header.index + header.height; r < table.rows.length; r++) {
    let cells = table.rows[r] as SourceCell[];
    const filled = cells.filter((c) => c.text.trim() !== '');
    if (filled.length === 0) continue;
    // A page break in a converted document repeats the header.
    if (headerScore(labelsOf(cells)) >= 4) {
      if (header.height === 2 && isSubHeader(labelsOf(cells), labelsOf(table.rows[r + 1] ?? []))) r++;
      continue;
    }
    const distinct = new Set(filled.map((c) => cleanText(c.text)));
    // One text across the row (merged, or alone in the first cell) is a heading or a note, unless it is a check mark.
    const onlyText = distinct.size === 1 && readMark(filled[0]?.text ?? '') === undefined ? [...distinct][0] : undefined;
    if (onlyText !== undefined && filled.length >= 3) {
      diagnostics.push(skipped(filled[0] as SourceCell, file));
      continue;
    }
    if (table.dropsMergedCells) cells = alignRow(cells, header, categoryIndex, file, diagnostics);
    const cellAt = (i: number): SourceCell => cells[i] ?? { text: '', row: cells[0]?.row ?? r + 1, column: i + 1 };

    const categoryText = categoryIndex < 0 ? '' : categoryName(cellAt(categoryIndex).text);
    if (categoryText !== '' && categoryText !== category) {
      category = categoryText;
      categoryAt = cellAt(categoryIndex);
    }
    const nameCell = cellAt(nameIndex);
    if (nameIndex < 0 || cleanText(nameCell.text) === '') {
      // A row holding only a 一级事项 opens a category, as a merged cell's first row does.
      const onlyCategory =
        categoryText !== '' &&
        filled.every((c) => {
          const field = header.columns[cells.indexOf(c)]?.field;
          return field === 'category' || field === 'seq';
        });
      if (onlyCategory) continue;
      if (onlyText !== undefined) diagnostics.push(skipped(filled[0] as SourceCell, file));
      else if (nameIndex >= 0) diagnostics.push(missingName(nameCell, file));
      continue;
    }
    if (category === undefined || categoryAt === undefined) {
      categoryAt = categoryIndex < 0 ? nameCell : cellAt(categoryIndex);
      diagnostics.push(noCategory(categoryAt, categoryIndex < 0, file));
      category = fallbackCategory;
    }
    const read = readCells(cells, header.columns, cellAt, file);
    diagnostics.push(...read.diagnostics);
    items.push({ category, categoryAt, nameAt: nameCell, item: read.item });
  }
  return { items, diagnostics };
}

/** 一级事项 as a category name: merged one character per line (行\n政\n许\n可), maybe numbered (一、行政许可). */
export function categoryName(text: string): string {
  return cleanName(text).replace(/^([（(]?[一二三四五六七八九十]+[)）]?[、.．]?|\d+[、.．])/, '');
}

/**
 * Text copied from a browser leaves out cells covered by a merged cell. A row
 * one cell short, in a table with a 一级事项 column, is read as continuing the
 * category above; any other shortfall is reported and the missing cells are
 * taken as blank.
 */
function alignRow(cells: SourceCell[], header: Header, categoryIndex: number, file: string, diagnostics: Diagnostic[]): SourceCell[] {
  const width = header.columns.length;
  if (cells.length >= width) return cells;
  const at = { file, line: cells[0]?.row, column: 1 };
  if (cells.length === width - 1 && categoryIndex >= 0) {
    diagnostics.push(
      diagnostic('warning', 'import/short-row', '这一行比表头少一个单元格，按「一级事项」与上一行合并处理', at, {
        hint: '如果不对，请在这一行补上空白的一级事项单元格（两个分隔符之间留空）。',
      }),
    );
    const filler = { text: '', row: cells[0]?.row ?? 0, column: categoryIndex + 1 };
    return [...cells.slice(0, categoryIndex), filler, ...cells.slice(categoryIndex)];
  }
  diagnostics.push(
    diagnostic('warning', 'import/short-row', `这一行只有 ${cells.length} 个单元格，表头有 ${width} 列；缺少的单元格按空白处理`, at, {
      hint: '请检查这一行的分隔符，空白的单元格也要保留分隔符。',
    }),
  );
  return cells;
}

function skipped(cell: SourceCell, file: string): Diagnostic {
  return diagnostic('warning', 'import/skipped-row', `这一行不是事项，未导入：「${cleanText(cell.text)}」`, cellPosition(file, cell), {
    hint: '说明文字不会导入；如果它是一级事项，请把它写在「一级事项」列中。',
  });
}

function missingName(cell: SourceCell, file: string): Diagnostic {
  return diagnostic('error', 'import/missing-name', '这一行有内容，但事项名称为空', cellPosition(file, cell), {
    field: 'name',
    hint: '请在原表中补上事项名称（二级事项）；如果这一行不是事项，请删除它。',
  });
}

function noCategory(cell: SourceCell, noColumn: boolean, file: string): Diagnostic {
  const message = noColumn
    ? `表头中没有「${fieldLabel.category}」列，事项归入「${fallbackCategory}」`
    : `第一个事项之前没有「${fieldLabel.category}」，事项归入「${fallbackCategory}」`;
  return diagnostic('warning', 'import/missing-category', message, cellPosition(file, cell), {
    hint: '请在原表中填写一级事项（如「行政许可」），或在导入后修改分类。',
  });
}
