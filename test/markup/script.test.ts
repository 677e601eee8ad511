import { describe, expect, it } from 'vitest';
import type { MarkupElement } from '../../src/markup/nodes.js';
import { convertMarkupScript, toTraditional } from '../../src/markup/script.js';

describe('toTraditional', () => {
  it('converts by phrase to Taiwan standard, leaving what needs no change', () => {
    expect(toTraditional('头发')).toBe('頭髮');
    expect(toTraditional('皇后')).toBe('皇后');
    expect(toTraditional('便民服务手册')).toBe('便民服務手冊');
    // Addresses are ASCII: nothing in them is converted.
    expect(toTraditional('https://zwgk.county.example/gbds/xzxk-01.html')).toBe('https://zwgk.county.example/gbds/xzxk-01.html');
  });
});

describe('convertMarkupScript', () => {
  const tree = (): MarkupElement => ({
    kind: 'element',
    name: 'section',
    attrs: { header: '办事指南', title: '行政许可', caption: '图书馆', href: 'https://example.cn/办事', src: '图书馆.png', class: '说明' },
    children: [
      { kind: 'text', text: '头发' },
      {
        kind: 'element',
        name: 'p',
        attrs: { title: '广播电视', id: '广播' },
        children: [{ kind: 'element', name: 'b', attrs: {}, children: [{ kind: 'text', text: '审批结果' }] }],
      },
    ],
  });

  it('converts the printed text and text attributes at every depth, and nothing else', () => {
    const el = tree();
    convertMarkupScript(el);
    expect(el.attrs).toEqual({ header: '辦事指南', title: '行政許可', caption: '圖書館', href: 'https://example.cn/办事', src: '图书馆.png', class: '说明' });
    expect(el.children[0]).toEqual({ kind: 'text', text: '頭髮' });
    const p = el.children[1] as MarkupElement;
    expect(p.attrs).toEqual({ title: '廣播電視', id: '广播' });
    expect(p.children[0]).toEqual({ kind: 'element', name: 'b', attrs: {}, children: [{ kind: 'text', text: '審批結果' }] });
  });

  it('uses the converter it is given', () => {
    const el = tree();
    convertMarkupScript(el, (s) => `[${s}]`);
    expect(el.attrs.header).toBe('[办事指南]');
    expect(el.attrs.href).toBe('https://example.cn/办事');
    expect(el.children[0]).toEqual({ kind: 'text', text: '[头发]' });
  });
});
