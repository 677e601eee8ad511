import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

/*
 * patches/pdfmake adds StyleContextStack.getProperties, which resolves a text
 * item's two dozen style properties in one walk down the stack. It must give
 * exactly what getProperty gives name by name, whatever the stack holds:
 * named styles (some extending others), override objects, null values that
 * do not count, inherited keys, and the default style underneath.
 */

const require = createRequire(import.meta.url);
type Stack = {
  push(item: unknown): void;
  getProperty(name: string): unknown;
  getProperties(wanted: unknown): unknown[];
};
const StyleContextStack = require('pdfmake/js/StyleContextStack.js').default as {
  new (dictionary: object, defaultStyle: object): Stack;
  propertySet(names: string[]): { names: string[] };
};

const names = ['font', 'fontSize', 'bold', 'color', 'alignment', 'lineHeight', 'link', 'noWrap'];
const values = [null, undefined, 0, false, '', 'a', 'b', 12, true];

/** Small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x80000000;
  };
}

function someProperties(next: () => number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) if (next() < 0.3) out[name] = values[Math.floor(next() * values.length)];
  return out;
}

describe('StyleContextStack.getProperties', () => {
  it('gives what getProperty gives for every name, over 2,000 random stacks', () => {
    const wanted = StyleContextStack.propertySet(names);
    for (let seed = 1; seed <= 2000; seed++) {
      const next = random(seed);
      const dictionary: Record<string, Record<string, unknown>> = {};
      for (const style of ['s0', 's1', 's2', 's3']) dictionary[style] = someProperties(next);
      dictionary.s3.extends = next() < 0.5 ? 's1' : ['s0', 's2'];
      const stack = new StyleContextStack(dictionary, someProperties(next));
      const depth = Math.floor(next() * 12);
      for (let i = 0; i < depth; i++) {
        const r = next();
        if (r < 0.35) stack.push(`s${Math.floor(next() * 5)}`); // s4 is not defined
        else if (r < 0.45) stack.push(Object.create(someProperties(next)));
        else stack.push({ text: 'x', ...someProperties(next) });
      }
      const expected = names.map((name) => stack.getProperty(name));
      expect(stack.getProperties(wanted), `seed ${seed}`).toEqual(expected);
    }
  });
});
