import { describe, expect, it } from 'vitest';
import { alignShortRow } from '../../src/import/align.js';
import type { Column } from '../../src/import/header.js';
import type { Field } from '../../src/import/labels.js';
import type { SourceCell } from '../../src/import/table.js';

const at: SourceCell = { text: '', row: 1, column: 1 };
const col = (field: Field, value?: string): Column => (value === undefined ? { field, at } : { field, value, at });
/** The standard layout: 序号, 一级, 二级, 内容, 依据, 时限, 主体, 渠道, then six mark columns. */
const columns: Column[] = [
  col('seq'), col('category'), col('name'), col('content'), col('basis'), col('timeLimit'), col('subject'), col('channels'),
  col('audience', '全社会'), col('audience', '特定群体'), col('method', '主动'), col('method', '依申请'), col('levels', '县级'), col('levels', '乡级'),
];
const cells = (texts: string[], row = 2): SourceCell[] => texts.map((text, i) => ({ text, row, column: i + 1 }));
const above = cells(['1', '行政许可', '甲', '主体信息', '《条例》', '20个工作日内', '县级广播电视行政部门', '■政府网站', '√', '', '√', '', '√', ''], 1);

describe('alignShortRow', () => {
  it('finds the two merged columns a browser copy left out, by what the cells hold', () => {
    const row = cells(['2', '乙', '审核结果', '《办法》', '即时', '■政府网站', '√', '', '√', '', '', '√']);
    const aligned = alignShortRow(row, columns, above)!;
    expect(aligned.filled).toEqual([1, 6]);
    expect(aligned.cells.map((c) => c.text)).toEqual(['2', '行政许可', '乙', '审核结果', '《办法》', '即时', '县级广播电视行政部门', '■政府网站', '√', '', '√', '', '', '√']);
    // Taken cells keep the row they are on; moved cells keep their own position in the copy.
    expect(aligned.cells[6]).toEqual({ text: '县级广播电视行政部门', row: 2, column: 7 });
    expect(aligned.cells[7]).toEqual({ text: '■政府网站', row: 2, column: 6 });
  });
  it('prefers the category on a tie, and never a column whose cell above is blank', () => {
    const row = cells(['2', '乙', '审核结果', '《办法》', '即时', '县级广播电视行政部门', '■政府网站', '√', '', '√', '', '√', '']);
    expect(alignShortRow(row, columns, above)?.filled).toEqual([1]);
    const blankAbove = above.map((c, i) => (i === 1 ? { ...c, text: '' } : c));
    expect(alignShortRow(row, columns, blankAbove)?.filled).not.toContain(1);
  });
  it('gives up on rows that cannot be a copy of merged cells', () => {
    expect(alignShortRow(cells(['2', '乙']), columns, above)).toBeUndefined();
    expect(alignShortRow(cells(above.map((c) => c.text)), columns, above)).toBeUndefined();
    expect(alignShortRow(cells(['2', '乙', '审核结果']), columns, undefined)).toBeUndefined();
  });
});
