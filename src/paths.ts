import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed package's root: built-in templates/, fonts/ and data/ live here. */
export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const builtinTemplatesDir = path.join(packageRoot, 'templates');
export const builtinFontsDir = path.join(packageRoot, 'fonts');
