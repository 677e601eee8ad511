import { Command, Help } from 'commander';
import { displayWidth } from './width.js';

/*
 * commander prints its own words in English. Our users read Chinese, so the
 * help headings and the usage errors are translated here, in one place.
 */

const headings: [RegExp, string][] = [
  [/^Usage:/m, '用法：'],
  [/^Options:/m, '选项：'],
  [/^Commands:/m, '命令：'],
  [/^Arguments:/m, '参数：'],
  [/\(default: ([^)]*)\)/g, '（默认：$1）'],
];

const errors: [RegExp, string][] = [
  [/error: unknown option '([^']*)'/, '错误：未知选项「$1」'],
  [/error: unknown command '([^']*)'/, '错误：未知命令「$1」'],
  [/error: too many arguments.*/, '错误：参数过多'],
  [/error: missing required argument '([^']*)'/, '错误：缺少参数「$1」'],
  [/error: option '([^']*)' argument missing/, '错误：选项「$1」缺少取值'],
  [/error: option '([^']*)' argument '([^']*)' is invalid. ?/, '错误：选项「$1」的取值「$2」无效：'],
  [/\(Did you mean ([^)]*)\?\)/, '（是否想写 $1？）'],
];

export function translate(text: string, table: [RegExp, string][]): string {
  return table.reduce((s, [re, zh]) => s.replace(re, zh), text);
}

/** Applies Chinese help and error output to a command and all its subcommands. */
export function localize(cmd: Command): Command {
  cmd.configureHelp({
    formatHelp: (c, helper) => translate(Help.prototype.formatHelp.call(helper, c, helper), headings),
    // Chinese characters take two columns; commander counts one and misaligns the help.
    displayWidth,
    // commander wraps at spaces, which Chinese text has few of; let the terminal wrap instead.
    helpWidth: 1000,
    subcommandTerm(this: Help, c: Command) {
      return Help.prototype.subcommandTerm.call(this, c).replace('[options]', '[选项]');
    },
    commandUsage(this: Help, c: Command) {
      return Help.prototype.commandUsage.call(this, c).replace('[options]', '[选项]').replace('[command]', '[命令]');
    },
  });
  cmd.configureOutput({
    outputError: (str, write) => write(translate(str, errors)),
  });
  cmd.helpOption('-h, --help', '显示帮助');
  return cmd;
}
