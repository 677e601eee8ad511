import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/*
 * The run's temporary files in one folder of their own, removed when the run ends: the test files
 * make hundreds of `handbook-*` folders with mkdtemp (workspaces, built PDFs, sites, Chromium
 * profiles), and most leave them for the system to clean. Workers and the processes they start
 * inherit TMPDIR, which os.tmpdir() reads.
 */
export default function setup(): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-test-run-'));
  // As /tmp is: anyone may make files in it, and only remove their own (the fault tests run the CLI
  // as the user nobody, to show a folder it may not write to).
  fs.chmodSync(dir, 0o1777);
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
