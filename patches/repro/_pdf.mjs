// Shared by the reproductions in this folder: loads a pdfmake 0.3 copy, builds an
// uncompressed PDF through its public Node API, and reads back what the first page
// draws. Node built-ins only, so a script runs against any pdfmake directory.
import { createRequire } from 'node:module';
import path from 'node:path';
import fs from 'node:fs';

/** pdfmake from the directory given as argv[2] or $PDFMAKE_DIR. */
export function loadPdfmake(usage) {
  const dir = process.argv[2] || process.env.PDFMAKE_DIR;
  if (!dir) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  const root = path.resolve(dir);
  const require = createRequire(path.join(root, 'package.json'));
  const pdfmake = require(root);
  const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
  const pdfkitDir = path.dirname(require.resolve('pdfkit/package.json'));
  // No network, any local file: only the fonts below are read.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => true);
  const roboto = path.join(root, 'fonts', 'Roboto');
  pdfmake.setFonts({
    Roboto: {
      normal: path.join(roboto, 'Roboto-Regular.ttf'),
      bold: path.join(roboto, 'Roboto-Medium.ttf'),
      italics: path.join(roboto, 'Roboto-Italic.ttf'),
      bolditalics: path.join(roboto, 'Roboto-MediumItalic.ttf'),
    },
  });
  console.log(`pdfmake ${version} from ${root}\n  (pdfkit from ${pdfkitDir})`);
  return pdfmake;
}

/** The PDF as bytes, uncompressed so its content streams can be read. */
export async function build(pdfmake, docDefinition) {
  return pdfmake.createPdf({ compress: false, ...docDefinition }).getBuffer();
}

// ---- reading the PDF back -------------------------------------------------

function objects(buf) {
  const s = buf.toString('latin1');
  const out = new Map();
  const re = /(\d+) 0 obj\b/g;
  let m;
  while ((m = re.exec(s))) {
    const start = m.index + m[0].length;
    const end = s.indexOf('endobj', start);
    let body = s.slice(start, end);
    let stream = null;
    const k = body.indexOf('stream');
    if (k >= 0 && /\/Length\s+(\d+)/.test(body.slice(0, k))) {
      const len = Number(body.slice(0, k).match(/\/Length\s+(\d+)/)[1]);
      let from = k + 'stream'.length;
      if (body[from] === '\r') from++;
      if (body[from] === '\n') from++;
      stream = body.slice(from, from + len);
      body = body.slice(0, k);
    }
    out.set(Number(m[1]), { dict: body, stream });
    re.lastIndex = end;
  }
  return out;
}

function tokens(s) {
  const out = [];
  const re = /\s*(<<|>>|\[|\]|<[0-9a-fA-F\s]*>|\((?:\\.|[^\\)])*\)|\/[^\s/\[\]()<>]+|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'"*]+)/gy;
  let m;
  while ((m = re.exec(s))) {
    out.push(m[1]);
  }
  return out;
}

/** Content stream operators as { op, args }. */
export function operators(stream) {
  const ops = [];
  let args = [];
  const stack = [];
  for (const t of tokens(stream)) {
    if (t === '[') {
      stack.push(args);
      args = [];
    } else if (t === ']') {
      const arr = args;
      args = stack.pop();
      args.push(arr);
    } else if (/^[-+.\d]/.test(t)) {
      args.push(Number(t));
    } else if (t[0] === '/' || t[0] === '<' || t[0] === '(') {
      args.push(t);
    } else {
      ops.push({ op: t, args });
      args = [];
    }
  }
  return ops;
}

const mul = (a, b) => [
  a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
  a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
  a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5],
];
const apply = (m, x, y) => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

function cmap(stream) {
  const map = new Map();
  const re = /<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*\[([^\]]*)\]/gi;
  let m;
  while ((m = re.exec(stream))) {
    let code = parseInt(m[1], 16);
    for (const e of m[3].match(/<[^>]*>/g) || []) {
      const units = e.slice(1, -1).trim().split(/\s+/).map(h => parseInt(h, 16));
      map.set(code++, String.fromCharCode(...units));
    }
  }
  return map;
}

