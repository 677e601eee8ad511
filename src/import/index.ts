import fs from 'node:fs';
import path from 'node:path';
import { loadCatalogue } from '../catalogue/load.js';
import type { CatalogueData } from '../catalogue/schema.js';
import { diagnostic, hasErrors } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { memoryHost } from '../host/host.js';
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
 * office's table (Excel/WPS, CSV, web page, copied text) and writes the
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
}

export interface ImportResult {
  /** The catalogue YAML to write; undefined when an error leaves nothing safe to write. */
  yaml: string | undefined;
  catalogue: CatalogueData | undefined;
  diagnostics: Diagnostic[];
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
  const failed = (diagnostics: Diagnostic[]): ImportResult => ({ yaml: undefined, catalogue: undefined, diagnostics });
  let bytes = options.bytes;
  if (bytes === undefined) {
    try {
      bytes = fs.readFileSync(file);
    } catch (cause) {
      const code = (cause as { code?: string }).code;
      return failed([diagnostic('error', 'file/not-found', code === 'ENOENT' ? '找不到文件' : `无法读取文件（${code ?? String(cause)}）`, { file })]);
    }
  }
  const read = await readTables(file, bytes);
  const diagnostics = read.diagnostics;
  if (hasErrors(diagnostics)) return failed(diagnostics);
  diagnostics.push(...simplifyTables(read.tables, file));

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
  diagnostics.push(...directory.diagnostics);
  if (items.length === 0 && !hasErrors(diagnostics)) {
    diagnostics.push(diagnostic('error', 'import/no-items', '表头下面没有事项', cellPosition(file, table.rows[header.index]?.[0])));
  }

  const meta = titleAndDomain(table, header, options, file, diagnostics);
  const built = buildCatalogue(items, meta, file);
  diagnostics.push(...built.diagnostics);
  if (hasErrors(diagnostics)) return failed(diagnostics);

  const yaml = catalogueYaml(built.data, path.basename(file));
  // The contract is checked on the very text we write, so a mistake here can never produce a file `handbook check` rejects.
  const virtual = path.resolve(`${file}.yaml`);
  const check = loadCatalogue(virtual, memoryHost({ [virtual]: yaml })).diagnostics.filter((d) => d.severity === 'error');
  if (check.length > 0) {
    diagnostics.push(
      ...check.map((d) => diagnostic('error', 'import/invalid-output', `导入结果不符合目录格式：${d.message}`, { file }, d.itemId === undefined ? {} : { itemId: d.itemId })),
    );
    return failed(diagnostics);
  }
  return { yaml, catalogue: built.data, diagnostics };
}

/** Options win; then the table's title; then defaults, with a warning each. */
function titleAndDomain(table: SourceTable, header: Header, options: ImportOptions, file: string, diagnostics: Diagnostic[]): { title: string; domain: string } {
  const found = findTitle(table, header.index);
  const domain = options.domain?.trim() || (found && domainFromTitle(found));
  const title = options.title?.trim() || found;
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
