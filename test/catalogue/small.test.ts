import { describe, expect, it } from 'vitest';
import { editDistance, suggestKey } from '../../src/catalogue/suggest.js';
import { checkUrl, expandItemUrl, unknownPlaceholders } from '../../src/catalogue/url.js';
import { locate, parseYaml } from '../../src/catalogue/yaml-source.js';

describe('suggestKey', () => {
  const keys = ['id', 'name', 'content', 'basis', 'timeLimit', 'url'];
  it('finds transpositions, case slips and Chinese labels', () => {
    expect(editDistance('bsais', 'basis')).toBe(1);
    expect(suggestKey('bsais', keys)).toBe('basis');
    expect(suggestKey('TimeLimit', keys)).toBe('timeLimit');
    expect(suggestKey('公开依据', keys)).toBe('basis');
    expect(suggestKey('contnet', keys)).toBe('content');
  });
  it('does not suggest something unrelated', () => {
    expect(suggestKey('colour', keys)).toBeUndefined();
    expect(suggestKey('uid', ['url', 'name'])).toBeUndefined();
  });
});

describe('checkUrl', () => {
  it('accepts http(s) URLs', () => {
    expect(checkUrl('https://zwgk.county.example/gbds/xzxk-01.html')).toBeUndefined();
    expect(checkUrl('http://example.org/a?b=1')).toBeUndefined();
  });
  it.each([
    ['javascript:alert(1)', 'javascript'],
    ['data:text/html,hi', 'data'],
    ['file:///etc/passwd', 'file'],
    ['https://a.example/x y', '空格'],
    ['https://a.example/\u0007', '控制字符'],
    ['https://user:pw@a.example/', '用户名'],
    ['zwgk.county.example', '完整'],
  ])('rejects %s', (url, reason) => {
    expect(checkUrl(url)).toContain(reason);
  });
});

describe('itemUrl patterns', () => {
  it('expands known placeholders and names unknown ones', () => {
    expect(expandItemUrl('https://x.example/{category}/{id}?n={seq}', { id: 'a-1', category: 'xzxk', seq: 7 })).toBe(
      'https://x.example/xzxk/a-1?n=7',
    );
    expect(unknownPlaceholders('https://x.example/{code}/{id}')).toEqual(['code']);
  });
});

describe('YAML positions', () => {
  const text = 'a: 1\nlist:\n  - x: 2\n    y: 3\n';
  const { source, data } = parseYaml('f.yaml', text);
  it('locates values, keys and the nearest ancestor of a missing path', () => {
    expect(data).toEqual({ a: 1, list: [{ x: 2, y: 3 }] });
    expect(locate(source, ['list', 0, 'y'])).toEqual({ file: 'f.yaml', line: 4, column: 8 });
    expect(locate(source, ['list', 0, 'y'], true)).toEqual({ file: 'f.yaml', line: 4, column: 5 });
    expect(locate(source, ['list', 0, 'missing'])).toEqual({ file: 'f.yaml', line: 3, column: 5 });
  });
});
