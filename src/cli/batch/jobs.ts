import fs from 'node:fs';
import { MAX_YAML_BYTES, readInputText } from '../../host/host.js';
import path from 'node:path';
import YAML from 'yaml';

/**
 * The handbook files a batch names: files as given, and for a folder every
 * YAML file in it or one level down that is a handbook file (has a
 * `catalogue` key), sorted so runs are repeatable.
 */
export function expandInputs(inputs: readonly string[]): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    const stat = fs.statSync(input, { throwIfNoEntry: false });
    if (!stat?.isDirectory()) {
      out.push(path.resolve(input));
      continue;
    }
    const candidates: string[] = [];
    for (const entry of fs.readdirSync(input, { withFileTypes: true })) {
      const p = path.join(input, entry.name);
      if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) candidates.push(p);
      else if (entry.isDirectory()) {
        for (const inner of fs.readdirSync(p)) if (/\.ya?ml$/i.test(inner)) candidates.push(path.join(p, inner));
      }
    }
    out.push(...candidates.filter(isHandbookFile).map((p) => path.resolve(p)).sort());
  }
  return [...new Set(out)];
}

function isHandbookFile(file: string): boolean {
  let text: string;
  try {
    text = readInputText(file, MAX_YAML_BYTES);
  } catch {
    // A FIFO, a device or a huge file named *.yaml: the build of it reports why.
    return /handbook/i.test(path.basename(file));
  }
  try {
    const data = YAML.parse(text, { maxAliasCount: 100 }) as Record<string, unknown> | null;
    return data !== null && typeof data === 'object' && 'catalogue' in data;
  } catch {
    // A broken file is still a handbook the user meant to build: report it.
    return /handbook/i.test(path.basename(file)) || text.includes('catalogue:');
  }
}
