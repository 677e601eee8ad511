import { FAILSAFE_SCHEMA, Type } from 'js-yaml';

/**
 * js-yaml set up to read plain values exactly as the yaml library's YAML 1.2
 * core schema does (yaml/dist/schema/core: the same tests, in the same order,
 * resolved the same way), so both parsers give the same data. js-yaml's own
 * schemas differ: its default one reads dates, and its integers allow "_".
 */
type Rule = [RegExp, (s: string) => unknown];

/** One js-yaml type per tag (js-yaml keeps only the last type of a tag), trying the rules in order. */
const scalar = (tag: string, rules: Rule[]) => {
  const rule = (s: string | null) => rules.find(([test]) => test.test(s ?? ''));
  return new Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (s: string | null) => rule(s) !== undefined,
    construct: (s: string | null) => rule(s)![1](s ?? ''),
  });
};

export const coreSchema = FAILSAFE_SCHEMA.extend({
  implicit: [
    scalar('null', [[/^(?:~|[Nn]ull|NULL)?$/, () => null]]),
    scalar('bool', [[/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (s) => s[0] === 't' || s[0] === 'T']]),
    scalar('int', [
      [/^0o[0-7]+$/, (s) => parseInt(s.substring(2), 8)],
      [/^[-+]?[0-9]+$/, (s) => parseInt(s, 10)],
      [/^0x[0-9a-fA-F]+$/, (s) => parseInt(s.substring(2), 16)],
    ]),
    scalar('float', [
      [/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, (s) => (s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY)],
      [/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, parseFloat],
      [/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, parseFloat],
    ]),
  ],
});

/**
 * Files the two parsers could read differently, sent to the yaml library:
 * - what it guards or reads by other rules: anchors and aliases (expansion is
 *   capped there), tags, directives (%YAML 1.1 changes the schema), merge keys;
 * - what js-yaml is more lenient with than the yaml library, found by fuzzing
 *   (test/catalogue/yaml-fast.test.ts): a quoted string or a flow collection
 *   [ ] { } that runs past its line or is a key, a closing quote or bracket
 *   run into the next character, an explicit key "?", a list item that is
 *   only a comment, and in a flow
 *   collection ":" in a list, or a "," or ":" with nothing since the last one.
 * A false alarm (a "*" after a space in a value) only costs the faster path.
 */
export function needsFullParser(text: string): boolean {
  if (/(?:^|[\s[{,])[&*!%]|<</.test(text)) return true;
  for (const line of text.split('\n')) if (riskyLine(line)) return true;
  return false;
}

function riskyLine(line: string): boolean {
  if (/^[ \t]*-[ \t]+#/.test(line)) return true; // a list item that is only a comment
  let quote = '';
  const flow: string[] = []; // open brackets
  let afterSeparator = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (quote === '"' && ch === '\\') i++;
      else if (ch === quote) {
        if (quote === "'" && line[i + 1] === "'") i++;
        else {
          quote = '';
          if (!closes(line, i)) return true;
        }
      }
      continue;
    }
    if (ch === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) break;
    if (ch === '"' || ch === "'") {
      quote = ch;
      afterSeparator = false;
    } else if (ch === '[' || ch === '{') {
      flow.push(ch);
      afterSeparator = true; // nothing yet: a "," or ":" here is empty
    } else if (ch === ']' || ch === '}') {
      flow.pop();
      // A collection as a key, or run into what follows.
      if (!closes(line, i) || /^[ \t]*:/.test(line.slice(i + 1))) return true;
    } else if (ch === '?' && (i === 0 || /[\s-]/.test(line[i - 1]!)) && /^(?:[ \t]|$)/.test(line.slice(i + 1))) return true;
    else if (flow.length > 0) {
      const list = flow[flow.length - 1] === '[';
      if (ch === '?' || (ch === ':' && list)) return true;
      if (ch === ',' || ch === ':') {
        if (afterSeparator) return true;
        afterSeparator = true;
      } else if (ch !== ' ' && ch !== '\t') afterSeparator = false;
    }
  }
  return quote !== '' || flow.length > 0;
}

/** Whether what follows a closing quote or bracket at `i` may follow it: a space, a separator, the line end. */
function closes(line: string, i: number): boolean {
  const next = line[i + 1];
  return next === undefined || next === ' ' || next === '\t' || next === ',' || next === ':' || next === ']' || next === '}';
}
