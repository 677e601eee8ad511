import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import writeXlsxFile from 'write-excel-file/node';
import { describe, expect, it } from 'vitest';
import { importCatalogue } from '../../src/import/index.js';
import type { ImportResult } from '../../src/import/index.js';
import { MAX_CELLS, MAX_CELL_LENGTH, MAX_INFLATED_BYTES, MAX_ROWS } from '../../src/import/limits.js';
import { expectUsable, runBounded, tempDir } from './helpers.js';

/*
 * Issue #17, import: a zip bomb, a million rows, a cell at the far corner of
 * a sheet or a page of nested elements is a positioned Chinese error within
 * seconds and the memory of a 512 MB heap; never a V8 crash (exit 133), an
 * internal error (exit 70) or an English reason.
 */

const header = [
  '序号,公开事项,,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体,公开对象,,公开方式,,公开层级,',
  ',一级事项,二级事项,,,,,,全社会,特定群体,主动,依申请,县级,乡级',
];
const row = (n: number) => `${n},行政许可,事项${n},主体信息,《广播电视管理条例》,20个工作日内,县级广播电视行政部门,■政府网站,√,,√,,√,`;

const importBytes = (name: string, bytes: Uint8Array): Promise<ImportResult> => importCatalogue(path.join('/virtual', name), { bytes });
const codes = (r: ImportResult) => r.diagnostics.map((d) => `${d.line ?? '-'}:${d.column ?? '-'} ${d.code}`);

/**
 * `head`, then `count` lines, each after a line break: `template` with `{n}` replaced by the line's
 * number (from 0). Written digit by digit into one Buffer: a million lines take a fraction of a
 * second, where a string per line and their join took seconds, most of them collecting garbage.
 */
function numberedLines(head: string, count: number, template: string): Buffer {
  const [first, ...rest] = template.split('{n}').map((p) => Buffer.from(p));
  const width = 1 + first!.length + rest.reduce((n, p) => n + String(count).length + p.length, 0);
  const out = Buffer.allocUnsafe(Buffer.byteLength(head) + count * width);
  let at = out.write(head);
  const digits = [0]; // the line's number, its last digit first
  for (let i = 0; i < count; i++) {
    out[at++] = 0x0a;
    at += first!.copy(out, at);
    for (const part of rest) {
      for (let d = digits.length - 1; d >= 0; d--) out[at++] = 0x30 + digits[d]!;
      at += part.copy(out, at);
    }
    let d = 0;
    while (digits[d] === 9) digits[d++] = 0;
    digits[d] = (digits[d] ?? 0) + 1;
  }
  return out.subarray(0, at);
}

let savedWorkbook: Promise<Record<string, Uint8Array>> | undefined;

/** A small real workbook, as write-excel-file saves it, taken apart (saved once per file; each call gets its own copy of the parts). */
async function workbookParts(): Promise<Record<string, Uint8Array>> {
  savedWorkbook ??= (async () => {
    const file = path.join(tempDir(), 'a.xlsx');
    await writeXlsxFile([[{ value: '序号' }, { value: '公开事项' }], [{ value: '1' }, { value: '甲' }]]).toFile(file);
    return unzipSync(fs.readFileSync(file));
  })();
  return { ...(await savedWorkbook) };
}

/** The CRC-32 of `parts`, each repeated `times[i]` times. */
function crc32(parts: Uint8Array[], times: number[]): number {
  let crc = 0;
  parts.forEach((p, i) => {
    for (let t = 0; t < times[i]!; t++) crc = zlib.crc32(p, crc);
  });
  return crc;
}

/** A zip entry of `data` deflated, stating its real size. */
const zipEntry = (name: string, data: Uint8Array) => ({ name, data: [[zlib.deflateRawSync(data), 1]] as [Uint8Array, number][], crc: crc32([data], [1]), declared: data.length });

/** `parts` zipped as they are. */
const zipParts = (parts: Record<string, Uint8Array>): Uint8Array => writeZip(Object.entries(parts).map(([name, data]) => zipEntry(name, data)));

/**
 * A valid .xlsx whose sheet XML inflates to `size` bytes: the workbook's own
 * sheet padded before its end with empty `<x/>` elements (which readers
 * pass over). The padding is one megabyte deflated once and repeated (each
 * piece ends with a full flush, so the pieces join into one stream): the
 * file stays a few tens of KB and is made in milliseconds. `declare` is the
 * size its headers state.
 */
async function zipBomb(size: number, declare: (real: number) => number): Promise<Uint8Array> {
  const parts = await workbookParts();
  const sheetName = Object.keys(parts).find((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n))!;
  const sheet = strFromU8(parts[sheetName]!);
  const cut = sheet.lastIndexOf('</worksheet>');
  const [head, tail] = [strToU8(sheet.slice(0, cut)), strToU8(sheet.slice(cut))];
  const mb = strToU8('<x/>'.repeat(256 * 1024));
  const copies = Math.ceil((size - head.length - tail.length) / mb.length);
  const flush = { finishFlush: zlib.constants.Z_FULL_FLUSH };
  const deflated: [Uint8Array, number][] = [
    [zlib.deflateRawSync(head, flush), 1],
    [zlib.deflateRawSync(mb, flush), copies],
    [zlib.deflateRawSync(tail), 1],
  ];
  const real = head.length + copies * mb.length + tail.length;
  const entries = Object.entries(parts).map(([name, data]) =>
    name === sheetName
      ? { name, data: deflated, crc: crc32([head, mb, tail], [1, copies, 1]), size: real, declared: declare(real) }
      : zipEntry(name, data),
  );
  return writeZip(entries);
}

