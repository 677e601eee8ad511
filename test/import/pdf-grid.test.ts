import { describe, expect, it } from 'vitest';
import { tableFromPages } from '../../src/import/read/pdf-grid.js';
import type { PdfPage, PdfSegment, PdfText } from '../../src/import/read/pdf-grid.js';

/*
 * The geometry on hand-made pages: text pieces (top-left coordinates, 10-point
 * characters) and rules, as pdfjs would report them, without a PDF.
 */

const SIZE = 10;
/** A piece of text whose left edge is x and top is y; each character is SIZE wide. */
const t = (text: string, x: number, y: number): PdfText => ({ text, x, y, width: [...text].length * SIZE, height: SIZE });

interface Merge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/**
 * Rules of a grid drawn cell by cell, as pdfmake and Word draw them: every
 * edge of every small cell except those inside a merge (0-based, inclusive).
 */
function rules(xs: number[], ys: number[], merges: Merge[] = []): PdfSegment[] {
  const inside = (r: number, c: number) => merges.find((m) => r >= m.top && r <= m.bottom && c >= m.left && c <= m.right);
  const out: PdfSegment[] = [];
  for (let r = 0; r < ys.length - 1; r++) {
    for (let c = 0; c < xs.length - 1; c++) {
      const here = inside(r, c);
      // Left edge, unless the cell on the left is in the same merge.
      if (c === 0 || here === undefined || here !== inside(r, c - 1)) out.push({ x1: xs[c]!, x2: xs[c]!, y1: ys[r]!, y2: ys[r + 1]! });
      if (r === 0 || here === undefined || here !== inside(r - 1, c)) out.push({ x1: xs[c]!, x2: xs[c + 1]!, y1: ys[r]!, y2: ys[r]! });
    }
    out.push({ x1: xs[xs.length - 1]!, x2: xs[xs.length - 1]!, y1: ys[r]!, y2: ys[r + 1]! });
  }
  for (let c = 0; c < xs.length - 1; c++) out.push({ x1: xs[c]!, x2: xs[c + 1]!, y1: ys[ys.length - 1]!, y2: ys[ys.length - 1]! });
  return out;
}

const texts = (pages: PdfPage[]) => tableFromPages(pages, 'a.pdf')!.rows.map((r) => r.map((c) => c.text));

// Columns: 序号 | 事项名称 (60 wide: 5 characters after 5 points of padding) | 公开主体.
const xs = [0, 30, 100, 200];

