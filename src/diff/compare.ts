import { diffFieldOrder, listFields } from './model.js';
import type {
  CatalogueDiff,
  CategoryChange,
  CategoryRef,
  DiffCategory,
  DiffField,
  DiffItem,
  DiffVersion,
  FieldChange,
  ItemChange,
  ListField,
} from './model.js';

/**
 * Compares two versions of a directory: two catalogues (`CatalogueData`), two
 * resolved handbooks (`Handbook`), or one of each. Items are matched by `id`
 * and categories by `code`, so a renamed category keeps its items and an item
 * whose category code changed has moved. Both versions must have unique ids,
 * which the catalogue stage guarantees for anything it accepted.
 *
 * @returns the changes in report order (see `CatalogueDiff`); empty lists when the versions agree.
 */
export function diffCatalogues(oldVersion: DiffVersion, newVersion: DiffVersion): CatalogueDiff {
  const oldCategories = new Map(oldVersion.categories.map((c) => [c.code, c]));
  const newCodes = new Set(newVersion.categories.map((c) => c.code));
  const oldItems = indexItems(oldVersion);
  const newItems = indexItems(newVersion);

  const categories: CategoryChange[] = [];
  for (const cat of newVersion.categories) {
    const before = oldCategories.get(cat.code);
    if (!before) categories.push({ kind: 'category-added', code: cat.code, name: cat.name });
    else if (before.name !== cat.name) categories.push({ kind: 'category-renamed', code: cat.code, oldName: before.name, newName: cat.name });
  }
  for (const cat of oldVersion.categories) {
    if (!newCodes.has(cat.code)) categories.push({ kind: 'category-removed', code: cat.code, name: cat.name });
  }

  const items: ItemChange[] = [];
  for (const cat of newVersion.categories) {
    const category = refOf(cat);
    for (const item of cat.items) {
      const before = oldItems.get(item.id);
      if (!before) {
        items.push({ kind: 'item-added', id: item.id, name: item.name, category });
        continue;
      }
      if (before.category.code !== cat.code) {
        items.push({ kind: 'item-moved', id: item.id, name: item.name, from: refOf(before.category), to: category });
      }
      const fields = diffItemFields(before.item, item);
      if (fields.length > 0) items.push({ kind: 'item-changed', id: item.id, name: item.name, category, fields });
    }
  }
  for (const cat of oldVersion.categories) {
    for (const item of cat.items) {
      if (!newItems.has(item.id)) items.push({ kind: 'item-removed', id: item.id, name: item.name, category: refOf(cat) });
    }
  }
  return { categories, items };
}

function indexItems(version: DiffVersion): Map<string, { item: DiffItem; category: DiffCategory }> {
  const index = new Map<string, { item: DiffItem; category: DiffCategory }>();
  for (const category of version.categories) for (const item of category.items) index.set(item.id, { item, category });
  return index;
}

function refOf(category: DiffCategory): CategoryRef {
  return { code: category.code, name: category.name };
}

const listFieldSet: ReadonlySet<string> = new Set(listFields);

function isListField(field: DiffField): field is ListField {
  return listFieldSet.has(field);
}

/** Field-by-field changes of one item, in `diffFieldOrder`. */
export function diffItemFields(oldItem: DiffItem, newItem: DiffItem): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of diffFieldOrder) {
    if (isListField(field)) {
      const change = diffList(field, oldItem[field] ?? [], newItem[field] ?? []);
      if (change) changes.push(change);
    } else {
      const before = oldItem[field];
      const after = newItem[field];
      if (before === after) continue;
      changes.push({
        kind: 'scalar',
        field,
        ...(before !== undefined && { old: before }),
        ...(after !== undefined && { new: after }),
      });
    }
  }
  return changes;
}

/**
 * Element-level change of a list field. Lists are compared as multisets, so
 * an element written twice and now once counts as one removal.
 */
function diffList(field: ListField, before: readonly string[], after: readonly string[]): FieldChange | undefined {
  const added = subtract(after, before);
  const removed = subtract(before, after);
  if (added.length > 0 || removed.length > 0) return { kind: 'list', field, added, removed };
  // Same elements: only their order can differ, which still changes what is printed.
  if (before.every((v, i) => v === after[i])) return undefined;
  return { kind: 'list', field, added, removed, reordered: true };
}

/** The elements of `a` left after taking out one occurrence for each element of `b`, in `a`'s order. */
function subtract(a: readonly string[], b: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const v of b) left.set(v, (left.get(v) ?? 0) + 1);
  return a.filter((v) => {
    const n = left.get(v) ?? 0;
    if (n === 0) return true;
    left.set(v, n - 1);
    return false;
  });
}
