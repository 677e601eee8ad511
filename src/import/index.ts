import path from 'node:path';
import { MAX_ITEMS, limitDiagnostics, loadCatalogue } from '../catalogue/load.js';
import type { CatalogueData } from '../catalogue/schema.js';
import { diagnostic, hasErrors } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { MAX_TABLE_BYTES, memoryHost, readFailureDiagnostic, readInputBytes, tooLargeError } from '../host/host.js';
import { buildCatalogue } from './catalogue.js';
import { simplifyTables } from './clean/tables.js';
import type { Header } from './header.js';
import { readTables } from './read/read.js';
import { readDirectory } from './directory.js';
import { cellPosition } from './table.js';
import type { SourceTable } from './table.js';
import { domainFromTitle, findTitle } from './title.js';
import { catalogueYaml } from './yaml.js';

export { importExtensions } from './read/read.js';

/*
 * `handbook import`: a front end beside the build pipeline. It reads an
 * office's table (Excel/WPS, Word, CSV, web page, copied text) and writes the
 * catalogue YAML that stage 1 (catalogue/) loads, so it depends only on
 * catalogue/'s contract and the shared folders.
 */

export interface ImportOptions {
  /** Overrides the title found in the table. */
  title?: string;
  /** Overrides the domain found in the title. */
  domain?: string;
  /** The file's bytes; read from `file` when absent. */
  bytes?: Uint8Array;
  /**
   * Write rows that can't be read cleanly anyway, each doubtful item marked
   * `draft: true` with a comment on what to check; `check` and `build`
   * refuse a catalogue that still has a mark.
   */
  draft?: boolean;
}

export interface ImportResult {
  /** The catalogue YAML to write; undefined when an error leaves nothing safe to write. */
  yaml: string | undefined;
  catalogue: CatalogueData | undefined;
  diagnostics: Diagnostic[];
  /** Items marked `draft: true` in the YAML (only with the draft option); a draft must be reviewed before use. */
  drafted: number;
}

export const defaultTitle = '基层政务公开标准目录';
export const defaultDomain = '政务公开';

/**
 * Imports a directory table as a catalogue. Returns every problem found:
 * cells it could not interpret are warnings and are left out; a row without
 * an item name, or an item missing a required field, is an error, and then
 * there is no YAML. The YAML it returns has passed the catalogue contract.
 */
export async function importCatalogue(file: string, options: ImportOptions = {}): Promise<ImportResult> {
  try {
    const result = await importTables(file, options);
    return { ...result, diagnostics: limitDiagnostics(result.diagnostics, file) };
  } catch (cause) {
    // Every cap is checked where it is reached; this is the last guard, for a table that still ran a
    // reader or a string out of room: a message, not an internal error.
    if (cause instanceof RangeError || /string longer than|Invalid string length|Array buffer allocation/i.test(String((cause as Error)?.message))) {
      return {
        yaml: undefined,
        catalogue: undefined,
        drafted: 0,
        diagnostics: [
          diagnostic('error', 'import/too-large', '表格过大，无法导入', { file }, {
            hint: `一个目录最多 ${MAX_ITEMS} 个事项；检查是否选错了文件，或把表格拆成几个文件分别导入。`,
          }),
        ],
      };
    }
    throw cause;
  }
}

