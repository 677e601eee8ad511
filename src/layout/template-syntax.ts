/**
 * Where a template's blocks go wrong, found from the text: Handlebars reports
 * an unclosed {{#each}} at the end of the file ("got 'EOF'") and in English,
 * but a person looks for the block that was opened and never closed.
 */
export interface BlockProblem {
  line: number;
  column: number;
  message: string;
}

/**
 * The first unbalanced block in `source`: a {{/name}} with no opening
 * {{#name}}, or the innermost {{#name}} (or {{^name}}) left open. Comments
 * are skipped; undefined when every block is closed.
 */
export function findBlockProblem(source: string): BlockProblem | undefined {
  // Comments may hold anything; blank them, keeping offsets.
  const text = source.replace(/\{\{!--[^]*?--\}\}|\{\{![^]*?\}\}/g, (c) => c.replace(/[^\n]/g, ' '));
  const open: { name: string; sign: string; offset: number }[] = [];
  const tag = /\{\{~?\s*([#^/])\s*([>*]?)\s*([^\s}~()]+)/g;
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    const [, sign, , name] = m as unknown as [string, string, string, string];
    if (sign !== '/') {
      open.push({ name, sign, offset: m.index });
      continue;
    }
    const at = open.map((o) => o.name).lastIndexOf(name);
    if (at === -1) return { ...position(source, m.index), message: `{{/${name}}} 前面没有对应的 {{#${name}}}` };
    // Blocks opened after the one this closes were never closed: report the innermost.
    if (at < open.length - 1) return unclosed(source, open[open.length - 1]!);
    open.pop();
  }
  const last = open[open.length - 1];
  return last ? unclosed(source, last) : undefined;
}

function unclosed(source: string, block: { name: string; sign: string; offset: number }): BlockProblem {
  return { ...position(source, block.offset), message: `{{${block.sign}${block.name}}} 没有对应的 {{/${block.name}}}` };
}

function position(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}
