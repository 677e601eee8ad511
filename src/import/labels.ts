import type { ItemData } from '../catalogue/schema.js';

/*
 * The vocabulary of the standard table's headers and its check-mark columns,
 * with the variants real copies use. Labels are compared after cleaning
 * (simplified characters, no spaces).
 */

/** What a column holds: an item field, the category, or the row number. */
export type Field = 'seq' | 'category' | keyof Omit<ItemData, 'id' | 'url' | 'sources' | 'draft'>;

/** A header cell that groups sub-columns in the second header row. */
export type Group = 'item' | 'audience' | 'method' | 'levels';

const fieldPatterns: [RegExp, Field | 'item'][] = [
  [/^(序号?|编号)$/, 'seq'],
  [/一级|事项类别/, 'category'],
  [/二级|事项名称|具体事项/, 'name'],
  [/事项/, 'item'],
  [/内容|要素/, 'content'],
  [/依据/, 'basis'],
  [/时限/, 'timeLimit'],
  [/主体/, 'subject'],
  [/渠道|载体/, 'channels'],
  [/对象/, 'audience'],
  [/方式/, 'method'],
  [/层级/, 'levels'],
  [/备注/, 'note'],
];

/** The field (or group) a header label names; undefined when we do not know it. */
export function labelField(label: string): Field | 'item' | undefined {
  return fieldPatterns.find(([re]) => re.test(label))?.[1];
}

/** Fields whose header makes a row look like the directory's header. */
const headerFields = new Set<string>(['item', 'name', 'content', 'basis', 'timeLimit', 'subject', 'channels', 'audience', 'method', 'levels']);

/** How many different header fields a row names; four or more make it the header. */
export function headerScore(labels: readonly string[]): number {
  const seen = new Set<string>();
  for (const label of labels) {
    // Header labels are short; a data cell that happens to mention 主体 or 内容 is usually longer.
    const field = label === '' || label.length > 12 ? undefined : labelField(label);
    if (field !== undefined && headerFields.has(field)) seen.add(field);
  }
  return seen.size;
}

export function isGroup(field: Field | 'item' | undefined): field is Group {
  return field === 'item' || field === 'audience' || field === 'method' || field === 'levels';
}

/** 全社会, 特定群体; 特定群众 and 特定对象 are the same column in other copies. */
export function audienceValue(label: string): string | undefined {
  if (/全社会/.test(label)) return '全社会';
  if (/特定/.test(label)) return '特定群体';
  return undefined;
}

/** 主动, 依申请; 依申请公开 and 主动公开 are the same column in other copies. */
export function methodValue(label: string): string | undefined {
  if (/主动/.test(label)) return '主动';
  if (/依申请/.test(label)) return '依申请';
  return undefined;
}

/**
 * A level column's label as the catalogue writes it: 区县级 and 县（市、区）级
 * are 县级; 乡（镇）级, 乡、村级 and 乡镇街道 are 乡级; anything else (社区,
 * 村级) is kept as written, because levels are free text in the contract.
 */
export function levelValue(label: string): string {
  if (/县/.test(label) || /^(市辖)?区级?$/.test(label)) return '县级';
  if (/[乡镇]|街道/.test(label)) return '乡级';
  return label;
}

/** The sub-column value a second-row label gives within a group, or undefined if it does not belong there. */
export function subColumn(group: Group, label: string): { field: Field; value?: string } | undefined {
  switch (group) {
    case 'item': {
      const field = labelField(label);
      return field === 'category' || field === 'name' ? { field } : undefined;
    }
    case 'audience': {
      const value = audienceValue(label);
      return value === undefined ? undefined : { field: 'audience', value };
    }
    case 'method': {
      const value = methodValue(label);
      return value === undefined ? undefined : { field: 'method', value };
    }
    case 'levels':
      // Any label may name a level, but not one that belongs to another group.
      return labelField(label) === undefined && audienceValue(label) === undefined && methodValue(label) === undefined
        ? { field: 'levels', value: levelValue(label) }
        : undefined;
  }
}

/** Second-row labels of the standard table, exactly (a data cell 「全社会、特定群体」 is not one). */
const subLabel = /^((一级|二级)事项?|事项名称|全社会|特定(群体|群众|对象|人群)|(主动|依申请)(公开)?|[县乡]级)$/;
/** Other level sub-columns seen in copies: 区县级, 乡镇街道, 乡（镇）级, 社区, 村级. */
const levelLike = /^.{0,5}(级|社区|村|街道|镇|乡|县|区)$/;

/**
 * Whether the row under the header is its second row: at least two standard
 * sub-labels, and nothing else but level-like labels, blanks, or the label
 * above repeated (a vertically merged header cell filled in).
 */
export function isSubHeader(top: readonly string[], row: readonly string[]): boolean {
  let standard = 0;
  for (const [i, label] of row.entries()) {
    if (label === '' || label === top[i]) continue;
    if (subLabel.test(label)) standard++;
    else if (!levelLike.test(label)) return false;
  }
  return standard >= 2;
}

/** Chinese names of fields, for messages: 「公开依据」. */
export const fieldLabel: Record<Field, string> = {
  seq: '序号',
  category: '一级事项',
  name: '事项名称',
  content: '公开内容',
  basis: '公开依据',
  timeLimit: '公开时限',
  subject: '公开主体',
  channels: '公开渠道和载体',
  audience: '公开对象',
  method: '公开方式',
  levels: '公开层级',
  note: '备注',
};
