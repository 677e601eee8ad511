import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHandbook } from '../../src/check.js';
import { HandbookError, buildHandbook } from '../../src/index.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
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
/** Scenarios run as a plain `build handbook.yaml`: buildHandbook's HandbookError carries what the CLI prints. */
const builds = fs
  .readdirSync(root)
  .filter((d) => fs.existsSync(path.join(root, d, 'expected')) && fs.existsSync(path.join(root, d, 'command')))
  .filter((d) => fs.readFileSync(path.join(root, d, 'command'), 'utf8').trim() === 'build handbook.yaml')
  .sort();

function printed(diagnostics: readonly Diagnostic[], dir: string): string {
  return sortDiagnostics(diagnostics).map((d) => formatDiagnostic(d, dir)).join('\n');
}

describe('check fixtures, in-process', () => {
  it('has at least 30 check scenarios', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(30);
  });

  for (const name of scenarios) {
    it(name, () => {
      const dir = path.join(root, name);
      const { diagnostics } = checkHandbook(path.join(dir, 'handbook.yaml'));
      expect(printed(diagnostics, dir)).toBe(fs.readFileSync(path.join(dir, 'expected'), 'utf8').trimEnd());
    });
  }
});

describe('build fixtures, in-process', () => {
  it('has at least 10 build scenarios', () => {
    expect(builds.length).toBeGreaterThanOrEqual(10);
  });

  for (const name of builds) {
    // Stryker's sandbox copies a symbolic link as the file it points to, so this scenario is not there in a mutation run.
    it.skipIf(name === 'image-symlink' && process.env.HANDBOOK_MUTATION_RUN === '1')(name, async () => {
      const dir = path.join(root, name);
      const err = await buildHandbook(path.join(dir, 'handbook.yaml')).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(HandbookError);
      expect(printed((err as HandbookError).diagnostics, dir)).toBe(fs.readFileSync(path.join(dir, 'expected'), 'utf8').trimEnd());
    });
  }
});
