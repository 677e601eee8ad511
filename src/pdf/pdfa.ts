import fs from 'node:fs';
import path from 'node:path';
import { PDFDict, PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { packageRoot } from '../paths.js';

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
export function addPdfA(doc: PDFDocument, meta: PdfAMetadata): void {
  const context = doc.context;
  // Bytes, not a string: pdf-lib would write a string's characters as Latin-1.
  const xmp = Buffer.from(xmpPacket(meta), 'utf8');
  const metadata = context.stream(xmp, { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), context.register(metadata));

  const srgb = context.register(context.flateStream(fs.readFileSync(SRGB_FILE), { N: 3 }));
  const intent = context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
    RegistryName: PDFString.of('http://www.color.org'),
    Info: PDFString.of('sRGB IEC61966-2.1'),
    DestOutputProfile: srgb,
  });
  doc.catalog.set(PDFName.of('OutputIntents'), context.obj([context.register(intent)]));

  const cmykProfile = context.register(context.flateStream(fs.readFileSync(CMYK_FILE), { N: 4, Alternate: 'DeviceCMYK' }));
  const defaultCmyk = context.register(context.obj([PDFName.of('ICCBased'), cmykProfile]));
  for (const page of doc.getPages()) {
    const resources = page.node.normalizedEntries().Resources;
    const spaces = resources.lookupMaybe(PDFName.of('ColorSpace'), PDFDict) ?? context.obj({});
    spaces.set(PDFName.of('DefaultCMYK'), defaultCmyk);
    resources.set(PDFName.of('ColorSpace'), spaces);
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
