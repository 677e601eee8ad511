import { defineConfig } from 'vitest/config';

/**
 * The tests Stryker runs against mutants (see docs/mutation.md): only fast
 * ones that load the mutated modules in-process. Tests that spawn the built
 * CLI (dist/), a browser or an npm install never load a mutant, and the
 * property tests that build dozens of documents would make every mutant
 * cost seconds, so they are left out.
 */
const scoped = process.env.HANDBOOK_MUTATE_TESTS?.split(',').filter(Boolean);

export default defineConfig({
  test: {
    // HANDBOOK_MUTATE_TESTS=glob,glob narrows a run to some of these (see docs/mutation.md).
    include: scoped?.length ? scoped : [
      'test/output/*.test.ts',
      'test/pdf/nested-text.test.ts',
      'test/pdf/relayout.test.ts',
      'test/pdf/render.test.ts',
      'test/pdf/impose.test.ts',
      'test/pdf/finish.test.ts',
      'test/document/qr.test.ts',
      'test/markup/*.test.ts',
      'test/catalogue/resolve.test.ts',
      'test/catalogue/sample.test.ts',
      'test/catalogue/small.test.ts',
      'test/catalogue/fixtures.test.ts',
      'test/catalogue/validate.test.ts',
      'test/e2e/data-safety.test.ts',
    ],
    // Read by tests that must not run against mutants (see test/output/fault-writes.test.ts).
    env: { HANDBOOK_MUTATION_RUN: '1' },
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
