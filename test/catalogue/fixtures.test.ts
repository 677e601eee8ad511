import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHandbook } from '../../src/check.js';
import { sortDiagnostics } from '../../src/diagnostics/diagnostic.js';
import { formatDiagnostic } from '../../src/diagnostics/format.js';
import { repoRoot } from '../helpers/cli.js';

/*
 * The `check` scenarios of test/fixtures, in-process: checkHandbook's
 * diagnostics, formatted as the CLI prints them, are exactly `expected`.
 * test/fixtures.test.ts runs the same folders through the built CLI; this
 * copy is what mutation testing (which mutates src/, not dist/) can see.
 */

const root = path.join(repoRoot, 'test/fixtures');
const scenarios = fs
  .readdirSync(root)
  .filter((d) => fs.existsSync(path.join(root, d, 'expected')) && !fs.existsSync(path.join(root, d, 'command')))
  .sort();

describe('check fixtures, in-process', () => {
  it('has at least 30 check scenarios', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(30);
  });

  for (const name of scenarios) {
    it(name, () => {
      const dir = path.join(root, name);
      const { diagnostics } = checkHandbook(path.join(dir, 'handbook.yaml'));
      const printed = sortDiagnostics(diagnostics).map((d) => formatDiagnostic(d, dir)).join('\n');
      expect(printed).toBe(fs.readFileSync(path.join(dir, 'expected'), 'utf8').trimEnd());
    });
  }
});
