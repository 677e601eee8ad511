// The handbook's resolved content as JSON for the Typst template, with each
// QR code as an SVG (ECC M, 4-module quiet zone), like our own build prints.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import QRCode from 'qrcode';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { checkHandbook } = await import(pathToFileURL(path.join(repo, 'dist/index.js')).href);

export async function handbookJson(file) {
  const { handbook } = checkHandbook(file);
  const categories = [];
  for (const c of handbook.categories) {
    const items = [];
    for (const i of c.items) {
      items.push({
        seq: String(i.seq).padStart(2, '0'),
        name: i.name,
        content: i.content.join('、'),
        basis: i.basis.join('\n'),
        timeLimit: i.timeLimit,
        subject: i.subject,
        channels: i.channels.join('、'),
        audience: i.audience.join('、'),
        method: i.method.join('、'),
        levels: i.levels.join('、'),
        qr: await QRCode.toString(i.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 }),
        shortUrl: i.url.replace(/^https:\/\//, ''),
      });
    }
    categories.push({ name: c.name, items });
  }
  return JSON.stringify({ title: handbook.title, agency: handbook.locality.agency, catalogueTitle: handbook.catalogueTitle, categories });
}

export const fontDirs = [
  '@expo-google-fonts/noto-sans-sc/400Regular',
  '@expo-google-fonts/noto-sans-sc/700Bold',
  '@expo-google-fonts/noto-serif-sc/400Regular',
].map((d) => path.join(repo, 'node_modules', d));
