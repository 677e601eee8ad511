import type { Origin, SourcePosition } from '../diagnostics/diagnostic.js';
import type { ItemAttribute } from './fields.js';

/**
 * The resolved handbook: catalogue(s) merged with one locality's handbook
 * file. Read-only, absolute paths, defaults filled; nothing downstream looks
 * at raw YAML again.
 */
export interface Handbook {
  readonly title: string;
  readonly domain: string;
  readonly catalogueTitle: string;
  readonly issuer?: string;
  readonly version?: string;
  readonly notice?: string;
  readonly locality: Locality;
  readonly edition: Edition;
  /** Template folder name under templates/. */
  readonly template: string;
  /** Paper name as written (A5, A4, B5, 16K or WxHmm). */
  readonly paper: string;
  /** Where the template name came from: the file's `template` line, `--template` on the command line, or nowhere (the default). */
  readonly templateOrigin: Origin;
  /** Where the paper came from: a template made for one paper (a poster) overrides only the file's or the default. */
  readonly paperSource: 'option' | 'file' | 'default';
  /** Absolute output path. */
  readonly output: string;
  readonly categories: readonly Category[];
  /** Where the web twin lives, when the handbook file says (a `site:` section, or an `itemUrl`). */
  readonly site?: SiteConfig;
  /** Absolute paths of every file that went into this handbook. */
  readonly files: { readonly handbook: string; readonly catalogues: readonly string[] };
  /**
   * Where each handbook-level text was written, by dotted path (`title`,
   * `locality.agency`, `locality.serviceHalls.0.address`, `catalogue.notice`...),
   * so a problem found later (a character no font has) can point at it.
   */
  readonly origins: Readonly<Record<string, SourcePosition>>;
}

/**
 * The web twin's address. `configured` is true when the handbook file has a
 * `site:` section (item URLs are then derived from it and must lie under
 * `base`); false when the base was read off `itemUrl`.
 */
export interface SiteConfig {
  /** Absolute http(s) URL ending in `/`. */
  readonly base: string;
  /** One page holding every item, each at `page#id`. */
  readonly single: boolean;
  /** Single-page mode: the page's file name under `base`. */
  readonly page?: string;
  readonly configured: boolean;
}

export interface Locality {
  readonly name: string;
  readonly agency: string;
  readonly website?: string;
  readonly phone?: string;
  readonly address?: string;
  readonly hours?: string;
  readonly serviceHalls: readonly Contact[];
  readonly supervision: readonly Contact[];
}

export interface Contact {
  readonly name: string;
  readonly phone?: string;
  readonly address?: string;
  readonly hours?: string;
  readonly website?: string;
}

export interface Edition {
  readonly number: number;
  /** ISO date, YYYY-MM-DD. */
  readonly date: string;
}

export interface Category {
  readonly code: string;
  readonly name: string;
  /** Where the category's name was written. */
  readonly origin: SourcePosition;
  readonly items: readonly Item[];
}

export interface Item {
  readonly id: string;
  readonly name: string;
  readonly content: readonly string[];
  readonly basis: readonly string[];
  readonly timeLimit: string;
  readonly subject: string;
  readonly channels: readonly string[];
  readonly audience: readonly string[];
  readonly method: readonly string[];
  readonly levels: readonly string[];
  /** Always set after resolution when the handbook has an itemUrl or the item a url. */
  readonly url?: string;
  readonly note?: string;
  readonly sources?: readonly string[];
  /** Category code. */
  readonly category: string;
  /** 1-based position in the handbook, across categories. */
  readonly seq: number;
  /** Where the item and each of its fields were written (an override points into the handbook file). */
  readonly origin: SourcePosition;
  readonly fieldOrigins: Readonly<Partial<Record<ItemAttribute | 'name' | 'url' | 'note', SourcePosition>>>;
}
