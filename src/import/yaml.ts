import { Document, isMap, isScalar, isSeq } from 'yaml';
import type { YAMLMap } from 'yaml';
import type { CatalogueData } from '../catalogue/schema.js';

/** Short lists print on one line, as in the demo catalogue: `channels: [政府网站, 政务服务中心]`. */
const flowKeys = new Set(['channels', 'audience', 'method', 'levels']);

/**
 * The catalogue as YAML, shaped like the hand-written demo catalogue, with a
 * header comment naming the source file (its name only, so the same table
 * imports to the same bytes wherever it is).
 */
export function catalogueYaml(data: CatalogueData, sourceName: string): string {
  const doc = new Document(data);
  doc.commentBefore = [
    ` 由 handbook import 从「${sourceName}」导入。`,
    ' 导入时做了清理（繁体转简体、去掉多余空格、统一标点、拆分列表），印制前请与原表逐项核对。',
  ].join('\n');
  const root = doc.contents;
  if (isMap(root)) {
    for (const pair of root.items) {
      if (isScalar(pair.key) && pair.key.value === 'categories' && isSeq(pair.value)) {
        pair.key.spaceBefore = true;
        pair.value.items.forEach((category, i) => {
          if (i > 0 && isMap(category)) category.spaceBefore = true;
          if (isMap(category)) markFlowLists(category);
        });
      }
    }
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

function markFlowLists(category: YAMLMap): void {
  const items = category.get('items', true);
  if (!isSeq(items)) return;
  for (const item of items.items) {
    if (!isMap(item)) continue;
    for (const pair of item.items) {
      if (isScalar(pair.key) && flowKeys.has(String(pair.key.value)) && isSeq(pair.value)) pair.value.flow = true;
    }
  }
}
