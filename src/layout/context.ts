import type { Handbook, Item } from '../catalogue/model.js';
import { chineseDate } from './helpers.js';
import type { Theme } from './theme.js';

/**
 * The view model templates see. It is plain data derived from the resolved
 * handbook, with the small conveniences a layout needs (numbering, the list
 * of channels in use) so templates stay free of logic.
 */
export function layoutContext(handbook: Handbook, theme: Theme, data: ReadonlyMap<string, unknown>) {
  const items: Item[] = handbook.categories.flatMap((c) => c.items);
  const glossary = (data.get('glossary') ?? {}) as { channels?: Record<string, string> };
  const channelNames = [...new Set(items.flatMap((i) => i.channels))];
  return {
    title: handbook.title,
    domain: handbook.domain,
    catalogue: {
      title: handbook.catalogueTitle,
      issuer: handbook.issuer,
      version: handbook.version,
      notice: handbook.notice,
    },
    locality: handbook.locality,
    edition: { ...handbook.edition, dateText: chineseDate(handbook.edition.date) },
    categories: handbook.categories.map((c, index) => ({ ...c, index: index + 1, count: c.items.length })),
    items,
    stats: { categories: handbook.categories.length, items: items.length },
    channels: channelNames.map((name) => ({ name, description: glossary.channels?.[name] })),
    hasApplication: items.some((i) => i.method.includes('依申请')),
    theme: { qrSize: theme.qr.size, qrEcc: theme.qr.ecc },
    data: Object.fromEntries(data),
  };
}

export type LayoutContext = ReturnType<typeof layoutContext>;