/** The zip format written out: local headers and data, central directory, end record. */
function writeZip(entries: { name: string; data: [Uint8Array, number][]; crc: number; declared: number }[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = strToU8(e.name);
    const compressed = e.data.reduce((n, [d, times]) => n + d.length * times, 0);
    const fields = (sig: number, centralDir: boolean) => {
      const b = Buffer.alloc(centralDir ? 46 : 30);
      let at = 0;
      const u32 = (v: number) => (at = b.writeUInt32LE(v >>> 0, at));
      const u16 = (v: number) => (at = b.writeUInt16LE(v, at));
      u32(sig);
      if (centralDir) u16(20);
      u16(20), u16(0), u16(8), u16(0), u16(0x21);
      u32(e.crc), u32(compressed), u32(e.declared), u16(name.length), u16(0);
      if (centralDir) u16(0), u16(0), u16(0), u32(0), u32(offset);
      return b;
    };
    const local = [fields(0x04034b50, false), name];
    central.push(fields(0x02014b50, true), name);
    for (const c of local) chunks.push(c);
    for (const [d, times] of e.data) for (let t = 0; t < times; t++) chunks.push(d);
    offset += 30 + name.length + compressed;
  }
  const centralSize = central.reduce((n, c) => n + c.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

describe('zip bombs', () => {
  it('the bomb is a valid workbook: under the cap, it inflates to its size and read-excel-file reads it', async () => {
    const bomb = await zipBomb(2 * 1024 * 1024, (n) => n);
    const sheet = Object.entries(unzipSync(bomb)).find(([n]) => n.startsWith('xl/worksheets/'))![1];
    expect(sheet.length).toBeGreaterThanOrEqual(2 * 1024 * 1024);
    expect(codes(await importBytes('目录.xlsx', bomb))).toEqual(['-:- import/no-header']);
  });

  it('one that declares its size is refused before inflating', async () => {
    const bomb = await zipBomb(MAX_INFLATED_BYTES + 1024 * 1024, (n) => n);
    expect(bomb.length).toBeLessThan(200_000);
    const r = await importBytes('目录.xlsx', bomb);
    expect(codes(r)).toEqual(['-:- import/inflated-too-large']);
    expect(r.diagnostics[0]!.message).toMatch(/^Excel 文件中的表格数据过大：解压后有 33 MB，上限 32 MB，未读取$/);
  });

  it('one whose headers lie is stopped while inflating, at the cap', async () => {
    const bomb = await zipBomb(MAX_INFLATED_BYTES + 1024 * 1024, () => 4096);
    const before = process.memoryUsage().arrayBuffers;
    const r = await importBytes('目录.xlsx', bomb);
    expect(codes(r)).toEqual(['-:- import/inflated-too-large']);
    expect(r.diagnostics[0]!.message).toMatch(/^Excel 文件中的表格数据过大：解压到 3[2-6](\.\d)? MB 时仍未结束，上限 32 MB，未读取$/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('through the CLI, with a 512 MB heap: exit 1 and a Chinese message (a 3 GiB bomb crashed V8 before)', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '目录.xlsx'), await zipBomb(MAX_INFLATED_BYTES + 1024 * 1024, () => 1000));
    const r = runBounded(['import', '目录.xlsx'], dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain('[import/inflated-too-large]');
    expect(fs.readdirSync(dir)).toEqual(['目录.xlsx']);
  });
});

describe('sheets larger than they look', () => {
  /** The workbook with its sheet's data replaced by `rows` (XML). */
  async function sheetWith(rows: string): Promise<Uint8Array> {
    const parts = await workbookParts();
    const name = Object.keys(parts).find((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n))!;
    parts[name] = strToU8(strFromU8(parts[name]!).replace(/<sheetData>[\s\S]*<\/sheetData>/, `<sheetData>${rows}</sheetData>`));
    return zipParts(parts);
  }

  it('one cell in the far corner (XFD1048576) would make a grid of 17 billion cells', async () => {
    const r = await importBytes('目录.xlsx', await sheetWith('<row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c></row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'));
    expect(codes(r)).toEqual(['1048576:16384 import/too-many-cells']);
    expect(r.diagnostics[0]!.message).toMatch(/（工作表「.+」）$/);
  });

  it('rows past the row limit', async () => {
    const rows = Array.from({ length: MAX_ROWS + 1 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>${i}</t></is></c></row>`).join('');
    expect(codes(await importBytes('目录.xlsx', await sheetWith(rows)))).toEqual([`${MAX_ROWS + 1}:1 import/too-many-rows`]);
  });

  it('a row number beyond Excel', async () => {
    const r = await importBytes('目录.xlsx', await sheetWith('<row r="9999999"><c r="A9999999"><v>1</v></c></row>'));
    expect(codes(r)).toEqual(['-:- import/unreadable']);
    expect(r.diagnostics[0]!.message).toBe('无法读取 Excel 文件：工作表的行号 9999999 超出了 Excel 的范围');
  });

  it('300 KB of text without a tag (read-excel-file ran out of stack on 2 MB after a minute)', async () => {
    const r = await importBytes('目录.xlsx', await sheetWith(`<row r="1"><c r="A1" t="inlineStr"><is><t>${'文'.repeat(100 * 1024)}</t></is></c></row>`));
    expect(codes(r)).toEqual(['1:1 import/cell-too-long']);
  });

  it('merged ranges over whole columns are cut to the table', async () => {
    const parts = await workbookParts();
    const name = Object.keys(parts).find((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n))!;
    parts[name] = strToU8(strFromU8(parts[name]!).replace('</sheetData>', '</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'));
    expect(codes(await importBytes('目录.xlsx', zipParts(parts)))).toEqual(['-:- import/no-header']);
  });
});

describe('a million rows', () => {
  it('a 1,000,000-row CSV through the CLI: refused at the row limit, within seconds and a 512 MB heap', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '目录.csv'), numberedLines(header.join('\n'), 1_000_000, '{n},行政许可,事项{n}'));
    const r = runBounded(['import', '目录.csv'], dir, 60_000);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain(`目录.csv:${MAX_ROWS + 1}:1 错误 表格的行数超过上限 ${MAX_ROWS}（有内容的行），从这一行起未读取 [import/too-many-rows]`);
    expect(r.ms).toBeLessThan(30_000);
  });

  it('a text file and a web page past the limits', async () => {
    const text = Array.from({ length: MAX_ROWS + 5 }, (_, i) => `a${i}\tb`).join('\n');
    expect(codes(await importBytes('目录.txt', strToU8(text)))).toEqual([`${MAX_ROWS + 1}:1 import/too-many-rows`]);
    const span = '<table><tr><td rowspan="30000" colspan="1000">x</td></tr>' + '<tr></tr>'.repeat(29_999) + '</table>';
    expect(codes(await importBytes('目录.html', strToU8(span)))).toEqual(['1:1 import/too-many-cells']);
  });

  it('5,000 rows, the item limit, are imported', async () => {
    const r = await importBytes('目录.csv', strToU8([...header, ...Array.from({ length: 5000 }, (_, i) => row(i + 1))].join('\n')));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.catalogue?.categories[0]?.items).toHaveLength(5000);
  });

  it('5,001 items: one error at the first item past the limit', async () => {
    const r = await importBytes('目录.csv', strToU8([...header, ...Array.from({ length: 5001 }, (_, i) => row(i + 1))].join('\n')));
    expect(codes(r).filter((c) => !c.includes('warning'))).toEqual(['5003:3 import/too-many-items']);
  });
});

describe('cells', () => {
  it('a cell over the length limit, at its row and column', async () => {
    const r = await importBytes('目录.csv', strToU8([...header, `1,行政许可,${'长'.repeat(MAX_CELL_LENGTH + 1)}`].join('\n')));
    expect(codes(r)).toEqual(['3:3 import/cell-too-long']);
  });

  it('rows padded with thousands of empty cells are not counted', async () => {
    const pad = ','.repeat(MAX_CELLS / 100);
    const r = await importBytes('目录.csv', strToU8([...header, ...Array.from({ length: 200 }, (_, i) => row(i + 1) + pad)].join('\n')));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('a page of 100,000 nested elements (no stack overflow)', async () => {
    const html = `${'<div>'.repeat(100_000)}<table><tr><td>序号</td></tr></table>`;
    expect(codes(await importBytes('目录.html', strToU8(html)))).toEqual(['-:- import/no-header']);
  });
});

describe('messages in Chinese', () => {
  it('broken, truncated, encrypted and mislabelled files', async () => {
    const good = zipParts(await workbookParts());
    const encrypted = Buffer.from(good);
    encrypted.writeUInt16LE(1, encrypted.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 8);
    const cases: [string, Uint8Array][] = [
      ['a.xlsx', new Uint8Array([1, 2, 3])],
      ['a.xlsx', good.subarray(0, good.length - 30)],
      ['a.xlsx', good.subarray(100)],
      ['a.xlsx', encrypted],
      ['a.xlsx', strToU8('序号,公开事项\n1,甲\n')],
      ['a.csv', strToU8('a,"b\nc,d\n')],
      ['a.csv', strToU8('a,"b"c,d\n')],
    ];
    for (const [name, bytes] of cases) {
      const r = await importBytes(name, bytes);
      expect(r.diagnostics.length).toBeGreaterThan(0);
      expect(expectUsable(r.diagnostics), name).toEqual([]);
    }
  });
});
