import { createRequire } from 'node:module';
import type * as Fontkit from 'fontkit';

/**
 * fontkit through require, not import: pdfkit requires it, and fontkit ships
 * separate ESM and CommonJS builds, so an import would load and compile a
 * second copy of it on every start, and faces opened here would be of other
 * classes than the ones pdfkit makes.
 */
export const fontkit = createRequire(import.meta.url)('fontkit') as typeof Fontkit;
export type { Font, FontCollection } from 'fontkit';