/**
 * The first page, read back: its size, operators, and what they draw in
 * pdfmake's coordinates (origin top left, y down): the start of every path
 * (`m`), every glyph with its font, colour and advance.
 */
export function firstPage(buf) {
  const objs = objects(buf);
  const ref = (dict, key) => {
    const m = dict.match(new RegExp(`/${key}\\s+(\\d+) 0 R`));
    return m ? objs.get(Number(m[1])) : null;
  };
  const page = [...objs.values()].find(o => /\/Type\s*\/Page\b(?!s)/.test(o.dict));
  const [, width, height] = page.dict.match(/\/MediaBox\s*\[\s*[-\d.]+\s+[-\d.]+\s+([-\d.]+)\s+([-\d.]+)/).map(Number);
  const ops = operators(ref(page.dict, 'Contents').stream);
  const resources = ref(page.dict, 'Resources');
  const fontDict = (resources ? resources.dict : page.dict).match(/\/Font\s*<<([^>]*)>>/);
  const fonts = {};
  for (const [, name, num] of (fontDict ? fontDict[1] : '').matchAll(/\/(\S+)\s+(\d+) 0 R/g)) {
    const f = objs.get(Number(num));
    const cid = ref(f.dict, 'DescendantFonts') || objs.get(Number(f.dict.match(/\/DescendantFonts\s*\[\s*(\d+) 0 R/)[1]));
    const w = cid.dict.match(/\/W\s*\[\s*0\s*\[([^\]]*)\]/);
    fonts[name] = {
      name: f.dict.match(/\/BaseFont\s*\/(\S+)/)[1].replace(/^[A-Z]{6}\+/, ''),
      widths: w ? w[1].trim().split(/\s+/).map(Number) : [],
      toUnicode: cmap(ref(f.dict, 'ToUnicode').stream),
    };
  }

  const flip = [1, 0, 0, -1, 0, height]; // PDF space -> pdfmake's (y down)
  const toTop = (m, x, y) => apply(mul(m, flip), x, y);
  let ctm = [1, 0, 0, 1, 0, 0];
  const saved = [];
  let fill = '0 g';
  const fillStack = [];
  let tm = null;
  let font = null;
  let size = 0;
  let tc = 0;
  const moves = [];
  const glyphs = [];
  const show = str => {
    const hex = str.slice(1, -1).replace(/\s+/g, '');
    for (let i = 0; i < hex.length; i += 4) {
      const gid = parseInt(hex.slice(i, i + 4), 16);
      const [x, y] = toTop(mul(tm, ctm), 0, 0);
      const advance = (font.widths[gid] || 0) / 1000 * size;
      glyphs.push({ x, y, advance, tc, size, font: font.name, color: fill, char: font.toUnicode.get(gid) ?? '?' });
      tm = mul([1, 0, 0, 1, advance + tc, 0], tm);
    }
  };
  for (const { op, args } of ops) {
    switch (op) {
      case 'q': saved.push(ctm); fillStack.push(fill); break;
      case 'Q': ctm = saved.pop(); fill = fillStack.pop(); break;
      case 'cm': ctm = mul(args, ctm); break;
      case 'rg': case 'g': case 'k': case 'sc': case 'scn': fill = `${args.join(' ')} ${op}`; break;
      case 'm': moves.push(toTop(ctm, args[0], args[1])); break;
      case 'BT': tm = [1, 0, 0, 1, 0, 0]; tc = 0; break;
      case 'Tm': tm = args; break;
      case 'Td': tm = mul([1, 0, 0, 1, args[0], args[1]], tm); break;
      case 'Tf': font = fonts[args[0].slice(1)]; size = args[1]; break;
      case 'Tc': tc = args[0]; break;
      case 'Tj': show(args[0]); break;
      case 'TJ':
        for (const a of args[0]) {
          if (typeof a === 'number') tm = mul([1, 0, 0, 1, -a / 1000 * size, 0], tm);
          else show(a);
        }
        break;
    }
  }
  return { width, height, ops, moves, glyphs };
}

export const r = n => Math.round(n * 100) / 100;
