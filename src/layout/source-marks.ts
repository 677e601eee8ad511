/**
 * Source marks let a markup error name the template file and line.
 *
 * Before compiling, every template line that starts outside a tag and outside
 * a Handlebars expression gets a processing instruction `<?src F L?>` (file
 * index, line). Processing instructions are legal anywhere in XML content,
 * survive Handlebars untouched, and are ignored as content by the markup
 * parser, which only uses them to map its own positions back.
 */

export const SOURCE_MARK = /<\?src (\d+) (\d+)\?>/g;

export function markSource(source: string, fileIndex: number): string {
  let out = '';
  let line = 1;
  let inTag = false;
  let quote: string | undefined;
  let atLineStart = true;
  for (let i = 0; i < source.length; i++) {
    if (atLineStart && !inTag) out += `<?src ${fileIndex} ${line}?>`;
    atLineStart = false;
    const ch = source[i]!;
    if (source.startsWith('{{', i)) {
      // Skip the whole mustache, counting the lines it spans.
      const close = source.startsWith('{{!--', i) ? '--}}' : '}}';
      const end = source.indexOf(close, i + 2);
      const stop = end === -1 ? source.length : end + close.length;
      const chunk = source.slice(i, stop);
      out += chunk;
      line += chunk.split('\n').length - 1;
      i = stop - 1;
      if (chunk.endsWith('\n')) atLineStart = true;
      continue;
    }
    out += ch;
    if (ch === '\n') {
      line++;
      atLineStart = true;
    } else if (inTag) {
      if (quote) {
        if (ch === quote) quote = undefined;
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '>') inTag = false;
    } else if (ch === '<' && /[A-Za-z/!?]/.test(source[i + 1] ?? '')) {
      inTag = true;
    }
  }
  return out;
}

export interface MarkOrigin {
  file: string;
  line: number;
}

/**
 * Maps a 1-based line in the rendered markup back to a template file and
 * line: the nearest mark before it, plus the lines in between.
 */
export function originOfMarkupLine(markup: string, markupLine: number, files: readonly string[]): MarkOrigin | undefined {
  let offset = 0;
  for (let l = 1; l < markupLine; l++) {
    const nl = markup.indexOf('\n', offset);
    if (nl === -1) break;
    offset = nl + 1;
  }
  const lineEnd = markup.indexOf('\n', offset);
  const upto = markup.slice(0, lineEnd === -1 ? markup.length : lineEnd);
  let last: RegExpExecArray | undefined;
  for (const m of upto.matchAll(SOURCE_MARK)) last = m as RegExpExecArray;
  if (!last) return undefined;
  const between = markup.slice(last.index + last[0].length, offset);
  const extra = between.split('\n').length - 1;
  const file = files[Number(last[1])];
  return file === undefined ? undefined : { file, line: Number(last[2]) + extra };
}
