/**
 * The ASCII form of a web address, for what machines read: the QR payload
 * and the PDF's link annotations. An address with Chinese in its host, path
 * or query (an IRI) becomes a URI as browsers send it: punycode host,
 * UTF-8 percent-encoded path, query and fragment (WHATWG URL). Encoded as
 * raw UTF-8 without an ECI header, such a QR code is read as Latin-1 or
 * Shift-JIS by many decoders; and a PDF URI action is ASCII by definition
 * (ISO 32000-1, 12.6.4.7). The printed caption keeps the readable form.
 *
 * ASCII addresses are returned as written: WHATWG would also normalise them
 * (a slash after a bare host, a lower-case scheme), which would change codes
 * that already scan as their owners expect.
 */
export function uriOf(address: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[^\u0000-\u007f]/.test(address)) return address;
  try {
    return new URL(address).href;
  } catch {
    // Not a URL at all (a template may put anything in a code): the text as it is.
    return address;
  }
}
