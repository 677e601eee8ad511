/**
 * How deeply a YAML text nests, found from the text alone, before any parser
 * builds a tree that deep: both parsers recurse once per level, and at a few
 * hundred levels the yaml library runs out of stack (in one run V8 even
 * aborted the process, out of memory compiling a regular expression at that
 * depth, which no try/catch can turn into a message).
 *
 * The scan follows YAML's own rules closely enough to count only real
 * nesting: block indentation as a stack of indents (a line indented further
 * than the one above opens one level, however far it is indented), `- `
 * entries, and brackets that open a flow collection. Brackets and quotes
 * inside plain scalars, quoted scalars, comments and block scalars
 * (`note: |`) are text. Where it cannot be sure (after a closed quote or
 * bracket, where valid YAML allows only ":"), brackets count: no valid file
 * is refused for them, and none reaches a parser unnoticed.
 *
 * One loop with explicit state, no recursion: the scan itself must not run
 * out of stack on the inputs it guards against.
 */

/** The first offset where nesting exceeds `max` levels, or undefined. */
export function nestingBeyond(text: string, max: number): number | undefined {
  return new Scan(text, max).run();
}

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;
const HASH = 0x23;
const COLON = 0x3a;

/** Where the scan of a line is: at a block value, after a closed scalar or collection, or in a flow collection. */
type Mode = 'value' | 'after' | 'flow';

class Scan {
  /** Indents of the open block nodes. */
  private indents: number[] = [];
  private flow = 0;
  /**
   * Levels a flow entry adds besides its brackets: `[a: b]` is a mapping in a
   * list, and invalid entries such as `[a: b: c]` or `[- - x]` still nest in
   * the yaml library. One count per open bracket, reset at each ",".
   */
  private entryLevels: number[] = [];
  private flowExtra = 0;
  /** The open brackets: only the matching one closes (the yaml library reads a stray one as an error inside). */
  private brackets: number[] = [];
  /** Whether the last token in a flow collection was quoted or bracketed: then ":" right after it is an indicator (JSON style). */
  private jsonLike = false;
  /** In a flow collection, whether the next token starts a value (a quote there opens a quoted scalar). */
  private flowValueStart = true;
  /** Inside a quoted scalar that runs past its line: the quote character. */
  private quote = 0;
  /**
   * The indent its next lines need to continue it: one past the line it
   * started on. The yaml library ends it (an error) at a line indented less and
   * reads that line afresh; ending it there too can only count more.
   */
  private quoteIndent = 0;
  /** Inside a block scalar: its parent's column, and its content's indent once seen. */
  private block: { parent: number; content: number | undefined } | undefined;
  /**
   * Whether the last line ended inside a plain scalar in block context, and
   * the column of the key or entry that owns it. A line indented at least two
   * past that continues the scalar in the yaml library (whose threshold is one
   * or two past), so a bracket or quote at its start is text. A quote there is
   * never taken to open a quoted scalar: that would hide the rest of the line.
   */
  private plainOpen = false;
  private plainOwner = 0;
  private beyond: number | undefined;

  constructor(
    private readonly text: string,
    private readonly max: number,
  ) {}

