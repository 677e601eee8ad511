import { cleanName } from '../clean/text.js';
import { headerScore, isGroup, labelField } from '../labels.js';
import type { MergedRange, SourceTable } from '../table.js';
import { fillMerges, tableFromTexts } from '../table.js';

/*
 * Pure geometry: the text pieces and ruling lines of a PDF's pages → one
 * table. No pdfjs here, so every rule can be tested with hand-made pages.
 *
 * A PDF has no table, only text drawn at places and lines drawn between
 * them. When the table is ruled (Word, WPS and Excel print borders as lines
 * or thin filled rectangles), the rules give the cells, and a cell that no
 * rule divides is a merged cell. Without rules, columns come from the
 * header's x-ranges and rows from the sequence-number column (序号 1, 2, 3…).
 * Coordinates are in points from the page's top left, y growing downwards.
 */

/** A piece of text as pdfjs reports it, moved to top-left coordinates. */
export interface PdfText {
  text: string;
  /** Left edge and top of the glyph box. */
  x: number;
  y: number;
  width: number;
  /** Font size: the glyph box's height. */
  height: number;
}

/** A horizontal or vertical stroke (a rule), x1 ≤ x2 and y1 ≤ y2. */
export interface PdfSegment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface PdfPage {
  /** 1-based page number. */
  number: number;
  texts: PdfText[];
  segments: PdfSegment[];
}

/** A page's table: its rows of cell texts, merged cells already copied into the cells they cover. */
interface PageTable {
  rows: string[][];
  /** Per row and column: the cell is part of a range that spans rows and reaches the table's bottom. */
  openBottom: boolean[][];
  /** Text lines above the table, for the title. */
  above: string[];
}

/** Points within which two rule positions are the same. */
const SNAP = 1.5;

/**
 * One table from the pages, or undefined when no page has text that looks
 * like a directory table. Repeated header rows on later pages are dropped;
 * a row broken over a page joins the row before it; a merged cell broken
 * over a page (empty at the top of the next page) keeps its text.
 *
 * `row` of each cell is the table's row counted from its top over all pages
 * (repeated headers not counted); `column` the column, merged cells counted
 * as the columns they span.
 */
export function tableFromPages(pages: readonly PdfPage[], file: string): SourceTable | undefined {
  const tables = pages.map((page) => pageTable(page, file)).filter((t): t is PageTable => t !== undefined && t.rows.length > 0);
  const first = tables[0];
  if (first === undefined) return undefined;
  const seq = sequenceColumn(first.rows);
  const isNumbered = (row: readonly string[]) => /^\d{1,5}$/.test(cleanName(row[seq] ?? ''));
  const headerCount = Math.max(0, first.rows.findIndex(isNumbered));
  const headerKeys = first.rows.slice(0, headerCount).map(rowKey);
  const rows: string[][] = [...first.rows];
  let lastOpenBottom = first.openBottom[first.openBottom.length - 1] ?? [];
  for (const table of tables.slice(1)) {
    let start = 0;
    // The header repeated at the top of the page: the same rows as on the first page.
    while (start < table.rows.length && start < headerKeys.length && rowKey(table.rows[start]!) === headerKeys[start]) start++;
    for (let r = start; r < table.rows.length; r++) {
      const row = table.rows[r]!;
      const previous = rows[rows.length - 1];
      if (previous !== undefined && r === start) {
        // A merged cell broken over the page: its text stays on the page before.
        row.forEach((text, c) => {
          if (text.trim() === '' && lastOpenBottom[c]) row[c] = previous[c] ?? '';
        });
      }
      if (previous !== undefined && r === start && !isNumbered(row) && rows.length > headerCount && row.some((t) => t.trim() !== '')) {
        // A row broken over the page (no sequence number of its own): its lines continue the row before.
        row.forEach((text, c) => {
          if (text.trim() !== '' && text !== previous[c]) previous[c] = previous[c] ? `${previous[c]}\n${text}` : text;
        });
        continue;
      }
      rows.push(row);
    }
    lastOpenBottom = table.openBottom[table.openBottom.length - 1] ?? [];
  }
  const caption = first.above.find((line) => line.includes('目录') || line.includes('目錄'));
  const table: SourceTable = { rows: tableFromTexts(rows) };
  if (caption !== undefined) table.caption = caption;
  return table;
}

/** The column whose header says 序号, else the first. */
function sequenceColumn(rows: readonly string[][]): number {
  for (const row of rows.slice(0, 4)) {
    const c = row.findIndex((t) => /^(序号|编号)$/.test(cleanName(t)));
    if (c >= 0) return c;
  }
  return 0;
}

