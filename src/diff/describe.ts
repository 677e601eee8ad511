import { fieldLabels } from '../catalogue/fields.js';
import { isEmptyDiff } from './model.js';
import type { CatalogueDiff, CategoryChange, CategoryRef, DiffField, DiffKind, FieldChange, ItemChange } from './model.js';

/** One sentence of a change report, with what it is about so a page can group or filter sentences. */
export interface DiffEntry {
  readonly kind: DiffKind;
  /** The item the sentence is about (item kinds only). */
  readonly itemId?: string;
  /** Category code: the category itself, or the item's category (the new one; the old one for a removed item). */
  readonly category?: string;
  /** The changed field (`item-changed` only). */
  readonly field?: DiffField;
  /** Plain Chinese, no closing punctuation: 「新增事项 xzxk-10「某某审批」（行政许可）」. */
  readonly text: string;
}

/** What `formatDiff` says when the two versions agree. */
export const noChangesText = '没有变化。';

/**
 * Turns a diff into sentences for people, one per change: category changes
 * first, then item changes, in the diff's (stable) order; a changed item
 * gets one sentence per field. Used by `handbook diff` and by the
 * 「本版更新说明」 page.
 *
 * @returns an empty array when nothing changed.
 */
export function describeDiff(diff: CatalogueDiff): DiffEntry[] {
  return [...diff.categories.map(describeCategory), ...diff.items.flatMap(describeItem)];
}

/**
 * The report as text: one sentence a line, or 「没有变化。」 when nothing
 * changed. No trailing newline.
 */
export function formatDiff(diff: CatalogueDiff): string {
  return isEmptyDiff(diff) ? noChangesText : describeDiff(diff).map((e) => e.text).join('\n');
}

function describeCategory(change: CategoryChange): DiffEntry {
  const base = { kind: change.kind, category: change.code };
  switch (change.kind) {
    case 'category-added':
      return { ...base, text: `新增分类「${change.name}」` };
    case 'category-removed':
      return { ...base, text: `删去分类「${change.name}」` };
    case 'category-renamed':
      return { ...base, text: `分类「${change.oldName}」改名为「${change.newName}」` };
  }
}

function describeItem(change: ItemChange): DiffEntry[] {
  const item = `事项 ${change.id}「${change.name}」`;
  const base = { kind: change.kind, itemId: change.id };
  switch (change.kind) {
    case 'item-added':
      return [{ ...base, category: change.category.code, text: `新增事项 ${change.id}「${change.name}」（${change.category.name}）` }];
    case 'item-removed':
      return [{ ...base, category: change.category.code, text: `删去事项 ${change.id}「${change.name}」（${change.category.name}）` }];
    case 'item-moved': {
      // Two categories of the same name differ only by code; say which.
      const same = change.from.name === change.to.name;
      const label = (c: CategoryRef) => (same ? `「${c.name}」(${c.code})` : `「${c.name}」`);
      return [{ ...base, category: change.to.code, text: `${item}从${label(change.from)}移到${label(change.to)}` }];
    }
    case 'item-changed':
      return change.fields.map((f) => ({
        ...base,
        category: change.category.code,
        field: f.field,
        // The item's name in a sentence about its name would say the new name twice.
        text: describeField(f.field === 'name' ? `事项 ${change.id} ` : item, f),
      }));
  }
}

function describeField(item: string, change: FieldChange): string {
  const label = fieldLabels[change.field] ?? change.field;
  if (change.kind === 'list') {
    if (change.reordered) return `${item}的${label}调整了顺序`;
    const parts = [];
    if (change.added.length > 0) parts.push(`增加${quote(change.added)}`);
    if (change.removed.length > 0) parts.push(`删去${quote(change.removed)}`);
    return `${item}的${label}${parts.join('，')}`;
  }
  if (change.old === undefined) return `${item}增加${label}「${change.new ?? ''}」`;
  if (change.new === undefined) return `${item}删去${label}「${change.old}」`;
  return `${item}的${label}由「${change.old}」改为「${change.new}」`;
}

/** 「政府网站」「政务服务中心」: quoted items in a row take no 顿号 between them (GB/T 15834). */
function quote(values: readonly string[]): string {
  return values.map((v) => `「${v}」`).join('');
}
