import { itemAttributes } from '../catalogue/fields.js';
import type { Item } from '../catalogue/model.js';

/** Item fields compared element by element: a change is what was added and what was taken out. */
export const listFields = ['content', 'basis', 'channels', 'audience', 'method', 'levels', 'sources'] as const;
/** Item fields compared as one value: old → new. */
export const scalarFields = ['name', 'timeLimit', 'subject', 'url', 'note'] as const;

export type ListField = (typeof listFields)[number];
export type ScalarField = (typeof scalarFields)[number];
export type DiffField = ListField | ScalarField;

/** The order field changes are reported in: the order an item card prints them, unprinted fields last. */
export const diffFieldOrder: readonly DiffField[] = ['name', ...itemAttributes, 'url', 'note', 'sources'];

/**
 * What the diff needs of an item. Both a catalogue item (`ItemData`) and a
 * resolved handbook item (`Item`) have this shape, so one comparison serves
 * catalogue files and handbook files alike.
 */
export type DiffItem = Pick<Item, 'id' | DiffField>;

export interface DiffCategory {
  readonly code: string;
  readonly name: string;
  readonly items: readonly DiffItem[];
}

/** One version to compare: a catalogue's or a resolved handbook's categories, in print order. */
export interface DiffVersion {
  readonly categories: readonly DiffCategory[];
}

export interface CategoryRef {
  readonly code: string;
  readonly name: string;
}

export type CategoryChange =
  | { readonly kind: 'category-added'; readonly code: string; readonly name: string }
  | { readonly kind: 'category-removed'; readonly code: string; readonly name: string }
  | { readonly kind: 'category-renamed'; readonly code: string; readonly oldName: string; readonly newName: string };

export type FieldChange =
  | {
      readonly kind: 'list';
      readonly field: ListField;
      /** Elements of the new list that the old one lacks, in new order. */
      readonly added: readonly string[];
      /** Elements of the old list that the new one lacks, in old order. */
      readonly removed: readonly string[];
      /** Set only when the same elements now stand in another order. */
      readonly reordered?: true;
    }
  | {
      readonly kind: 'scalar';
      readonly field: ScalarField;
      /** Absent when the field was added (url, note). */
      readonly old?: string;
      /** Absent when the field was removed (url, note). */
      readonly new?: string;
    };

export type ItemChange =
  | { readonly kind: 'item-added'; readonly id: string; readonly name: string; readonly category: CategoryRef }
  | { readonly kind: 'item-removed'; readonly id: string; readonly name: string; readonly category: CategoryRef }
  | { readonly kind: 'item-moved'; readonly id: string; readonly name: string; readonly from: CategoryRef; readonly to: CategoryRef }
  | {
      readonly kind: 'item-changed';
      readonly id: string;
      /** The new name (a renamed item also has a `name` field change). */
      readonly name: string;
      readonly category: CategoryRef;
      readonly fields: readonly FieldChange[];
    };

/**
 * The changes from one version of a directory to the next, in report order:
 * categories and items by the new version's order, removals last by the old
 * version's order. An item that moved and also changed has an `item-moved`
 * record followed by an `item-changed` record. Items are matched by `id`,
 * categories by `code`.
 */
export interface CatalogueDiff {
  readonly categories: readonly CategoryChange[];
  readonly items: readonly ItemChange[];
}

export type DiffKind = CategoryChange['kind'] | ItemChange['kind'];

export function isEmptyDiff(diff: CatalogueDiff): boolean {
  return diff.categories.length === 0 && diff.items.length === 0;
}
