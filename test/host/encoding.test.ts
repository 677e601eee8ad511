import { describe, expect, it } from 'vitest';
import { checkHandbook } from '../../src/check.js';
import { memoryHost } from '../../src/host/host.js';
import { decodeInput } from '../../src/host/encoding.js';

const yaml = 'title: 测试目录\ndomain: 广播电视\nnote: 政府网站、政务服务中心（办公时间：工作日）\n';

/** Node has no GBK encoder; these are the GBK bytes of 「测试」. */
const gbkTest = [0xb2, 0xe2, 0xca, 0xd4];

describe('decodeInput', () => {
  it('reads UTF-8 as it is, with or without a mark', () => {
    expect(decodeInput(Buffer.from(yaml))).toEqual({ ok: true, text: yaml, encoding: 'utf-8', converted: false });
    expect(decodeInput(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(yaml)]))).toMatchObject({ ok: true, text: yaml, converted: false });
  });

  it('reads UTF-16 by its mark and, without one, by its NUL bytes', () => {
    const le = Buffer.from(yaml, 'utf16le');
    const be = Buffer.from(le).swap16();
    expect(decodeInput(Buffer.concat([Buffer.from([0xff, 0xfe]), le]))).toMatchObject({ ok: true, text: yaml, encoding: 'utf-16le', converted: true });
    expect(decodeInput(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toMatchObject({ ok: true, text: yaml, encoding: 'utf-16be' });
    expect(decodeInput(le)).toMatchObject({ ok: true, text: yaml, encoding: 'utf-16le' });
    expect(decodeInput(be)).toMatchObject({ ok: true, text: yaml, encoding: 'utf-16be' });
  });

  it('reads UTF-32 by its mark', () => {
    const cps = [...yaml].map((c) => c.codePointAt(0)!);
    const le = Buffer.alloc(4 + cps.length * 4);
    le.writeUInt32LE(0xfeff, 0);
    cps.forEach((cp, i) => le.writeUInt32LE(cp, 4 + i * 4));
    expect(decodeInput(le)).toMatchObject({ ok: true, text: yaml, encoding: 'utf-32le' });
  });

  it('reads GBK Chinese, and refuses a UTF-8 file with a GBK word pasted in, at that byte', () => {
    const gbk = Buffer.from([...Buffer.from('title: '), ...gbkTest, 0x0a]);
    expect(decodeInput(gbk)).toMatchObject({ ok: true, text: 'title: 测试\n', encoding: 'gb18030', converted: true });
    const mixed = Buffer.concat([Buffer.from('title: 测试目录\nnote: 好'), Buffer.from(gbkTest), Buffer.from('\n')]);
    expect(decodeInput(mixed)).toMatchObject({ ok: false, encoding: 'utf-8', line: 2, column: 8, byte: 0xb2 });
  });

  it('refuses Latin-1 text rather than reading it as Chinese', () => {
    expect(decodeInput(Buffer.from('title: caf\xe9 au lait\n', 'latin1'))).toMatchObject({ ok: false, line: 1, column: 11, byte: 0xe9 });
  });

  it('leaves a binary (NUL bytes in both halves) to the caller as UTF-8', () => {
    expect(decodeInput(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x14, 0x00, 0x00, 0x08]))).toMatchObject({ ok: true, encoding: 'utf-8', converted: false });
  });
});

describe('YAML files in other encodings', () => {
  const catalogue = `title: 测试目录
domain: 广播电视
categories:
  - code: xzxk
    name: 行政许可
    items:
      - id: xzxk-01
        name: 设置卫星电视广播地面接收设施审批
        content: [主体信息]
        basis: [《广播电视管理条例》]
        timeLimit: 信息形成（变更）20个工作日内
        subject: 县级广播电视行政部门
        channels: [政府网站]
        audience: [全社会]
        method: [主动]
        levels: [县级]
`;
  const handbook = 'catalogue: 目录.yaml\nlocality:\n  name: 示例县\n  agency: 示例县文化体育和旅游局\nitemUrl: "https://zwgk.county.example/gbds/{id}.html"\nedition: { number: 1, date: 2026-11-01 }\n';

  it('checks a UTF-16 handbook naming a Chinese catalogue file, with one warning', () => {
    const host = memoryHost({ '/h/handbook.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(handbook, 'utf16le')]), '/h/目录.yaml': catalogue });
    const { handbook: hb, diagnostics } = checkHandbook('/h/handbook.yaml', { host });
    expect(hb?.categories[0]?.items[0]?.name).toBe('设置卫星电视广播地面接收设施审批');
    expect(diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`)).toEqual(['warning file/encoding 文件是 UTF-16 编码（记事本中的「UTF-16 LE」或「Unicode」），已按 UTF-16 读取']);
  });
});