  run(): number | undefined {
    const { text } = this;
    let start = 0;
    while (start <= text.length && this.beyond === undefined) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      this.line(start, end > start && text.charCodeAt(end - 1) === CR ? end - 1 : end);
      start = end + 1;
    }
    return this.beyond;
  }

  /** Block and flow levels are limited apart: a value can be a flow collection at any block depth. */
  private exceeded(offset: number): boolean {
    if (this.indents.length <= this.max && this.flow + this.flowExtra <= this.max) return false;
    this.beyond = offset;
    return true;
  }

  private line(start: number, end: number): void {
    const { text } = this;
    // A document marker ends whatever was open, as the parsers read it.
    if (end - start >= 3 && (text.startsWith('---', start) || text.startsWith('...', start)) && (end - start === 3 || isBlank(text.charCodeAt(start + 3)))) {
      this.indents = [];
      this.flow = 0;
      this.entryLevels = [];
      this.flowExtra = 0;
      this.brackets = [];
      this.quote = 0;
      this.block = undefined;
      // A block scalar right after the marker is the root: its content may start in the first column.
      this.walk(start + 3, end, start, 'value', -1);
      return;
    }
    const afterPlain = this.plainOpen;
    this.plainOpen = false;
    let first = start;
    while (first < end && text.charCodeAt(first) === SPACE) first++;
    const indent = first - start;
    // A tab after the indent is an error the parsers report; what follows it is still scanned.
    let content = first;
    while (content < end && isBlank(text.charCodeAt(content))) content++;
    if (this.block) {
      if (content === end) return;
      const b = this.block;
      if (indent > b.parent && (b.content === undefined || indent >= b.content)) {
        b.content ??= indent;
        return;
      }
      this.block = undefined;
    }
    if (this.quote !== 0 && content < end && indent < this.quoteIndent) this.quote = 0;
    if (this.quote !== 0) {
      const close = closingQuote(text, start, end, this.quote);
      if (close < 0) return;
      this.quote = 0;
      this.flowValueStart = false;
      this.walk(close + 1, end, start, this.flow > 0 ? 'flow' : 'after', indent);
      return;
    }
    if (this.flow > 0) {
      this.walk(content, end, start, 'flow', indent);
      return;
    }
    if (content === end || text.charCodeAt(content) === HASH) return;
    while (this.indents.length > 0 && this.indents[this.indents.length - 1]! > indent) this.indents.pop();
    const top = this.indents[this.indents.length - 1];
    if (top === undefined || top < indent) {
      this.indents.push(indent);
      if (this.exceeded(first)) return;
    }
    const continuing = afterPlain && indent >= this.plainOwner + 2;
    this.walk(content, end, start, 'value', indent, afterPlain, continuing);
  }

  /**
   * Scans a line from `i` in `mode`. `owner` is the column of the node that
   * owns the next value (a key, a "- "), which a block scalar's content must
   * be indented past.
   */
  private walk(i: number, end: number, lineStart: number, mode: Mode, owner: number, afterPlain = false, continuing = false): void {
    const { text } = this;
    const from = i;
    /** Column where the scalar or collection just closed began: the owner if it turns out to be a key. */
    let began = owner;
    /** Whether a key here would be the line's first (or first after "- "), whose level the indent already opened. */
    let head = mode === 'value';
    while (i < end) {
      const ch = text.charCodeAt(i);
      if (mode === 'flow') {
        const next = i + 1 < end ? text.charCodeAt(i + 1) : -1;
        const jsonLike = this.jsonLike;
        this.jsonLike = false;
        if (ch === 0x5b /* [ */ || ch === 0x7b /* { */) {
          this.openFlow(ch);
          if (this.exceeded(i)) return;
        } else if (ch === 0x5d /* ] */ || ch === 0x7d /* } */) {
          this.flowValueStart = false;
          this.jsonLike = true;
          if (this.flow > 0 && this.brackets[this.brackets.length - 1] === ch - 2) {
            this.flow--;
            this.brackets.pop();
            this.flowExtra -= this.entryLevels.pop() ?? 0;
            if (this.flow === 0) mode = 'after';
          }
        } else if (ch === 0x2c /* , */) {
          this.flowValueStart = true;
          this.flowExtra -= this.entryLevels[this.entryLevels.length - 1] ?? 0;
          if (this.entryLevels.length > 0) this.entryLevels[this.entryLevels.length - 1] = 0;
        } else if (
          (ch === COLON && (next === -1 || isBlank(next) || next === 0x2c || next === 0x5d || next === 0x7d || next === 0x5b || next === 0x7b)) ||
          ((ch === 0x2d || ch === 0x3f) && (this.flowValueStart || i === from || this.flow === 0) && (next === -1 || isBlank(next)))
        ) {
          this.flowValueStart = true;
          if (this.entryLevels.length > 0) {
            this.entryLevels[this.entryLevels.length - 1]!++;
            this.flowExtra++;
          } else {
            // Outside any bracket (after an error): the yaml library nests a block level here.
            this.indents.push(i - lineStart + 1);
          }
          if (this.exceeded(i)) return;
        } else if (ch === COLON) {
          // `"a":b` is a key and its value; `:b` after anything else starts a plain scalar.
          this.flowValueStart = jsonLike;
        } else if (ch === HASH && isBlank(text.charCodeAt(i - 1))) {
          return;
        } else if ((ch === 0x22 || ch === 0x27) && this.flowValueStart && this.flow > 0) {
          const close = closingQuote(text, i + 1, end, ch);
          if (close < 0) {
            this.openQuote(ch, lineStart);
            return;
          }
          i = close;
          this.flowValueStart = false;
          this.jsonLike = true;
        } else if (!isBlank(ch)) {
          this.flowValueStart = false;
        } else {
          this.jsonLike = jsonLike;
        }
        i++;
        continue;
      }
      if (isBlank(ch)) {
        i++;
        continue;
      }
      if (ch === HASH) return;
      const next = i + 1 < end ? text.charCodeAt(i + 1) : -1;
      const indicator = next === -1 || isBlank(next);
      if (mode === 'after') {
        // Valid YAML allows only ":" here (the closed scalar was a key); anything else is read as flow, brackets counted.
        if (ch === COLON && indicator) {
          i++;
          if (this.nestedKey(head, began, i)) return;
          owner = began;
          head = false;
          mode = 'value';
        } else {
          mode = 'flow';
          this.flowValueStart = false;
        }
        continue;
      }
      // mode === 'value'
      if ((ch === 0x2d /* - */ || ch === 0x3f /* ? */ || ch === COLON) && indicator) {
        owner = i - lineStart;
        let j = i + 1;
        while (j < end && isBlank(text.charCodeAt(j))) j++;
        // A block entry (or explicit key or value) opens a level whose content starts after it.
        this.indents.push(j < end ? j - lineStart : owner + 1);
        if (this.exceeded(i)) return;
        head = true;
        i = j;
        continue;
      }
      began = i - lineStart;
      if ((ch === 0x5b || ch === 0x7b) && !(continuing && i === from)) {
        this.openFlow(ch);
        if (this.exceeded(i)) return;
        mode = 'flow';
        i++;
        continue;
      }
      if ((ch === 0x22 /* " */ || ch === 0x27 /* ' */) && !(afterPlain && i === from)) {
        const close = closingQuote(text, i + 1, end, ch);
        if (close < 0) {
          this.openQuote(ch, lineStart);
          return;
        }
        mode = 'after';
        i = close + 1;
        continue;
      }
      if (ch === 0x7c /* | */ || ch === 0x3e /* > */) {
        if (/^[|>][-+1-9]*[ \t]*(?:#.*)?$/.test(text.slice(i, end))) {
          // First on its line, the scalar belongs to the level around the line's (the root's is -1: any indent is content).
          const around = this.indents.length >= 2 ? this.indents[this.indents.length - 2]! : -1;
          this.block = { parent: i === from ? around : owner, content: undefined };
          return;
        }
        mode = 'flow';
        this.flowValueStart = false;
        continue;
      }
      if (ch === 0x5d || ch === 0x7d || ch === 0x2c || ch === 0x40 /* @ */ || ch === 0x60 /* ` */) {
        // No scalar starts with these: an error, after which brackets are read as collections.
        mode = 'flow';
        this.flowValueStart = false;
        continue;
      }
      if (ch === 0x26 /* & */ || ch === 0x21 /* ! */ || ch === 0x2a /* * */) {
        // An anchor, a tag or an alias: its name ends at a space or a flow indicator, and a value may follow.
        for (i++; i < end && !isBlank(text.charCodeAt(i)) && !isFlowIndicator(text.charCodeAt(i)); i++);
        continue;
      }
      // A plain scalar, up to ": " (then it was a key) or " #".
      for (i++; i < end; i++) {
        const c = text.charCodeAt(i);
        if (c === COLON && (i + 1 >= end || isBlank(text.charCodeAt(i + 1)))) break;
        if (c === HASH && isBlank(text.charCodeAt(i - 1))) return;
      }
      if (i >= end) {
        this.plainOpen = this.flow === 0;
        if (!continuing) this.plainOwner = owner;
        return;
      }
      i++;
      if (this.nestedKey(head, began, i)) return;
      owner = began;
      head = false;
    }
  }

  private openQuote(quote: number, lineStart: number): void {
    this.quote = quote;
    let i = lineStart;
    while (this.text.charCodeAt(i) === SPACE) i++;
    this.quoteIndent = i - lineStart + 1;
  }

  private openFlow(bracket: number): void {
    this.flow++;
    this.brackets.push(bracket);
    this.entryLevels.push(0);
    this.flowValueStart = true;
  }

  /**
   * A key that is not the first thing on its line (`a: b: c`) is invalid, but
   * the yaml library still nests a mapping for it, so it counts as a level.
   */
  private nestedKey(head: boolean, column: number, offset: number): boolean {
    if (head) return false;
    this.indents.push(column);
    return this.exceeded(offset);
  }
}

/** The offset of the quote that closes a scalar opened before `i`, or -1 when it runs past the line. */
function closingQuote(text: string, i: number, end: number, quote: number): number {
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (quote === 0x22 && c === 0x5c /* \ */) i++;
    else if (c === quote) {
      if (quote === 0x27 && i + 1 < end && text.charCodeAt(i + 1) === 0x27) i++;
      else return i;
    }
  }
  return -1;
}

function isFlowIndicator(c: number): boolean {
  return c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x2c;
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === CR || c === LF;
}
