/*
 * Slips that county staff make typing YAML with a Chinese input method or
 * pasting from Excel: a full-width colon or space after a key, full-width
 * indentation, a Tab-separated row. The parser's own complaint
 * (「字段名不能跨行」, 「缺少必要的符号」) never names the character that
 * caused it, so the line it stopped at is looked at for these first.
 * Values that parse but were not meant are in value-slips.ts.
 */

/** A slip found on one line of YAML text; `column` is 1-based, where the wrong character is. */
export interface LineSlip {
  code: string;
  column: number;
  message: string;
  hint: string;
}

/** A key as the contract spells them: English letters, digits, `-` and `_`. */
const keyLine = /^(\s*(?:-\s+)?)([A-Za-z][A-Za-z0-9_-]*)/;

/**
 * The slip on a line the parser stopped at, if it has one: a full-width colon
 * or space after a key, full-width spaces as indentation, or cells separated
 * by Tabs (a row copied from Excel).
 */
export function lineSlip(line: string): LineSlip | undefined {
  const indent = /^[ ]*\u3000[ \u3000]*/.exec(line);
  if (indent) {
    return {
      code: 'yaml/full-width-space',
      column: indent[0].indexOf('\u3000') + 1,
      message: '这一行用中文全角空格「　」缩进',
      hint: '缩进只能用英文半角空格：删除行首的全角空格，切换到英文输入法后用空格键重新缩进，与同级的字段对齐。',
    };
  }
  const key = keyLine.exec(line);
  if (key) {
    const [head, , name] = key as unknown as [string, string, string];
    const rest = line.slice(head.length);
    const colon = /^[ \u3000]*：[ \u3000]*/.exec(rest);
    if (colon) {
      return {
        code: 'yaml/full-width-colon',
        column: head.length + rest.indexOf('：') + 1,
        message: `字段名 ${name} 后面是中文冒号「：」`,
        hint: `YAML 只认英文冒号：切换到英文输入法，把「：」改成英文冒号「:」，后面加一个空格，写成 ${name}: ${example(rest.slice(colon[0].length))}`,
      };
    }
    const space = /^[ ]*:\u3000/.exec(rest);
    if (space) {
      return {
        code: 'yaml/full-width-space',
        column: head.length + space[0].length,
        message: `字段名 ${name} 的冒号后面是中文全角空格「　」`,
        hint: `冒号后面要用英文半角空格：删除全角空格，切换到英文输入法后输入一个空格，写成 ${name}: ${example(rest.slice(space[0].length))}`,
      };
    }
  }
  // A Tab between two cells (not after a colon, where YAML allows it as a space).
  const tab = /[^\s:]\t+\S/.exec(line);
  if (tab && !line.trimStart().startsWith('#')) {
    return {
      code: 'yaml/tab-separated',
      column: tab.index + 2,
      message: '这一行的内容用 Tab 分隔，像是从 Excel 表格复制来的一行',
      hint: '目录文件中每个字段要写成「字段名: 值」，一行一个（参照示例目录）。整张表格可以用 handbook import 导入成目录文件（见 docs/import.md）。',
    };
  }
  return undefined;
}

/** The value as the hint's example shows it: as typed, without full-width spaces, cut short. */
function example(value: string): string {
  const chars = [...value.replace(/\u3000/g, ' ').trim()];
  return chars.length > 20 ? `${chars.slice(0, 20).join('')}…` : chars.join('') || '…';
}
