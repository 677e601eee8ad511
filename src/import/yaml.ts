import { Document, isMap, isScalar, isSeq } from 'yaml';
import type { YAMLMap } from 'yaml';
import type { CatalogueData } from '../catalogue/schema.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';

/** Short lists print on one line, as in the demo catalogue: `channels: [政府网站, 政务服务中心]`. */
const flowKeys = new Set(['channels', 'audience', 'method', 'levels']);

/**
 * The catalogue as YAML, shaped like the hand-written demo catalogue, with a
 * header comment naming the source file (its name only, so the same table
 * imports to the same bytes wherever it is).
 */
export function catalogueYaml(data: CatalogueData, sourceName: string, doubts: ReadonlyMap<string, readonly Diagnostic[]> = new Map()): string {
  const doc = new Document(data);
  doc.commentBefore = [
    ` 由 handbook import 从「${sourceName}」导入。`,
    ' 导入时做了清理（繁体转简体、去掉多余空格、统一标点、拆分列表），印制前请与原表逐项核对。',
    ...(doubts.size === 0
      ? []
      : [
          ` 这是草稿：${doubts.size} 个事项标有「draft: true」，它们有导入时无法确认的内容，见各处「待核对」注释。`,
          ' 对照原表改正后，删除该事项的 draft 这一行；还有 draft 标记的目录不能通过检查，也不能生成手册。',
        ]),
  ].join('\n');
  const root = doc.contents;
  if (isMap(root)) {
    for (const pair of root.items) {
      if (isScalar(pair.key) && pair.key.value === 'categories' && isSeq(pair.value)) {
        pair.key.spaceBefore = true;
        pair.value.items.forEach((category, i) => {
          if (i > 0 && isMap(category)) category.spaceBefore = true;
          if (isMap(category)) {
            markFlowLists(category);
            markDoubts(doc, category, doubts);
          }
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

/**
 * Marks each doubtful item of a draft: `draft: true` after its name, and a
 * 「待核对」 comment with the source cell and the problem above the field it
 * concerns (above `draft` when it concerns the row as a whole).
 */
function markDoubts(doc: Document, category: YAMLMap, doubts: ReadonlyMap<string, readonly Diagnostic[]>): void {
  const items = category.get('items', true);
  if (!isSeq(items)) return;
  for (const item of items.items) {
    if (!isMap(item)) continue;
    const list = doubts.get(String(item.get('id')));
    if (list === undefined) continue;
    const nameAt = item.items.findIndex((p) => isScalar(p.key) && p.key.value === 'name');
    const draft = doc.createPair('draft', true);
    item.items.splice(nameAt + 1, 0, draft);
    const notes = new Map<object, string[]>();
    for (const d of list) {
      const pair = d.field === undefined ? undefined : item.items.find((p) => isScalar(p.key) && p.key.value === d.field);
      const key = (pair ?? draft).key as object;
      const where = d.line === undefined ? '' : `（原表第 ${d.line} 行${d.column === undefined ? '' : `第 ${d.column} 列`}）`;
      notes.set(key, [...(notes.get(key) ?? []), ` 待核对${where}：${d.message}`]);
    }
    for (const [key, lines] of notes) (key as { commentBefore?: string }).commentBefore = lines.join('\n');
  }
}
