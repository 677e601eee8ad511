import { strFromU8 } from 'fflate';
import { SaxesParser } from 'saxes';
import type { SaxesTagNS } from 'saxes';
import type { SourceTable } from '../table.js';
import { tidyLines } from '../table.js';
import type { CellBudget, WordCell } from './docx-grid.js';
import { wordGrid } from './docx-grid.js';
import { ZipError, unzipCapped } from './zip.js';

/*
 * A .docx is a zip whose word/document.xml holds the body: paragraphs (w:p)
 * and tables (w:tbl → w:tr → w:tc). Only that part and docProps/core.xml
 * (the document's title) are inflated, under the same cap as an .xlsx. The
 * XML is read with a SAX parser, keeping a stack of open tables, so a table
 * nested in a cell becomes a table of its own (its rows never mix with the
 * outer table's) and depth costs no call stack.
 */

const wordNamespaces = new Set([
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  // ISO 29500 Strict, as Word writes it when asked to.
  'http://purl.oclc.org/ooxml/wordprocessingml/main',
]);
const markupCompatibility = 'http://schemas.openxmlformats.org/markup-compatibility/2006';

const docxKind = { name: 'Word 文档', ext: '.docx' };

/** Where paragraphs go: a table cell, or the body outside tables (whose paragraphs are title candidates). */
interface Lines {
  lines: string[];
  /** The last paragraph's mark was deleted (tracked change): the next paragraph continues its line. */
  joinNext: boolean;
}

interface OpenCell extends Lines {
  column: number;
  span: number;
  vMerge?: 'restart' | 'continue';
  /** w:hMerge="continue" (older files): part of the cell on its left. */
  hMergeContinue: boolean;
}

interface OpenRow {
  cells: WordCell[];
  /** Next free grid column, 0-based. */
  column: number;
  deleted: boolean;
}

interface OpenTable {
  slot: number;
  rows: WordCell[][];
  row?: OpenRow;
  cell?: OpenCell;
  caption?: string;
}

interface OpenParagraph {
  text: string;
  owner: Lines;
  markDeleted: boolean;
}

/**
 * Every table of the document, in document order (an outer table before the
 * tables nested in it), with merged cells filled in. Row numbers are the
 * table's rows, column numbers its grid columns, both from 1.
 *
 * @throws ImportLimitError at a cap; ZipError, or saxes' error for broken XML.
 */
export function readDocx(bytes: Uint8Array, file: string): SourceTable[] {
  const parts = unzipCapped(bytes, file, (name) => name === 'word/document.xml' || name === 'docProps/core.xml', docxKind);
  const document = parts.get('word/document.xml');
  if (document === undefined) throw new ZipError('压缩包中没有 Word 文档的正文');
  const core = parts.get('docProps/core.xml');
  const title = core === undefined ? undefined : documentTitle(strFromU8(core));
  return tablesOf(strFromU8(document), file, title !== undefined && namesDirectory(title) ? title : undefined);
}

/** A paragraph that can be a table's title: it names a directory and is not a whole page of text. */
function namesDirectory(text: string): boolean {
  return (text.includes('目录') || text.includes('目錄')) && text.length <= 100;
}

