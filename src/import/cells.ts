import type { ItemData } from '../catalogue/schema.js';
import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { cleanName, cleanText } from './clean/text.js';
import type { Column } from './header.js';
import type { Field } from './labels.js';
import { audienceValue, fieldLabel, levelValue, methodValue } from './labels.js';
import { cellPosition } from './table.js';
import type { SourceCell } from './table.js';
import { readChannels } from './values/channels.js';
import { splitBasis, splitList } from './values/lists.js';
import { chosenMarks, readMark } from './values/marks.js';
import { itemAttributes } from '../catalogue/fields.js';

type ListField = 'content' | 'basis' | 'channels' | 'audience' | 'method' | 'levels';
type TextField = 'name' | 'timeLimit' | 'subject' | 'note';

/** Every item must state the eight 公开 attributes. */
const requiredFields = itemAttributes;

/**
 * Reads one data row's cells into an item's fields. Uninterpretable text is
 * reported as a warning at its cell and left out; a required field left
 * empty is an error, because the catalogue would not pass its contract.
 */
export function readCells(
  cells: readonly SourceCell[],
  columns: readonly (Column | undefined)[],
  cellAt: (i: number) => SourceCell,
  file: string,
): { item: Omit<ItemData, 'id'>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const lists: Record<ListField, string[]> = { content: [], basis: [], channels: [], audience: [], method: [], levels: [] };
  const texts: Partial<Record<TextField, string>> = {};
  const firstCell = new Map<Field, SourceCell>();
  const unread = (cell: SourceCell, field: Field | undefined, text: string, hint?: string) =>
    diagnostics.push(uninterpreted(cell, field, text, file, hint));

  const width = Math.max(columns.length, cells.length);
  for (let i = 0; i < width; i++) {
    const cell = cellAt(i);
    const column = columns[i];
    if (column === undefined) {
      if (cleanText(cell.text) !== '') unread(cell, undefined, cell.text.trim());
      continue;
    }
    const { field } = column;
    if (!firstCell.has(field)) firstCell.set(field, cell);
    switch (field) {
      case 'seq':
      case 'category':
        break;
      case 'name':
        texts.name = cleanText(cell.text).replace(/^([（(]\d{1,2}[)）]|\d{1,2}[.．、])\s*/, '');
        break;
      case 'timeLimit':
      case 'subject':
      case 'note':
        texts[field] = cleanText(cell.text);
        break;
      case 'content':
        lists.content.push(...splitList(cell.text));
        break;
      case 'basis':
        lists.basis.push(...splitBasis(cell.text));
        break;
      case 'channels': {
        const read = readChannels(cell.text);
        lists.channels.push(...read.values);
        for (const text of read.unread) unread(cell, field, text, '勾选的渠道前用 ■，未勾选的用 □。');
        break;
      }
      case 'audience':
      case 'method':
      case 'levels':
        if (column.value !== undefined) {
          const mark = readMark(cell.text);
          if (mark === true) lists[field].push(column.value);
          else if (mark === undefined) unread(cell, field, cell.text.trim(), `在选中的小列中填写 ${chosenMarks} 之一，其余留空。`);
        } else {
          for (const word of cell.text.split(/[\s、，,；;/]+/).map(cleanName).filter((w) => w !== '')) {
            const value = field === 'audience' ? audienceValue(word) : field === 'method' ? methodValue(word) : levelValue(word);
            if (value !== undefined) lists[field].push(value);
            else unread(cell, field, word, field === 'audience' ? '公开对象应为「全社会」或「特定群体」。' : '公开方式应为「主动」或「依申请」。');
          }
        }
        break;
    }
  }

  const item: Omit<ItemData, 'id'> = {
    name: texts.name ?? '',
    content: lists.content,
    basis: lists.basis,
    timeLimit: texts.timeLimit ?? '',
    subject: texts.subject ?? '',
    channels: unique(lists.channels),
    audience: unique(lists.audience) as ItemData['audience'],
    method: unique(lists.method) as ItemData['method'],
    levels: unique(lists.levels),
  };
  if (texts.note) item.note = texts.note;

  for (const field of requiredFields) {
    const value = item[field];
    const cell = firstCell.get(field);
    // A field without a column was reported once, at the header.
    if (cell === undefined || value.length > 0) continue;
    diagnostics.push(
      diagnostic('error', 'import/missing-value', `事项「${item.name}」的「${fieldLabel[field]}」为空`, cellPosition(file, cell), {
        field,
        hint: '请在原表中补上这一项。如果原表用了合并单元格，请导入 .xlsx 文件，或先取消合并并填充后再导出。',
      }),
    );
  }
  return { item, diagnostics };
}

function uninterpreted(cell: SourceCell, field: Field | undefined, text: string, file: string, hint?: string): Diagnostic {
  const message =
    field === undefined ? `这一列不属于目录，单元格「${text}」未导入` : `无法识别「${fieldLabel[field]}」中的「${text}」，未导入`;
  const extra: { field?: string; hint?: string } = {};
  if (field !== undefined) extra.field = field;
  if (hint !== undefined) extra.hint = hint;
  return diagnostic('warning', 'import/uninterpreted-cell', message, cellPosition(file, cell), extra);
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
