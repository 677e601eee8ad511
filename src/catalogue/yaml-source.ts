import { load as loadFast } from 'js-yaml';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic, SourcePosition } from '../diagnostics/diagnostic.js';
import { coreSchema, needsFullParser } from './yaml-fast.js';

/**
 * A parsed YAML file that can say where every value came from, so later
 * checks can point at file:line:col without re-reading the text.
 *
 * The positioned tree (the yaml library's Document, with a LineCounter) is
 * built on first use: a file that js-yaml read cleanly needs it only when a
 * diagnostic asks where something is (see parseYaml).
 */
export class YamlSource {
  private full: { doc: Document.Parsed; lines: LineCounter } | undefined;
  /** The file's plain value, as parseYaml returned it (undefined when it could not be read). */
  data: unknown;

  constructor(
    readonly file: string,
    private readonly text: string,
    full?: { doc: Document.Parsed; lines: LineCounter },
  ) {
    this.full = full;
  }

  get doc(): Document.Parsed {
    return (this.full ??= parsePositioned(this.text)).doc;
  }

  get lines(): LineCounter {
    return (this.full ??= parsePositioned(this.text)).lines;
  }
}

function parsePositioned(text: string): { doc: Document.Parsed; lines: LineCounter } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  return { doc, lines };
}

export type PathSegment = string | number;

/**
 * Aliases may expand at most this many times. The yaml library counts
 * expansions, which is what defeats "billion laughs" documents: a few lines
 * that would otherwise grow into gigabytes.
 */
export const MAX_ALIAS_COUNT = 100;

/** Larger files are not hand-written directories; refuse them before parsing. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** The contract nests five levels deep; anything far deeper is a mistake or an attack. */
export const MAX_DEPTH = 32;

const yamlErrorCodes: Record<string, { code: string; message: string; hint?: string }> = {
  DUPLICATE_KEY: { code: 'yaml/duplicate-key', message: '同一层级中出现了重复的字段名', hint: '删除或合并重复的字段。' },
  TAB_AS_INDENT: { code: 'yaml/syntax', message: 'YAML 不允许用 Tab 缩进，请改用空格' },
  BAD_INDENT: { code: 'yaml/syntax', message: '缩进不正确' },
  MISSING_CHAR: { code: 'yaml/syntax', message: '缺少必要的符号（如引号或括号未闭合）' },
  MULTILINE_IMPLICIT_KEY: { code: 'yaml/syntax', message: '字段名不能跨行，可能是上一行缺少冒号或引号未闭合' },
  UNEXPECTED_TOKEN: { code: 'yaml/syntax', message: '出现了意外的符号' },
  BLOCK_AS_IMPLICIT_KEY: { code: 'yaml/syntax', message: '缩进或冒号位置不正确' },
};

/**
 * Parses YAML text. Syntax problems become diagnostics (all of them, not just
 * the first); `data` is undefined when the document cannot be used.
 */
