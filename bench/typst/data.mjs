// Typst's input for one handbook: the content our default template prints,
// resolved by our own code (catalogue, locality, edition, the channels'
// glossary) and written as JSON, with each QR code as the same symbol our
// build draws (same encoder, mask and ECC level), given as rectangles in
// module units that handbook.typ fills as one vector path, as our PDF does.
//
// This runs BEFORE any timing, in the bench's own process (bench/run.mjs),
// never in Typst's timed process (bench/typst/compile.mjs): Typst is timed reading a finished
// data.json, with nothing of ours loaded. That favours Typst (our timed
// build also parses the YAML, validates it and encodes the QR codes; Typst's
// does none of it) — the ratio printed is the stricter one for us.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = (p) => import(pathToFileURL(path.join(repo, 'dist', p)).href);
const { requireHandbook } = await dist('check.js');
const { loadTemplate } = await dist('layout/template.js');
const { resolveTheme } = await dist('layout/theme.js');
const { layoutContext } = await dist('layout/context.js');
const { chineseNumber, printableUrl } = await dist('layout/helpers.js');
const { qrSymbol } = await dist('document/qr.js');

const template = loadTemplate('default', [path.join(repo, 'templates')]).value;

/** The resolved content of `file` (a handbook.yaml) as Typst's data.json text. */
export function handbookJson(file) {
  // As a build: refused (HandbookError) where ours would refuse to print.
  const { handbook } = requireHandbook(file);
  const ctx = layoutContext(handbook, resolveTheme(template.theme, handbook.paper), template.data);
  const card = (i) => {
    const symbol = qrSymbol(i.url, ctx.theme.qrSize, ctx.theme.qrEcc);
    return {
      id: i.id,
      seq: String(i.seq).padStart(2, '0'),
      name: i.name,
      content: i.content.join('、'),
      basis: i.basis,
      timeLimit: i.timeLimit,
      subject: i.subject,
      channels: i.channels.join('、'),
      audience: i.audience.join('、'),
      method: i.method.join('、'),
      levels: i.levels.join('、'),
      ...(i.note && { note: i.note }),
      shortUrl: printableUrl(i.url),
      // Side in points and module count with the quiet zone; rects in module units.
      qr: { size: symbol.size, modules: symbol.size / symbol.module, rects: symbol.rects },
    };
  };
  return JSON.stringify({
    title: ctx.title,
    domain: ctx.domain,
    catalogue: ctx.catalogue,
    locality: ctx.locality,
    edition: { number: chineseNumber(ctx.edition.number), dateText: ctx.edition.dateText },
    stats: ctx.stats,
    channels: ctx.channels,
    categories: ctx.categories.map((c) => ({ code: c.code, name: c.name, index: chineseNumber(c.index), count: c.count, items: c.items.map(card) })),
  });
}

// By hand: node bench/typst/data.mjs <handbook.yaml> > data.json
if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write(handbookJson(process.argv[2]));