function tablesOf(xml: string, file: string, documentTitle: string | undefined): SourceTable[] {
  const tables: SourceTable[] = [];
  const budget: CellBudget = { cells: 0 };
  const body: Lines = { lines: [], joinNext: false };
  const open: OpenTable[] = [];
  const paragraphs: OpenParagraph[] = [];
  // The local names of open Word elements ('' for other namespaces), to know where a w:del or w:tab sits.
  const path: string[] = [];
  // Depth inside content that is not text the reader sees: deleted or moved-away text, a markup-compatibility fallback.
  let hidden = 0;
  const hiding: boolean[] = [];
  let inText = false;

  const parser = new SaxesParser({ xmlns: true });
  parser.on('opentag', (tag) => {
    const name = wordNamespaces.has(tag.uri) ? tag.local : '';
    const parent = path[path.length - 1];
    path.push(name);
    const hides = name === 'del' ? parent !== 'rPr' && parent !== 'trPr' : name === 'moveFrom' || (tag.uri === markupCompatibility && tag.local === 'Fallback');
    hiding.push(hides);
    if (hides) hidden++;
    if (hidden > 0 || name === '') return;
    const table = open[open.length - 1];
    switch (name) {
      case 'tbl': {
        const slot = tables.length;
        tables.push({ rows: [] });
        open.push({ slot, rows: [], caption: captionFor(open, body) ?? documentTitle });
        break;
      }
      case 'tr':
        if (table) table.row = { cells: [], column: 0, deleted: false };
        break;
      case 'gridBefore':
        // The row starts this many grid columns in: its cells sit further right.
        if (table?.row && parent === 'trPr') table.row.column += count(tag, 0);
        break;
      case 'del':
        if (parent === 'trPr' && table?.row) table.row.deleted = true;
        // A deleted paragraph mark: the paragraph runs on into the next one.
        else if (parent === 'rPr' && path[path.length - 3] === 'pPr') {
          const p = paragraphs[paragraphs.length - 1];
          if (p) p.markDeleted = true;
        }
        break;
      case 'tc':
        if (table?.row) table.cell = { column: table.row.column, span: 1, lines: [], joinNext: false, hMergeContinue: false };
        break;
      case 'gridSpan':
        if (table?.cell && parent === 'tcPr') table.cell.span = count(tag, 1);
        break;
      case 'vMerge':
        if (table?.cell && parent === 'tcPr') table.cell.vMerge = value(tag) === 'restart' ? 'restart' : 'continue';
        break;
      case 'hMerge':
        if (table?.cell && parent === 'tcPr') table.cell.hMergeContinue = value(tag) !== 'restart';
        break;
      case 'p':
        paragraphs.push({ text: '', owner: table?.cell ?? body, markDeleted: false });
        break;
      case 't':
        inText = true;
        break;
      case 'tab':
      case 'br':
      case 'cr':
      case 'noBreakHyphen': {
        // Only inside a run: w:tab also names a tab stop in paragraph properties.
        const p = paragraphs[paragraphs.length - 1];
        if (p && parent === 'r') p.text += name === 'tab' ? '\t' : name === 'noBreakHyphen' ? '-' : '\n';
        break;
      }
    }
  });
  parser.on('text', (text) => {
    if (inText && hidden === 0) {
      const p = paragraphs[paragraphs.length - 1];
      if (p) p.text += text;
    }
  });
  parser.on('closetag', () => {
    const name = path.pop();
    if (hiding.pop()) {
      hidden--;
      return;
    }
    if (hidden > 0 || name === '' || name === undefined) return;
    const table = open[open.length - 1];
    switch (name) {
      case 't':
        inText = false;
        break;
      case 'p': {
        const p = paragraphs.pop();
        if (p === undefined) break;
        const enclosing = paragraphs[paragraphs.length - 1];
        // A paragraph in a text box inside another paragraph: another line of that paragraph.
        if (enclosing !== undefined && enclosing.owner === p.owner) enclosing.text += `\n${p.text}`;
        else {
          addLine(p.owner, p.text);
          p.owner.joinNext = p.markDeleted;
        }
        break;
      }
      case 'tc': {
        const cell = table?.cell;
        const row = table?.row;
        if (!cell || !row) break;
        table.cell = undefined;
        const left = row.cells[row.cells.length - 1];
        if (cell.hMergeContinue && left !== undefined) left.span += cell.span;
        else row.cells.push({ column: cell.column, span: cell.span, text: cellText(cell.lines), ...(cell.vMerge && { vMerge: cell.vMerge }) });
        row.column += cell.span;
        break;
      }
      case 'tr':
        if (table?.row && !table.row.deleted) table.rows.push(table.row.cells);
        if (table) table.row = undefined;
        break;
      case 'tbl': {
        const done = open.pop();
        if (done === undefined) break;
        const rows = wordGrid(done.rows, file, budget);
        tables[done.slot] = done.caption === undefined ? { rows } : { rows, caption: done.caption };
        break;
      }
    }
  });
  parser.write(xml).close();
  return tables;
}

/**
 * The title for a table starting now: the nearest paragraph before it that
 * names a directory, looking first in the cells it is nested in (innermost
 * first), then in the body.
 */
function captionFor(open: readonly OpenTable[], body: Lines): string | undefined {
  const scopes = [...open.map((t) => t.cell?.lines ?? []).reverse(), body.lines];
  for (const lines of scopes) {
    for (let i = lines.length - 1; i >= 0; i--) {
      const text = lines[i]!.replace(/\s+/g, ' ').trim();
      if (namesDirectory(text)) return text;
    }
  }
  return undefined;
}

function addLine(owner: Lines, text: string): void {
  if (owner.joinNext && owner.lines.length > 0) owner.lines[owner.lines.length - 1] += text;
  else owner.lines.push(text);
}

/** A cell's text as html.ts builds it. */
function cellText(lines: readonly string[]): string {
  return tidyLines(lines.join('\n'));
}

function value(tag: SaxesTagNS): string | undefined {
  for (const attribute of Object.values(tag.attributes)) {
    if (attribute.local === 'val' && wordNamespaces.has(attribute.uri)) return attribute.value;
  }
  return undefined;
}

/** A span or skip count. Word allows 63 columns; the clamp keeps a hostile value from costing more than the cell cap allows. */
function count(tag: SaxesTagNS, fallback: number): number {
  const n = parseInt(value(tag) ?? '', 10);
  return Number.isFinite(n) ? Math.min(Math.max(n, fallback === 0 ? 0 : 1), 1000) : fallback;
}

/** docProps/core.xml's dc:title, or undefined. */
function documentTitle(xml: string): string | undefined {
  let title: string | undefined;
  let inTitle = false;
  const parser = new SaxesParser({ xmlns: true });
  parser.on('opentag', (tag) => {
    inTitle = tag.local === 'title' && tag.uri === 'http://purl.org/dc/elements/1.1/';
  });
  parser.on('text', (text) => {
    if (inTitle) title = (title ?? '') + text;
  });
  parser.on('closetag', () => {
    inTitle = false;
  });
  try {
    parser.write(xml).close();
  } catch {
    // A broken core.xml costs only the fallback title; the body is what matters.
    return undefined;
  }
  const text = title?.replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
}