async function importTables(file: string, options: ImportOptions): Promise<ImportResult> {
  const failed = (diagnostics: Diagnostic[]): ImportResult => ({ yaml: undefined, catalogue: undefined, diagnostics, drafted: 0 });
  let bytes = options.bytes;
  if (bytes === undefined) {
    try {
      // Regular files only (a FIFO or device, even behind a symlink, is refused unopened), size checked before reading.
      bytes = readInputBytes(file, MAX_TABLE_BYTES);
    } catch (cause) {
      return failed([readFailureDiagnostic(file, cause, { hint: readHint(cause) })]);
    }
  } else if (bytes.byteLength > MAX_TABLE_BYTES) {
    return failed([readFailureDiagnostic(file, tooLargeError(file, bytes.byteLength, MAX_TABLE_BYTES), { hint: readHint(undefined) })]);
  }
  const read = await readTables(file, bytes);
  const diagnostics = read.diagnostics;
  if (hasErrors(diagnostics)) return failed(diagnostics);
  append(diagnostics, simplifyTables(read.tables, file));

  const directory = readDirectory(read.tables, file);
  if (directory === undefined) {
    diagnostics.push(
      diagnostic('error', 'import/no-header', '找不到目录的表头', { file }, {
        hint: '表头应含有「公开事项」「公开内容」「公开依据」「公开时限」「公开主体」「公开渠道和载体」「公开对象」「公开方式」「公开层级」等列名中的至少四个。',
      }),
    );
    return failed(diagnostics);
  }
  const { table, header, items } = directory;
  append(diagnostics, directory.diagnostics);
  if (items.length === 0 && !hasErrors(diagnostics)) {
    diagnostics.push(diagnostic('error', 'import/no-items', '表头下面没有事项', cellPosition(file, table.rows[header.index]?.[0])));
  }
  if (items.length > MAX_ITEMS) {
    diagnostics.push(
      diagnostic('error', 'import/too-many-items', `表格中有 ${items.length} 个事项，超过一个目录的上限 ${MAX_ITEMS}`, cellPosition(file, items[MAX_ITEMS]!.nameAt), {
        hint: '一本便民手册通常只有几十个事项；请按领域或层级把表格拆成几个文件分别导入。',
      }),
    );
    return failed(diagnostics);
  }

  const meta = titleAndDomain(table, header, options, file, diagnostics);
  const built = buildCatalogue(items, meta, file);
  append(diagnostics, built.diagnostics);
  // A draft goes on past the rows' problems (each marked on its item); nothing else does.
  const drafting = options.draft === true && items.length > 0 && built.doubts.size > 0;
  if (hasErrors(diagnostics) && !drafting) return failed(diagnostics);
  const doubts = drafting ? built.doubts : new Map<string, Diagnostic[]>();

  const yaml = catalogueYaml(built.data, path.basename(file), doubts);
  // The contract is checked on the very text we write, so a mistake here can never produce a file `handbook
  // check` rejects, except, in a draft, on the items marked for review (which `check` must reject).
  const virtual = path.resolve(`${file}.yaml`);
  const check = loadCatalogue(virtual, memoryHost({ [virtual]: yaml })).diagnostics.filter(
    (d) => d.severity === 'error' && !(drafting && (d.itemId === undefined ? d.code === 'catalogue/draft' : doubts.has(d.itemId))),
  );
  if (check.length > 0) {
    for (const d of check) {
      diagnostics.push(diagnostic('error', 'import/invalid-output', `导入结果不符合目录格式：${d.message}`, { file }, d.itemId === undefined ? {} : { itemId: d.itemId }));
    }
    return failed(diagnostics);
  }
  return { yaml, catalogue: built.data, diagnostics, drafted: doubts.size };
}

/** Appends without spreading: a table can give more diagnostics than a call may take arguments. */
function append<T>(to: T[], from: readonly T[]): void {
  for (const x of from) to.push(x);
}

function readHint(cause: unknown): string | undefined {
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (cause === undefined || code === 'EFBIG') return `一个标准目录的表格通常只有几百 KB（上限 ${MAX_TABLE_BYTES / 1024 / 1024} MB）；检查是否选错了文件。`;
  return undefined;
}

/** Options win; then the table's title; then defaults, with a warning each. */
function titleAndDomain(table: SourceTable, header: Header, options: ImportOptions, file: string, diagnostics: Diagnostic[]): { title: string; domain: string } {
  const found = findTitle(table, header.index);
  const domain = options.domain?.trim() || (found && domainFromTitle(found));
  const title = options.title?.trim() || found;
  const guessed = table.captionFrom === 'page-title' ? '网页的标题（<title>）' : table.captionFrom === 'paragraph' ? '表格上方的一段文字' : undefined;
  if (!options.title?.trim() && found !== undefined && guessed !== undefined) {
    diagnostics.push(
      diagnostic('warning', 'import/title-guess', `表格没有标题行，目录标题取自${guessed}：「${found}」`, { file }, {
        field: 'title',
        hint: '如果不对，导入时用 --title 指定，或导入后修改目录文件的 title。',
      }),
    );
  }
  if (!domain) {
    diagnostics.push(
      diagnostic('warning', 'import/default-domain', `表格标题中没有写明领域，领域取为「${defaultDomain}」`, { file }, {
        field: 'domain',
        hint: '导入时用 --domain 指定（如 --domain 广播电视），或导入后修改目录文件的 domain。',
      }),
    );
  }
  if (!title) {
    diagnostics.push(
      diagnostic('warning', 'import/default-title', `表格没有标题，目录标题取为「${domain ? `${domain}领域` : ''}${defaultTitle}」`, { file }, {
        field: 'title',
        hint: '导入时用 --title 指定，或导入后修改目录文件的 title。',
      }),
    );
  }
  return { title: title || `${domain ? `${domain}领域` : ''}${defaultTitle}`, domain: domain || defaultDomain };
}
