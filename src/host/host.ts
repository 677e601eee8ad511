import fs from 'node:fs';

/**
 * File access behind a small interface (typst's `World`): the core asks for
 * files; the CLI supplies the real file system, tests may supply memory.
 * Paths are absolute.
 */
export interface Host {
  /** Reads a UTF-8 file. Throws a Node-style error (with `code`) if it cannot. */
  readText(file: string): string;
  exists(file: string): boolean;
  /** True for a folder; hosts without folders may leave it out. */
  isDirectory?(file: string): boolean;
}

export const nodeHost: Host = {
  readText: (file) => fs.readFileSync(file, 'utf8'),
  exists: (file) => fs.existsSync(file),
  isDirectory: (file) => fs.statSync(file, { throwIfNoEntry: false })?.isDirectory() ?? false,
};

/** A host over an in-memory map of absolute path → text, for unit tests. */
export function memoryHost(files: Record<string, string>): Host {
  return {
    readText(file) {
      const text = files[file];
      if (text === undefined) {
        throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
      }
      return text;
    },
    exists: (file) => file in files,
  };
}