function rowKey(row: readonly string[]): string {
  return row.map((t) => t.replace(/\s+/g, '')).join('\u0000');
}

/** The table of one page: from its rules when it has a ruled grid, else from text positions. */
export function pageTable(page: PdfPage, file: string): PageTable | undefined {
  const texts = page.texts.filter((t) => t.text.trim() !== '');
  if (texts.length === 0) return undefined;
  return ruledTable(texts, page.segments, file) ?? unruledTable(texts);
}

// ---------------------------------------------------------------- ruled tables

interface Rule {
  /** Position across the rule (y of a horizontal, x of a vertical). */
  at: number;
  from: number;
  to: number;
}

/**
 * Cells from rules. The rules' positions make a grid of small cells; two
 * neighbours with no rule between them belong to one merged cell, as a
 * person reading the printout sees it.
 */
function ruledTable(texts: PdfText[], segments: readonly PdfSegment[], file: string): PageTable | undefined {
  let horizontal = joinRules(segments.filter((s) => s.y2 - s.y1 < SNAP && s.x2 - s.x1 > SNAP).map((s) => ({ at: (s.y1 + s.y2) / 2, from: s.x1, to: s.x2 })));
  let vertical = joinRules(segments.filter((s) => s.x2 - s.x1 < SNAP && s.y2 - s.y1 > SNAP).map((s) => ({ at: (s.x1 + s.x2) / 2, from: s.y1, to: s.y2 })));
  // Rules that cross no rule of the other direction are underlines or frames, not the table.
  const crosses = (a: Rule, others: Rule[]) => others.filter((b) => b.at >= a.from - SNAP && b.at <= a.to + SNAP && a.at >= b.from - SNAP && a.at <= b.to + SNAP).length;
  horizontal = horizontal.filter((h) => crosses(h, vertical) >= 2);
  vertical = vertical.filter((v) => crosses(v, horizontal) >= 2);
  const ys = positions(horizontal);
  const xs = positions(vertical);
  if (ys.length < 2 || xs.length < 2) return undefined;
  const rowsN = ys.length - 1;
  const colsN = xs.length - 1;
  // Union-find over the small cells: parent index per cell.
  const parent = Array.from({ length: rowsN * colsN }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const join = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const covers = (rules: Rule[], at: number, mid: number) => rules.some((r) => Math.abs(r.at - at) < SNAP && r.from - SNAP <= mid && r.to + SNAP >= mid);
  for (let r = 0; r < rowsN; r++) {
    const midY = (ys[r]! + ys[r + 1]!) / 2;
    for (let c = 0; c < colsN; c++) {
      const midX = (xs[c]! + xs[c + 1]!) / 2;
      if (c + 1 < colsN && !covers(vertical, xs[c + 1]!, midY)) join(r * colsN + c, r * colsN + c + 1);
      if (r + 1 < rowsN && !covers(horizontal, ys[r + 1]!, midX)) join(r * colsN + c, (r + 1) * colsN + c);
    }
  }
  // Each merged cell's extent, by its root.
  const ranges = new Map<number, MergedRange>();
  for (let r = 0; r < rowsN; r++) {
    for (let c = 0; c < colsN; c++) {
      const root = find(r * colsN + c);
      const range = ranges.get(root);
      if (range === undefined) ranges.set(root, { top: r + 1, left: c + 1, bottom: r + 1, right: c + 1 });
      else {
        range.top = Math.min(range.top, r + 1);
        range.left = Math.min(range.left, c + 1);
        range.bottom = Math.max(range.bottom, r + 1);
        range.right = Math.max(range.right, c + 1);
      }
    }
  }
  const pieces = new Map<number, PdfText[]>();
  const above: PdfText[] = [];
  for (const t of texts) {
    const cx = t.x + t.width / 2;
    const cy = t.y + t.height / 2;
    const c = interval(xs, cx);
    const r = interval(ys, cy);
    if (r === undefined || c === undefined) {
      if (cy < ys[0]!) above.push(t);
      continue;
    }
    const root = find(r * colsN + c);
    const list = pieces.get(root);
    if (list) list.push(t);
    else pieces.set(root, [t]);
  }
  const grid = Array.from({ length: rowsN }, () => Array<string>(colsN).fill(''));
  for (const [root, range] of ranges) grid[range.top - 1]![range.left - 1] = cellText(pieces.get(root) ?? [], { left: xs[range.left - 1]!, right: xs[range.right]! });
  const rows = tableFromTexts(grid);
  const merged = [...ranges.values()].filter((g) => g.bottom > g.top || g.right > g.left);
  fillMerges(rows, merged, file);
  const openBottom = grid.map(() => Array<boolean>(colsN).fill(false));
  for (const g of ranges.values()) {
    for (let c = g.left; c <= g.right; c++) {
      if (g.bottom === rowsN && g.bottom > g.top) for (let r = g.top; r <= g.bottom; r++) openBottom[r - 1]![c - 1] = true;
    }
  }
  return { rows: rows.map((row) => row.map((cell) => cell.text)), openBottom, above: lines(above).map((l) => l.text) };
}

/** Collinear rules that touch or overlap become one: pdfmake and Word draw each cell's border on its own. */
function joinRules(rules: Rule[]): Rule[] {
  const sorted = [...rules].sort((a, b) => a.at - b.at || a.from - b.from);
  const out: Rule[] = [];
  for (const rule of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && Math.abs(last.at - rule.at) < SNAP && rule.from <= last.to + SNAP) last.to = Math.max(last.to, rule.to);
    else out.push({ ...rule });
  }
  return out;
}

