import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { cleanName } from './clean/text.js';
import type { Field } from './labels.js';
import { fieldLabel, headerScore, isGroup, isSubHeader, labelField, subColumn } from './labels.js';
import { cellPosition } from './table.js';
import type { SourceCell, SourceTable } from './table.js';
import { itemAttributes } from '../catalogue/fields.js';

/*
 * The header is found by what it says, not where it is: titles, notes and
 * blank rows may come first, and columns may be in any order or extra. The
 * standard header has two rows; the second names the sub-columns of 公开事项
 * (一级/二级事项) and the check-mark columns of 公开对象, 公开方式, 公开层级.
 *
 * Two layouts occur. In a spreadsheet, CSV or HTML table the rows are
 * aligned: a group label spans its sub-columns (merged, or blank after it).
 * Text copied from a browser is compact: each label appears once and the
 * second row lists only the sub-labels. Aligned is tried first.
 */

export interface Column {
  field: Field;
  /** For a check-mark column: the value a mark selects (全社会, 依申请, 县级…). */
  value?: string;
  /** The header cell that names the column, for messages. */
  at: SourceCell;
}

export interface Header {
  /** Index in `table.rows` of the first header row. */
  index: number;
  height: 1 | 2;
  /** The column of the i-th cell of a data row; undefined for a column that is not read. */
  columns: (Column | undefined)[];
  diagnostics: Diagnostic[];
}

const requiredFields: Field[] = ['name', ...itemAttributes];

/** Finds the header rows and what each column holds; undefined when no row looks like the header. */
export function findHeader(table: SourceTable, file: string): Header | undefined {
  const index = table.rows.findIndex((row) => headerScore(labelsOf(row)) >= 4);
  if (index < 0) return undefined;
  const top = table.rows[index] as SourceCell[];
  const next = table.rows[index + 1] ?? [];
  const hasSub = isSubHeader(labelsOf(top), labelsOf(next));
  const diagnostics: Diagnostic[] = [];
  let columns: (Column | undefined)[] | undefined;
  if (!hasSub) columns = singleRow(top, file, diagnostics);
  else {
    columns = aligned(top, next, file, diagnostics) ?? compact(top, next, file, diagnostics);
    if (columns === undefined) {
      const at = next.find((c) => c.text.trim() !== '') ?? top[0];
      diagnostics.push(
        diagnostic('error', 'import/header', '表头第二行（一级事项、全社会、主动、县级……）与第一行对不上', cellPosition(file, at), {
          hint: '请检查表头是否完整：第二行的每个小列都应位于「公开事项」「公开对象」「公开方式」「公开层级」之下。',
        }),
      );
      columns = [];
    }
  }
  checkColumns(columns, top, file, diagnostics);
  return { index, height: hasSub ? 2 : 1, columns, diagnostics };
}

/** Cleaned labels of a row, '' for blank cells. */
export function labelsOf(row: readonly SourceCell[]): string[] {
  return row.map((c) => cleanName(c.text));
}

function singleRow(top: readonly SourceCell[], file: string, diagnostics: Diagnostic[]): (Column | undefined)[] {
  return top.map((cell) => {
    const label = cleanName(cell.text);
    return label === '' ? undefined : columnOf(label, cell, file, diagnostics);
  });
}

/** A column from a label that stands alone: 公开事项 alone holds the item name; 公开对象 alone holds text. */
function columnOf(label: string, cell: SourceCell, file: string, diagnostics: Diagnostic[]): Column | undefined {
  const field = labelField(label);
  if (field === undefined) {
    diagnostics.push(unknownColumn(label, cell, file));
    return undefined;
  }
  return { field: field === 'item' ? 'name' : field, at: cell };
}

function aligned(top: readonly SourceCell[], sub: readonly SourceCell[], file: string, diagnostics: Diagnostic[]): (Column | undefined)[] | undefined {
  const found: Diagnostic[] = [];
  const columns: (Column | undefined)[] = [];
  let group: { label: string; cell: SourceCell } | undefined;
  for (let i = 0; i < Math.max(top.length, sub.length); i++) {
    const topCell = top[i];
    const t = topCell ? cleanName(topCell.text) : '';
    const s = sub[i] ? cleanName((sub[i] as SourceCell).text) : '';
    // A blank first-row cell continues the label on its left (merged, or left blank by a CSV export).
    if (t !== '' && topCell) group = { label: t, cell: topCell };
    if (group === undefined || (t === '' && s === '')) {
      columns.push(undefined);
      continue;
    }
    if (s === '' || s === group.label) {
      // The second row is blank or repeats a vertically merged label: one column.
      columns.push(t === '' ? undefined : columnOf(group.label, group.cell, file, found));
      continue;
    }
    const field = labelField(group.label);
    const column = isGroup(field) ? subColumn(field, s) : undefined;
    if (column === undefined) return undefined;
    columns.push({ ...column, at: sub[i] as SourceCell });
  }
  diagnostics.push(...found);
  return columns;
}

function compact(top: readonly SourceCell[], sub: readonly SourceCell[], file: string, diagnostics: Diagnostic[]): (Column | undefined)[] | undefined {
  const found: Diagnostic[] = [];
  const queue = sub.filter((c) => cleanName(c.text) !== '');
  const columns: (Column | undefined)[] = [];
  for (const cell of top) {
    const label = cleanName(cell.text);
    if (label === '') continue;
    const field = labelField(label);
    const taken: Column[] = [];
    for (let next = queue[0]; isGroup(field) && next !== undefined; next = queue[0]) {
      const column = subColumn(field, cleanName(next.text));
      if (column === undefined) break;
      taken.push({ ...column, at: next });
      queue.shift();
    }
    if (taken.length > 0) columns.push(...taken);
    else columns.push(columnOf(label, cell, file, found));
  }
  if (queue.length > 0) return undefined;
  diagnostics.push(...found);
  return columns;
}

/**
 * Every required field needs a column. A text field named by two columns is
 * read from the first; the second is reported rather than silently dropped.
 */
function checkColumns(columns: (Column | undefined)[], top: readonly SourceCell[], file: string, diagnostics: Diagnostic[]): void {
  const seen = new Set<string>();
  columns.forEach((column, i) => {
    if (column === undefined) return;
    const key = `${column.field}:${column.value ?? ''}`;
    if (seen.has(key) && column.field !== 'seq') {
      diagnostics.push(
        diagnostic('warning', 'import/duplicate-column', `又一列「${fieldLabel[column.field]}」，这一列的内容不会导入`, cellPosition(file, column.at), {
          hint: '只读取第一列；如果两列内容不同，请在原表中合并为一列。',
        }),
      );
      columns[i] = undefined;
    }
    seen.add(key);
  });
  const at = top.find((c) => c.text.trim() !== '');
  const where = cellPosition(file, at);
  for (const field of requiredFields) {
    if (!columns.some((c) => c?.field === field)) {
      diagnostics.push(
        diagnostic('error', 'import/missing-column', `表头中找不到「${fieldLabel[field]}」列`, where, {
          field,
          hint: '导入需要标准目录的全部列；请在原表中补上这一列，或检查列名是否写错。',
        }),
      );
    }
  }
}

function unknownColumn(label: string, cell: SourceCell, file: string): Diagnostic {
  return diagnostic('warning', 'import/unknown-column', `不认识的列「${label}」，这一列的内容不会导入`, cellPosition(file, cell), {
    hint: '如果这一列是目录的内容，请把列名改为标准名称（如「公开依据」「备注」）。',
  });
}