export function parseYaml(
  file: string,
  text: string,
): { source: YamlSource; data: unknown; diagnostics: Diagnostic[] } {
  const tooLarge = Buffer.byteLength(text) > MAX_FILE_BYTES;
  const diagnostics: Diagnostic[] = [];
  if (tooLarge) {
    const source = new YamlSource(file, '');
    diagnostics.push(
      diagnostic('error', 'file/too-large', `文件过大（超过 ${MAX_FILE_BYTES / 1024 / 1024} MB），不像是手写的目录文件`, { file, line: 1, column: 1 }, {
        hint: '检查是否选错了文件；一个目录文件通常只有几十 KB。',
      }),
    );
    return { source, data: undefined, diagnostics };
  }
  // Deep nesting costs stack in every later walk; the contract needs five levels.
  const depthAt = deepest(text);
  if (depthAt === undefined && !needsFullParser(text)) {
    // js-yaml reads a plain file five times faster than the yaml library, which is
    // kept for positions (on demand) and for everything else: any file js-yaml
    // refuses (a syntax error, a duplicate key) is parsed again below, so the
    // diagnostics are the yaml library's as before.
    try {
      const loaded = loadFast(text, { schema: coreSchema });
      const source = new YamlSource(file, text);
      source.data = loaded === undefined ? null : loaded; // an empty file, as the yaml library reads it
      return { source, data: source.data, diagnostics };
    } catch {
      // Reported by the full parser.
    }
  }
  const full = parsePositioned(text);
  const { doc } = full;
  const source = new YamlSource(file, text, full);
  if (depthAt !== undefined) {
    diagnostics.push(
      diagnostic('error', 'yaml/too-deep', `层级嵌套超过 ${MAX_DEPTH} 层`, positionAt(source, depthAt), {
        hint: '目录文件只需要「分类 → 事项 → 字段」几层；检查缩进或括号。',
      }),
    );
    return { source, data: undefined, diagnostics };
  }
  // After the first syntax error the parser's later complaints are mostly
  // echoes of it; duplicate keys are independent and are all reported.
  let syntaxReported = false;
  for (const err of doc.errors) {
    if (err.code !== 'DUPLICATE_KEY') {
      if (syntaxReported) continue;
      syntaxReported = true;
    }
    const known = yamlErrorCodes[err.code];
    const detail = err.message.split('\n')[0] ?? '';
    const quote = /Missing closing (["'])quote/.exec(detail)?.[1];
    const at = quote ? openingQuote(source, text, err.pos[0], quote) : positionAt(source, err.pos[0]);
    diagnostics.push(
      diagnostic('error', known?.code ?? 'yaml/syntax', quote ? `引号 ${quote} 没有闭合` : (known?.message ?? `YAML 语法错误：${detail}`), at, {
        hint: known?.hint ?? '检查该行及上一行的缩进、冒号和引号。',
      }),
    );
  }
  if (diagnostics.length > 0) return { source, data: undefined, diagnostics };
  try {
    source.data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { source, data: source.data, diagnostics };
  } catch (cause) {
    // yaml throws a ReferenceError for excessive alias expansion.
    const message = cause instanceof Error ? cause.message : String(cause);
    if (/alias/i.test(message)) {
      diagnostics.push(
        diagnostic('error', 'yaml/alias-limit', `YAML 别名（&锚点 / *引用）展开次数超过上限 ${MAX_ALIAS_COUNT}`, positionAt(source, 0), {
          hint: '文件中的别名嵌套展开后过大，可能是恶意构造的文件；请直接写出内容。',
        }),
      );
    } else {
      diagnostics.push(diagnostic('error', 'yaml/syntax', `YAML 无法解析：${message}`, positionAt(source, 0)));
    }
    return { source, data: undefined, diagnostics };
  }
}

/**
 * The parser notices an unclosed quote only at the end of the file; the
 * place to fix is the last line before that with an odd number of quotes.
 */
function openingQuote(source: YamlSource, text: string, errorOffset: number, quote: string): SourcePosition {
  const lines = text.slice(0, errorOffset).split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const count = lines[i]!.split(quote).length - 1;
    if (count % 2 === 1) return { file: source.file, line: i + 1, column: lines[i]!.lastIndexOf(quote) + 1 };
  }
  return positionAt(source, errorOffset);
}

/**
 * The offset where flow brackets or block indentation first nest deeper than
 * MAX_DEPTH, found from the text (before building a tree that deep).
 */
function deepest(text: string): number | undefined {
  let flow = 0;
  let offset = 0;
  for (const line of text.split('\n')) {
    const indent = /^( *)(- +)*/.exec(line)!;
    const blockDepth = Math.floor(indent[1]!.length / 2) + (indent[0].length - indent[1]!.length > 0 ? 1 : 0);
    if (blockDepth > MAX_DEPTH) return offset;
    let quote = '';
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (quote) {
        if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '#') break;
      else if (ch === '[' || ch === '{') {
        if (++flow > MAX_DEPTH) return offset + i;
      } else if (ch === ']' || ch === '}') flow = Math.max(0, flow - 1);
    }
    offset += line.length + 1;
  }
  return undefined;
}

/**
 * A position worked out when it is first read (line or column): most are
 * never read, and reading one builds the file's positioned tree.
 */
function lazyPosition(file: string, find: () => SourcePosition): SourcePosition {
  let found: SourcePosition | undefined;
  const get = () => (found ??= find());
  return Object.defineProperties({ file } as SourcePosition, {
    line: { enumerable: true, get: () => get().line },
    column: { enumerable: true, get: () => get().column },
  });
}

/** Converts a character offset into a 1-based position. */
export function positionAt(source: YamlSource, offset: number): SourcePosition {
  const { line, col } = source.lines.linePos(offset);
  return { file: source.file, line, column: col };
}

/**
 * Finds the position of the value at `path`, or of its key when `key` is true.
 * When the path does not exist (a missing field), it falls back to the
 * deepest ancestor that does, which is where the user has to add it.
 */
export function locate(source: YamlSource, path: readonly PathSegment[], key = false): SourcePosition {
  const at = [...path]; // callers may reuse their array
  return lazyPosition(source.file, () => locateNow(source, at, key));
}

function locateNow(source: YamlSource, path: readonly PathSegment[], key: boolean): SourcePosition {
  let node: Node | null | undefined = source.doc.contents;
  let best: number = node?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p: Pair) => isScalar(p.key) && String(p.key.value) === String(seg)) as
        | Pair<Node, Node>
        | undefined;
      if (!pair) break;
      if (last && key && pair.key?.range) {
        best = pair.key.range[0];
        break;
      }
      node = pair.value;
      best = node?.range?.[0] ?? pair.key?.range?.[0] ?? best;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      node = isPair(item) ? (item.value as Node) : item;
      best = node?.range?.[0] ?? best;
    } else {
      break;
    }
  }
  return positionAt(source, best);
}
