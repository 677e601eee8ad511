import { load as loadFast } from 'js-yaml';
import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, Parser, visit } from 'yaml';
import type { Alias, Document, ErrorCode, Node, Pair } from 'yaml';
import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic, SourcePosition } from '../diagnostics/diagnostic.js';
import { MAX_YAML_BYTES, formatBytes } from '../host/host.js';
import { coreSchema, needsFullParser } from './yaml-fast.js';
import { nestingBeyond } from './yaml-depth.js';
import { lineSlip } from './line-slips.js';
import type { LineSlip } from './line-slips.js';

/** What to do about a YAML file over the size limit. */
export const TOO_LARGE_HINT = '检查是否选错了文件：一个目录文件通常只有几十 KB，5,000 个事项的目录约 4 MB。';

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
    /** The file's text as read and decoded (a GBK or UTF-16 file is text here). */
    readonly text: string,
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

/** Larger files are not hand-written directories; refuse them before parsing (the reader already refuses them unread). */
export const MAX_FILE_BYTES = MAX_YAML_BYTES;
/** The contract nests five levels deep; anything far deeper is a mistake or an attack. */
export const MAX_DEPTH = 32;
/**
 * Keys and values in one file. A 5,000-item catalogue (the item limit) has
 * about 180,000; the positioned tree a diagnostic needs costs about 1 KB for
 * each, so a 10 MB file of a million one-character values would need a
 * gigabyte to say where its first problem is.
 */
export const MAX_VALUES = 300_000;

const syntaxHint = '检查该行及上一行的缩进、冒号和引号。';

/** The yaml library's error codes in Chinese; its English messages never reach the user. */
const yamlErrorCodes: Record<ErrorCode, { code: string; message: string; hint?: string }> = {
  DUPLICATE_KEY: { code: 'yaml/duplicate-key', message: '同一层级中出现了重复的字段名', hint: '删除或合并重复的字段。' },
  TAB_AS_INDENT: { code: 'yaml/syntax', message: 'YAML 不允许用 Tab 缩进，请改用空格' },
  BAD_INDENT: { code: 'yaml/syntax', message: '缩进不正确' },
  MISSING_CHAR: { code: 'yaml/syntax', message: '缺少必要的符号（如引号或括号未闭合）' },
  MULTILINE_IMPLICIT_KEY: { code: 'yaml/syntax', message: '字段名不能跨行，可能是上一行缺少冒号或引号未闭合' },
  UNEXPECTED_TOKEN: { code: 'yaml/syntax', message: '出现了意外的符号' },
  BLOCK_AS_IMPLICIT_KEY: { code: 'yaml/syntax', message: '缩进或冒号位置不正确' },
  MULTIPLE_DOCS: {
    code: 'yaml/multiple-documents',
    message: '一个文件只能有一个 YAML 文档：这里的 --- 开始了第二个文档',
    hint: '删除多余的 --- 分隔行（文件开头的一个 --- 可以保留）；两份目录请分别存成两个文件。',
  },
  RESOURCE_EXHAUSTION: { code: 'yaml/too-deep', message: '层级嵌套过深，无法读取', hint: '目录文件只需要「分类 → 事项 → 字段」几层；检查缩进或括号。' },
  ALIAS_PROPS: { code: 'yaml/syntax', message: '别名（*引用）不能再带锚点（&）或标签（!）' },
  BAD_ALIAS: { code: 'yaml/syntax', message: '别名（*引用）无效：没有这个名字的锚点（&），或名字为空', hint: '锚点（&名字）必须写在引用（*名字）之前；也可以直接写出内容。' },
  BAD_DIRECTIVE: { code: 'yaml/syntax', message: '文件开头的 % 指令无效', hint: '目录文件不需要 % 指令，删除这一行。' },
  BAD_DQ_ESCAPE: { code: 'yaml/syntax', message: '双引号中的转义写法无效（反斜杠 \\ 后面的字符）', hint: '要写反斜杠本身，请写成 \\\\，或改用单引号。' },
  BAD_PROP_ORDER: { code: 'yaml/syntax', message: '锚点（&）或标签（!）的位置不正确' },
  BAD_SCALAR_START: { code: 'yaml/syntax', message: '值不能以这个符号开头', hint: '给整个值加上引号，例如 "@某某"。' },
  BLOCK_IN_FLOW: { code: 'yaml/syntax', message: '方括号或花括号中不能换行写缩进的列表或字段' },
  IMPOSSIBLE: { code: 'yaml/syntax', message: '这里的 YAML 无法解析' },
  KEY_OVER_1024_CHARS: { code: 'yaml/syntax', message: '字段名过长（超过 1024 个字符），可能缺少冒号后的空格或换行' },
  MULTIPLE_ANCHORS: { code: 'yaml/syntax', message: '一个值只能有一个锚点（&）' },
  MULTIPLE_TAGS: { code: 'yaml/syntax', message: '一个值只能有一个标签（!）' },
  NON_STRING_KEY: { code: 'yaml/syntax', message: '字段名必须是文字，不能是列表或字段组' },
  TAG_RESOLVE_FAILED: { code: 'yaml/syntax', message: '无法按标签（!）读取这个值', hint: '目录文件不需要标签；删除 ! 开头的标签。' },
  BAD_COLLECTION_TYPE: { code: 'yaml/syntax', message: '标签（!）与值的类型不符', hint: '目录文件不需要标签；删除 ! 开头的标签。' },
};