describe('a ruled table', () => {
  it('takes cells from the rules: a merged cell is filled across the rows it spans; the title is the line above that names a 目录', () => {
    const ys = [100, 120, 150, 170];
    const page: PdfPage = {
      number: 1,
      texts: [
        t('某县某领域基层政务公开标准目录', 0, 60),
        t('附件1', 0, 40),
        t('序号', 5, 105),
        t('事项名称', 35, 105),
        t('公开主体', 105, 105),
        t('1', 5, 125),
        // Wrapped: the first line reaches the cell's right edge, so the next continues it.
        t('广播电视视频', 35, 125),
        t('点播', 35, 137),
        t('县级部门', 105, 125),
        t('2', 5, 155),
        t('设施审核', 35, 155),
      ],
      // An underline below the title crosses no vertical rule: not part of the table.
      segments: [...rules(xs, ys, [{ top: 1, left: 2, bottom: 2, right: 2 }]), { x1: 0, x2: 150, y1: 72, y2: 72 }],
    };
    const table = tableFromPages([page], 'a.pdf')!;
    expect(table.caption).toBe('某县某领域基层政务公开标准目录');
    expect(texts([page])).toEqual([
      ['序号', '事项名称', '公开主体'],
      ['1', '广播电视视频点播', '县级部门'],
      ['2', '设施审核', '县级部门'],
    ]);
    expect(table.rows[2]![2]).toEqual({ text: '县级部门', row: 3, column: 3 });
  });

  it('keeps a line break the author typed (the line ends short of the edge) as \\n', () => {
    const ys = [100, 120, 150];
    const page: PdfPage = {
      number: 1,
      texts: [t('序号', 5, 105), t('事项名称', 35, 105), t('公开主体', 105, 105), t('1', 5, 125), t('①主体', 35, 125), t('②结果', 35, 137), t('部门', 105, 125)],
      segments: rules(xs, ys),
    };
    expect(texts([page])[1]).toEqual(['1', '①主体\n②结果', '部门']);
  });

  it('joins pages: the repeated header is dropped, a merged cell broken over the page keeps its text, a broken row joins its row', () => {
    const header = [t('序号', 5, 105), t('事项名称', 35, 105), t('公开主体', 105, 105)];
    const page1: PdfPage = {
      number: 1,
      texts: [...header, t('1', 5, 125), t('甲', 35, 125), t('县级部门', 105, 125), t('2', 5, 155), t('乙事项名称很', 35, 155)],
      // 公开主体 merged from row 1 to the bottom of the page.
      segments: rules(xs, [100, 120, 150, 170], [{ top: 1, left: 2, bottom: 2, right: 2 }]),
    };
    const page2: PdfPage = {
      number: 2,
      // Header repeated; the rest of row 2 (its name's last line, the merged cell's empty rest); then row 3.
      texts: [...header, t('长', 35, 125), t('3', 5, 155), t('丙', 35, 155), t('乡级部门', 105, 155)],
      segments: rules(xs, [100, 120, 150, 170]),
    };
    expect(texts([page1, page2])).toEqual([
      ['序号', '事项名称', '公开主体'],
      ['1', '甲', '县级部门'],
      ['2', '乙事项名称很\n长', '县级部门'],
      ['3', '丙', '乡级部门'],
    ]);
  });
});

describe('a table without rules', () => {
  it('takes columns from the header, group labels over their columns, and rows from the sequence numbers', () => {
    const page: PdfPage = {
      number: 1,
      texts: [
        t('某县标准目录', 100, 20),
        t('序号', 0, 50),
        t('公开事项', 40, 50),
        t('公开内容', 160, 50),
        t('公开主体', 240, 50),
        t('公开对象', 320, 50),
        t('一级事项', 40, 65),
        t('二级事项', 100, 65),
        t('全社会', 320, 65),
        t('特定群体', 360, 65),
        t('1', 0, 90),
        t('行政许可', 40, 90),
        t('许可证审批', 100, 90),
        t('主体信息', 160, 90),
        t('县级部门', 240, 90),
        t('√', 320, 90),
        // The name's second line: still row 1. Its first line is the column's widest, so it was wrapped there.
        t('(乙种)', 100, 102),
        t('2', 0, 120),
        t('设施审核', 100, 120),
        t('审核结果', 160, 120),
        t('√', 360, 120),
        // Far below: the page footer, not a row.
        t('第 1 页', 200, 400),
      ],
      segments: [],
    };
    const table = tableFromPages([page], 'a.pdf')!;
    expect(table.caption).toBe('某县标准目录');
    expect(texts([page])).toEqual([
      ['序号', '公开事项', '公开事项', '公开内容', '公开主体', '公开对象', '公开对象'],
      ['序号', '一级事项', '二级事项', '公开内容', '公开主体', '全社会', '特定群体'],
      ['1', '行政许可', '许可证审批(乙种)', '主体信息', '县级部门', '√', ''],
      // Without rules a merged cell cannot be told from an empty one: left empty.
      ['2', '', '设施审核', '审核结果', '', '', '√'],
    ]);
  });

  it('finds no table on a page without a directory header, and none on pages without text', () => {
    expect(tableFromPages([{ number: 1, texts: [t('通知', 0, 0), t('各乡镇：', 0, 20)], segments: [] }], 'a.pdf')).toBeUndefined();
    expect(tableFromPages([{ number: 1, texts: [], segments: rules(xs, [0, 10, 20]) }], 'a.pdf')).toBeUndefined();
  });
});