/** The distinct positions of rules, near ones taken as one. */
function positions(rules: readonly Rule[]): number[] {
  const out: number[] = [];
  for (const at of rules.map((r) => r.at).sort((a, b) => a - b)) {
    if (out.length === 0 || at - out[out.length - 1]! >= SNAP) out.push(at);
  }
  return out;
}

/** Index of the interval of sorted `edges` that holds `v`, if any. */
function interval(edges: readonly number[], v: number): number | undefined {
  for (let i = 0; i + 1 < edges.length; i++) if (v >= edges[i]! && v < edges[i + 1]!) return i;
  return undefined;
}

// ---------------------------------------------------------------- text lines

interface Line {
  y: number;
  height: number;
  pieces: PdfText[];
  text: string;
}

/** Pieces grouped into lines (same baseline band), top to bottom, each left to right. */
function lines(pieces: readonly PdfText[]): Line[] {
  const sorted = [...pieces].sort((a, b) => a.y - b.y || a.x - b.x);
  const out: Line[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    // Pieces of one line share most of their height; the next line starts below the middle of this one.
    if (last !== undefined && p.y < last.y + last.height / 2) {
      last.pieces.push(p);
      last.height = Math.max(last.height, p.height);
    } else out.push({ y: p.y, height: p.height, pieces: [p], text: '' });
  }
  for (const line of out) {
    line.pieces.sort((a, b) => a.x - b.x);
    let text = '';
    let right = -Infinity;
    for (const p of line.pieces) {
      // A visible gap between pieces is a space the writer left out (pdfmake and Word drop spaces between runs).
      if (text !== '' && p.x - right > p.height * 0.3 && !text.endsWith(' ')) text += ' ';
      text += p.text;
      right = p.x + p.width;
    }
    line.text = text.trim();
  }
  return out;
}

/**
 * A cell's text: its lines in reading order. A line that reaches the cell's
 * right edge was wrapped by the writer, so the next line continues it (a
 * 《…》 title must stay one piece); any other line ended where its author
 * pressed Enter, and is joined by \n as the other readers do. The edge is
 * the cell's right side less the padding seen on its left.
 */
export function cellText(pieces: readonly PdfText[], box?: { left: number; right: number }): string {
  const found = lines(pieces).filter((l) => l.text !== '');
  if (found.length === 0) return '';
  const pad = box === undefined ? 0 : Math.max(0, Math.min(...found.map((l) => l.pieces[0]!.x)) - box.left);
  let text = found[0]!.text;
  for (let i = 1; i < found.length; i++) {
    const before = found[i - 1]!;
    const last = before.pieces[before.pieces.length - 1]!;
    const wrapped = box !== undefined && box.right - pad - (last.x + last.width) < before.height * 1.2;
    const next = found[i]!.text;
    // Latin words wrap at a space the writer did not draw; Chinese wraps anywhere and needs none.
    text += !wrapped ? `\n${next}` : /[A-Za-z0-9]$/.test(text) && /^[A-Za-z0-9]/.test(next) ? ` ${next}` : next;
  }
  return text;
}

// ---------------------------------------------------------------- tables without rules

/**
 * Columns from the header, rows from the sequence numbers. The header is
 * the first line naming at least three directory columns; it runs down to
 * the first line with a number in the 序号 column. Header pieces with two or
 * more header pieces under them are group labels (公开事项 over 一级事项 and
 * 二级事项); the others give the columns' x-ranges. A merged cell prints in
 * one row only, so the rows it also covers are left empty here.
 */