/**
 * Parses YAML text. Syntax problems become diagnostics (all of them, not just
 * the first); `data` is undefined when the document cannot be used. Never
 * throws on any text: the parsers' own exceptions become diagnostics too.
 */
export function parseYaml(
  file: string,
  text: string,
): { source: YamlSource; data: unknown; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  if (text.length > MAX_FILE_BYTES / 3 && Buffer.byteLength(text) > MAX_FILE_BYTES) {
    const source = new YamlSource(file, '');
    diagnostics.push(
      diagnostic('error', 'file/too-large', `文件过大（${formatBytes(Buffer.byteLength(text))}，上限 ${formatBytes(MAX_FILE_BYTES)}）`, { file, line: 1, column: 1 }, {
        hint: TOO_LARGE_HINT,
      }),
    );
    return { source, data: undefined, diagnostics };
  }
  // Deep nesting costs stack in both parsers; the contract needs five levels.
  const depthAt = nestingBeyond(text, MAX_DEPTH);
  if (depthAt !== undefined) {
    const source = new YamlSource(file, text);
    // Lines after an unclosed [ or { all count as nested inside it: when that bracket alone makes the
    // text deep, it is the mistake to show.
    const bracket = unclosedBracket(text);
    if (bracket && nestingBeyond(`${text.slice(0, bracket.offset)} ${text.slice(bracket.offset + 1)}`, MAX_DEPTH) === undefined) {
      return { source, data: undefined, diagnostics: [bracketDiagnostic(source, bracket)] };
    }
    diagnostics.push(
      diagnostic('error', 'yaml/too-deep', `层级嵌套超过 ${MAX_DEPTH} 层`, offsetPosition(file, text, depthAt), {
        hint: '目录文件只需要「分类 → 事项 → 字段」几层；检查缩进或括号。',
      }),
    );
    return { source, data: undefined, diagnostics };
  }
  if (!needsFullParser(text)) {
    // js-yaml reads a plain file five times faster than the yaml library, which is
    // kept for positions (on demand) and for everything else: any file js-yaml
    // refuses (a syntax error, a duplicate key) is parsed again below, so the
    // diagnostics are the yaml library's as before.
    let loaded: unknown;
    let read = false;
    try {
      loaded = loadFast(text, { schema: coreSchema });
      read = true;
    } catch {
      // Reported by the full parser.
    }
    if (read) {
      const source = new YamlSource(file, text);
      source.data = loaded === undefined ? null : loaded; // an empty file, as the yaml library reads it
      const many = tooManyValues(file, source.data);
      if (many) return { source, data: undefined, diagnostics: [many] };
      return { source, data: source.data, diagnostics };
    }
  }
  // The yaml library builds its positioned tree at once: estimate from the text first (an upper bound of
  // lines, commas and colons), so a file of a million values is refused before it costs a gigabyte.
  if (roughValueCount(text) > 2 * MAX_VALUES) {
    return { source: new YamlSource(file, ''), data: undefined, diagnostics: [tooManyValuesDiagnostic(file)] };
  }
  let full: { doc: Document.Parsed; lines: LineCounter };
  try {
    full = parsePositioned(text);
  } catch (cause) {
    // Not expected on any text (the library reports its own errors); a last guard against a stack overflow.
    const source = new YamlSource(file, '');
    diagnostics.push(parserFailure(file, cause));
    return { source, data: undefined, diagnostics };
  }
  const { doc } = full;
  const source = new YamlSource(file, text, full);
  // After the first syntax error the parser's later complaints are mostly
  // echoes of it; duplicate keys are independent and are all reported.
  let syntaxReported = false;
  // An unclosed [ or { makes the parser complain lines later, about indentation: point at the bracket instead.
  const bracket = doc.errors.some((e) => e.code !== 'DUPLICATE_KEY') ? unclosedBracket(text) : undefined;
  if (bracket) {
    syntaxReported = true;
    diagnostics.push(bracketDiagnostic(source, bracket));
  }
  for (const err of doc.errors) {
    if (err.code !== 'DUPLICATE_KEY') {
      if (syntaxReported) continue;
      syntaxReported = true;
    }
    if (err.code !== 'DUPLICATE_KEY') {
      // A full-width colon, a Tab-separated row: the parser's complaint would not name the character.
      const slip = slipNear(source, text, err.pos[0]);
      if (slip) {
        diagnostics.push(diagnostic('error', slip.code, slip.message, { file, line: slip.line, column: slip.column }, { hint: slip.hint }));
        continue;
      }
    }
    const known = yamlErrorCodes[err.code] as { code: string; message: string; hint?: string } | undefined;
    const detail = err.message.split('\n')[0] ?? '';
    const quote = /Missing closing (["'])quote/.exec(detail)?.[1];
    const at = quote ? openingQuote(source, text, err.pos[0], quote) : positionAt(source, err.pos[0]);
    diagnostics.push(
      diagnostic('error', known?.code ?? 'yaml/syntax', quote ? `引号 ${quote} 没有闭合` : (known?.message ?? 'YAML 语法错误'), at, {
        hint: known?.hint ?? syntaxHint,
      }),
    );
  }
  if (diagnostics.length > 0) return { source, data: undefined, diagnostics };
  try {
    source.data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    const many = tooManyValues(file, source.data);
    if (many) return { source, data: undefined, diagnostics: [many] };
    return { source, data: source.data, diagnostics };
  } catch (cause) {
    // yaml throws a ReferenceError for excessive alias expansion.
    const message = cause instanceof Error ? cause.message : String(cause);
    if (/alias/i.test(message)) {
      diagnostics.push(
        diagnostic('error', 'yaml/alias-limit', `YAML 别名（&锚点 / *引用）展开次数超过上限 ${MAX_ALIAS_COUNT}`, positionAt(source, excessiveAlias(doc)?.range?.[0] ?? 0), {
          hint: '文件中的别名嵌套展开后过大，可能是恶意构造的文件；请直接写出内容。',
        }),
      );
    } else {
      diagnostics.push(parserFailure(file, cause));
    }
    return { source, data: undefined, diagnostics };
  }
}

/** A slip (slips.ts) on the line a syntax error is on, or on the line before it, where the parser may notice it late. */
function slipNear(source: YamlSource, text: string, offset: number): (LineSlip & { line: number }) | undefined {
  const { line } = positionAt(source, offset);
  const lines = text.split('\n', line);
  for (const n of [line, line - 1]) {
    const slip = n >= 1 ? lineSlip(lines[n - 1] ?? '') : undefined;
    if (slip) return { ...slip, line: n };
  }
  return undefined;
}

/**
 * The alias at which the yaml library gives up (toJS with maxAliasCount):
 * its count, replayed in document order. An anchor counts 1 and each alias
 * to it 1 more; an anchored value weighs the most its items weigh (an
 * alias there: its anchor's count × weight, taken when first used); the
 * alias that takes count × weight past MAX_ALIAS_COUNT is the one reported.
 */
function excessiveAlias(doc: Document.Parsed): Alias | undefined {
  const anchors = new Map<string, { node: Node; count: number; weight?: number }>();
  const weight = (node: unknown): number => {
    if (isAlias(node)) {
      const a = anchors.get(node.source);
      return a ? a.count * (a.weight ?? 0) : 0;
    }
    if (isCollection(node)) return Math.max(0, ...node.items.map(weight));
    if (isPair(node)) return Math.max(weight(node.key), weight(node.value));
    return 1;
  };
  let found: Alias | undefined;
  visit(doc, {
    Alias(_, node) {
      const a = anchors.get(node.source);
      if (!a) return;
      a.count++;
      a.weight ??= weight(a.node);
      if (a.count * a.weight > MAX_ALIAS_COUNT) {
        found = node;
        return visit.BREAK;
      }
    },
    Node(_, node) {
      if (node.anchor) anchors.set(node.anchor, { node, count: 1 });
    },
  });
  return found;
}

/**
 * The first [ or { that the text never closes, if any, from the yaml
 * library's token tree (its parser keeps its own stack, so any text is
 * safe to tokenise; the walk stops at a depth no real file reaches).
 */
function unclosedBracket(text: string): { offset: number; source: string } | undefined {
  let found: { offset: number; source: string } | undefined;
  const walk = (token: unknown, depth = 0): void => {
    if (found || token === null || typeof token !== 'object' || depth > 8 * MAX_DEPTH) return;
    const t = token as { type?: string; start?: { offset: number; source: string }; end?: { type: string }[] };
    if (t.type === 'flow-collection' && t.start && !t.end?.some((e) => e.type === 'flow-seq-end' || e.type === 'flow-map-end')) {
      found = t.start;
      return;
    }
    for (const value of Object.values(token)) walk(value, depth + 1);
  };
  for (const token of new Parser().parse(text)) walk(token);
  return found;
}

function bracketDiagnostic(source: YamlSource, bracket: { offset: number; source: string }): Diagnostic {
  const [open, close, name] = bracket.source === '[' ? ['[', ']', '方括号'] : ['{', '}', '花括号'];
  return diagnostic('error', 'yaml/syntax', `${name}「${open}」没有闭合`, positionAt(source, bracket.offset), {
    hint: `在这一组内容的末尾补上「${close}」；若下面按行列出内容，删去「${open}」。`,
  });
}

/** Counts keys and values (each object once, so aliases cannot loop) and refuses more than MAX_VALUES. */
function tooManyValues(file: string, data: unknown): Diagnostic | undefined {
  let count = 0;
  const seen = new Set<object>();
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const v = stack.pop();
    if (++count > MAX_VALUES) return tooManyValuesDiagnostic(file);
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (!(v instanceof Date)) {
      for (const [k, x] of Object.entries(v)) {
        stack.push(k);
        stack.push(x);
      }
    }
  }
  return undefined;
}

function tooManyValuesDiagnostic(file: string): Diagnostic {
  return diagnostic('error', 'yaml/too-many-values', `文件中的字段和值超过 ${MAX_VALUES} 个，不像是目录文件`, { file, line: 1, column: 1 }, {
    hint: '一个 5,000 个事项的目录约有 18 万个字段和值；检查是否选错了文件，或把目录拆成几个文件。',
  });
}

/** Lines, commas and ": " in the text: roughly its keys and values (a pair shares one colon), counted without parsing. */
function roughValueCount(text: string): number {
  let n = 0;
  for (const ch of ['\n', ',', ': ']) for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

/** What a parser exception says to the user: too deep for a stack overflow, otherwise unreadable; in Chinese either way. */
function parserFailure(file: string, cause: unknown): Diagnostic {
  if (cause instanceof RangeError && /call stack/i.test(cause.message)) {
    return diagnostic('error', 'yaml/too-deep', '层级嵌套过深，无法读取', { file, line: 1, column: 1 }, {
      hint: '目录文件只需要「分类 → 事项 → 字段」几层；检查缩进或括号。',
    });
  }
  return diagnostic('error', 'yaml/syntax', 'YAML 无法解析', { file, line: 1, column: 1 }, { hint: syntaxHint });
}

/** A 1-based position from an offset, counted on the text (without building the positioned tree). */
function offsetPosition(file: string, text: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { file, line, column: offset - lineStart + 1 };
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
