import type { ItemData } from '../catalogue/schema.js';
import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { cleanName, cleanText } from './clean/text.js';
import type { Column, Header } from './header.js';
import { alignShortRow } from './align.js';
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
  /** What a person must check before this item is printed: the row's problems, for a draft (`import --draft`). */
  doubts: Diagnostic[];
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
  // The row above, one cell per column: where a copy's left-out merged cells take their value from.
  let above: SourceCell[] | undefined;
  for (let r = header.index + header.height; r < table.rows.length; r++) {
    const before = diagnostics.length;
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
    if (table.dropsMergedCells) cells = alignRow(cells, header, above, file, diagnostics);
    if (table.blankMerges) cells = fillFromAbove(cells, header, above, file, diagnostics);
    above = cells;
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
      else if (nameIndex >= 0) {
        diagnostics.push(missingName(nameCell, file));
        // Kept for a draft, which writes every row and marks this one; otherwise the error stops the import.
        const read = readCells(cells, header.columns, cellAt, file);
        items.push({ category: category ?? fallbackCategory, categoryAt: categoryAt ?? nameCell, nameAt: nameCell, item: read.item, doubts: doubtsOf(diagnostics.slice(before)) });
      }
      continue;
    }
    if (category === undefined || categoryAt === undefined) {
      categoryAt = categoryIndex < 0 ? nameCell : cellAt(categoryIndex);
      diagnostics.push(noCategory(categoryAt, categoryIndex < 0, file));
      category = fallbackCategory;
    }
    const read = readCells(cells, header.columns, cellAt, file);
    diagnostics.push(...read.diagnostics);
    items.push({ category, categoryAt, nameAt: nameCell, item: read.item, doubts: doubtsOf(diagnostics.slice(before)) });
  }
  return { items, diagnostics };
}

/** 一级事项 as a category name: merged one character per line (行\n政\n许\n可), maybe numbered (一、行政许可). */
export function categoryName(text: string): string {
  return cleanName(text).replace(/^([（(]?[一二三四五六七八九十]+[)）]?[、.．]?|\d+[、.．])/, '');
}

/**
 * Text copied from a browser leaves out the cells a merged cell covers. A
 * short row is aligned by what its cells hold (align.ts), the left-out
 * columns taking the value above, and the guess is reported; a shortfall
 * that cannot be a copy of merged cells is reported and the missing cells
 * taken as blank.
 */
function alignRow(cells: SourceCell[], header: Header, above: SourceCell[] | undefined, file: string, diagnostics: Diagnostic[]): SourceCell[] {
  const width = header.columns.length;
  if (cells.length >= width) return cells;
  const at = { file, line: cells[0]?.row, column: 1 };
  const aligned = alignShortRow(cells, header.columns, above);
  if (aligned !== undefined) {
    const names = aligned.filled.map((i) => `「${columnName(header.columns[i])}」`).join('');
    diagnostics.push(
      diagnostic('warning', 'import/short-row', `这一行比表头少 ${width - cells.length} 个单元格，按合并单元格处理：${names}沿用上一行的内容`, at, {
        hint: '复制网页表格时，合并单元格只出现在第一行。如果不对，请在这一行补上空白单元格（两个分隔符之间留空），或导入原表格文件。',
      }),
    );
    return aligned.cells;
  }
  diagnostics.push(
    diagnostic('warning', 'import/short-row', `这一行只有 ${cells.length} 个单元格，表头有 ${width} 列；缺少的单元格按空白处理`, at, {
      hint: '请检查这一行的分隔符，空白的单元格也要保留分隔符。',
    }),
  );
  return cells;
}

/** Fields a merged cell often spans (one 公开主体 or 公开依据 for a group of items); each is required. */
const mergeableFields = new Set<string>(['content', 'basis', 'timeLimit', 'subject', 'channels']);

/**
 * A file without merge information (CSV, Excel's copy, a mirror page) shows
 * a merged cell in its first row and blanks below it. A blank in a required
 * text column under a value is read as such a merge and takes the value
 * above, with a warning: leaving it blank would only fail the import.
 */
function fillFromAbove(cells: SourceCell[], header: Header, above: SourceCell[] | undefined, file: string, diagnostics: Diagnostic[]): SourceCell[] {
  // Only an item's row: a note or a heading under the table takes nothing.
  const name = header.columns.findIndex((c) => c?.field === 'name');
  if (above === undefined || name < 0 || (cells[name]?.text.trim() ?? '') === '') return cells;
  const out = [...cells];
  header.columns.forEach((column, i) => {
    if (column === undefined || column.value !== undefined || !mergeableFields.has(column.field)) return;
    const here = out[i];
    const up = above[i];
    if ((here?.text.trim() ?? '') !== '' || up === undefined || up.text.trim() === '') return;
    const cell = { text: up.text, row: here?.row ?? cells[0]?.row ?? up.row, column: here?.column ?? i + 1 };
    out[i] = cell;
    diagnostics.push(
      diagnostic('warning', 'import/filled-from-above', `「${fieldLabel[column.field]}」为空，按合并单元格沿用上一行的内容`, cellPosition(file, cell), {
        field: column.field,
        hint: '原表中合并的单元格在这种文件里只有第一行有字。如果这一项本来就是空的，请在原表中补上内容。',
      }),
    );
  });
  return out;
}

function columnName(column: Column | undefined): string {
  if (column === undefined) return '未知列';
  return column.value ?? fieldLabel[column.field];
}

/**
 * A row's problems that put its values in doubt: errors, and warnings about
 * a value of the item (a cell not understood, a merged cell guessed). A cell
 * in a column that is not part of the directory says nothing about the item.
 */
function doubtsOf(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter(
    (d) => d.severity === 'error' || d.code === 'import/short-row' || d.code === 'import/filled-from-above' || (d.code === 'import/uninterpreted-cell' && d.field !== undefined),
  );
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
