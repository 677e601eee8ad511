import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../paths.js';
import type { KitDoc } from './kit.js';

export interface PdfAMetadata {
  title: string;
  author: string;
  subject: string;
  keywords: string;
  creator: string;
  producer: string;
  date: Date;
  language: string;
}

const SRGB_FILE = path.join(packageRoot, 'data/icc/sRGB2014.icc');
const CMYK_FILE = path.join(packageRoot, 'data/icc/CGATS001Compat-v2-micro.icc');

/**
 * Makes the document PDF/A-2b: XMP metadata that repeats the document
 * information and identifies the file as PDF/A-2 level B; an sRGB output
 * intent; and, because our pages paint in DeviceCMYK, a DefaultCMYK colour
 * space on every page that gives those colours a defined meaning (ISO
 * 19005-2, 6.2.4.3). Fonts are already embedded, as subsets, by pdfkit.
 */
export function addPdfA(doc: KitDoc, meta: PdfAMetadata): void {
  const xmp = Buffer.from(xmpPacket(meta), 'utf8');
  const metadata = doc.ref({ Type: 'Metadata', Subtype: 'XML', Length: xmp.length });
  // XMP stays uncompressed so archive tools can read it without a PDF parser.
  (metadata as unknown as { compress: boolean }).compress = false;
  metadata.write(xmp);
  metadata.end();
  doc._root.data.Metadata = metadata;

  const srgb = doc.ref({ N: 3 });
  srgb.write(fs.readFileSync(SRGB_FILE));
  srgb.end();
  const intent = doc.ref({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: new String('sRGB IEC61966-2.1'),
    RegistryName: new String('http://www.color.org'),
    Info: new String('sRGB IEC61966-2.1'),
    DestOutputProfile: srgb,
  });
  intent.end();
  doc._root.data.OutputIntents = [intent];

  const cmykProfile = doc.ref({ N: 4, Alternate: 'DeviceCMYK' });
  cmykProfile.write(fs.readFileSync(CMYK_FILE));
  cmykProfile.end();
  const count = doc.bufferedPageRange().count;
  for (let i = 0; i < count; i++) {
    doc.switchToPage(i);
    const resources = doc.page.resources.data;
    resources.ColorSpace = { ...(resources.ColorSpace as Record<string, unknown> | undefined), DefaultCMYK: ['ICCBased', cmykProfile] };
  }
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** XMP dates must equal the Info dictionary's (PDF/A-2, 6.6.2.3). */
function xmpDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function xmpPacket(m: PdfAMetadata): string {
  const e = escapeXml;
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${e(m.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>${e(m.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${e(m.subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>${e(m.language)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>${e(m.keywords)}</pdf:Keywords>
   <pdf:Producer>${e(m.producer)}</pdf:Producer>
   <xmp:CreatorTool>${e(m.creator)}</xmp:CreatorTool>
   <xmp:CreateDate>${xmpDate(m.date)}</xmp:CreateDate>
   <xmp:ModifyDate>${xmpDate(m.date)}</xmp:ModifyDate>
   <xmp:MetadataDate>${xmpDate(m.date)}</xmp:MetadataDate>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}
