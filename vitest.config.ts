import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // TMPDIR is a folder of the run's own, removed at its end (test/global-setup.ts).
    globalSetup: ['test/global-setup.ts'],
    // Vitest's default is one worker fewer than the cores: one on a 2-core machine. Much of the suite
    // waits on other processes (the CLI server, Chromium, qpdf), so every core gets a worker.
    maxWorkers: Math.max(2, os.availableParallelism()),
    // Test files share the modules a worker has loaded (pdfmake, fontkit, mupdf, zxing, the CLI
    // server) instead of loading them again for each file. Tests that need fresh modules reset them.
    isolate: false,
    // End-to-end tests build real PDFs and rasterize them; give them room on a 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