function unruledTable(texts: PdfText[]): PageTable | undefined {
  const all = lines(texts);
  const headerAt = all.findIndex((l) => headerScore(l.pieces.map((p) => cleanName(p.text))) >= 3);
  if (headerAt < 0) return undefined;
  const seqPiece = all[headerAt]!.pieces.find((p) => /^(序号|编号)$/.test(cleanName(p.text)));
  const seqRight = seqPiece ? seqPiece.x + Math.max(seqPiece.width, seqPiece.height * 2) : undefined;
  const numberIn = (l: Line) => seqRight !== undefined && l.pieces.some((p) => p.x < seqRight && /^\d{1,5}$/.test(cleanName(p.text)));
  let bodyAt = all.findIndex((l, i) => i > headerAt && numberIn(l));
  if (bodyAt < 0) bodyAt = all.length;
  const headerLines = all.slice(headerAt, bodyAt);
  const headerPieces = headerLines.flatMap((l) => l.pieces);
  const centre = (p: PdfText) => p.x + p.width / 2;
  // A group label (公开事项, 公开对象…) stands over the columns up to the next label on its line. Printed
  // at the left of its first column, it starts there (a sub-label starts at the same x); centred, it
  // starts after the label before it.
  const groups: PdfText[] = [];
  const spans = new Map<PdfText, { from: number; to: number }>();
  for (const line of headerLines) {
    line.pieces.forEach((g, i) => {
      if (!isGroup(labelField(cleanName(g.text)))) return;
      const before = line.pieces[i - 1];
      const after = line.pieces[i + 1];
      const leftAligned = headerPieces.some((p) => p !== g && p.y > g.y + g.height / 2 && Math.abs(p.x - g.x) < SNAP);
      const span = { from: leftAligned ? g.x - SNAP : before ? before.x + before.width : -Infinity, to: after ? after.x : Infinity };
      const under = headerPieces.filter((p) => p.y > g.y + g.height / 2 && centre(p) > span.from && centre(p) < span.to);
      if (under.length >= 2) {
        groups.push(g);
        spans.set(g, span);
      }
    });
  }
  const leaves = headerPieces.filter((p) => !groups.includes(p));
  // Columns: leaves whose x-ranges overlap (a label wrapped over two lines) are one column.
  const columns: { left: number; right: number; pieces: PdfText[] }[] = [];
  for (const p of [...leaves].sort((a, b) => a.x - b.x)) {
    const last = columns[columns.length - 1];
    if (last !== undefined && p.x < last.right - SNAP) {
      last.right = Math.max(last.right, p.x + p.width);
      last.pieces.push(p);
    } else columns.push({ left: p.x, right: p.x + p.width, pieces: [p] });
  }
  if (columns.length < 3) return undefined;
  const bounds = columns.slice(1).map((col, i) => (columns[i]!.right + col.left) / 2);
  const columnOf = (p: PdfText) => {
    const cx = centre(p);
    let c = 0;
    while (c < bounds.length && cx >= bounds[c]!) c++;
    return c;
  };
  const width = columns.length;
  const top = columns.map((col) => cellText(col.pieces));
  const rows: string[][] = [];
  if (groups.length > 0) {
    const first = [...top];
    for (const g of groups) {
      const span = spans.get(g)!;
      for (let c = 0; c < width; c++) {
        const mid = (columns[c]!.left + columns[c]!.right) / 2;
        if (mid > span.from && mid < span.to) first[c] = g.text.trim();
      }
    }
    rows.push(first, top);
  } else rows.push(top);
  let current: PdfText[][] | undefined;
  // Body rows wrap at the column's right edge; without rules, the farthest any of its pieces reaches.
  const reach = Array<number>(width).fill(-Infinity);
  const flush = () => {
    if (current) rows.push(current.map((pieces, c) => cellText(pieces, { left: columns[c]!.left, right: reach[c]! })));
  };
  for (const line of all.slice(bodyAt)) for (const p of line.pieces) reach[columnOf(p)] = Math.max(reach[columnOf(p)]!, p.x + p.width);
  let lastY = all[bodyAt - 1]?.y ?? 0;
  for (const line of all.slice(bodyAt)) {
    // A wide gap ends the table: what follows is a note or the page footer.
    if (line.y - lastY > line.height * 4) break;
    lastY = line.y;
    if (numberIn(line)) {
      flush();
      current = Array.from({ length: width }, () => []);
    }
    for (const p of line.pieces) current?.[columnOf(p)]!.push(p);
  }
  flush();
  return { rows, openBottom: rows.map(() => Array<boolean>(width).fill(false)), above: all.slice(0, headerAt).map((l) => l.text) };
}
