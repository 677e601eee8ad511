import { describe, expect, it } from 'vitest';
import { chineseDate, chineseNumber, printableUrl } from '../../src/layout/helpers.js';
import { markSource, originOfMarkupLine } from '../../src/layout/source-marks.js';

describe('source marks', () => {
  it('marks line starts outside tags and mustaches only', () => {
    const src = '<p>{{a}}</p>\n<table\n  widths="*">\n{{!-- a\ncomment --}}\n<p>x</p>';
    const marked = markSource(src, 3);
    expect(marked).toBe('<?src 3 1?><p>{{a}}</p>\n<?src 3 2?><table\n  widths="*">\n<?src 3 4?>{{!-- a\ncomment --}}\n<?src 3 6?><p>x</p>');
  });

  it('maps a markup line back to the template line, across inserted data lines', () => {
    const markup = '<doc><?src 0 1?><a>\n<?src 1 1?><b>\n<?src 1 2?>text\nmore data\n<c>';
    expect(originOfMarkupLine(markup, 2, ['main.hbs', 'item.hbs'])).toEqual({ file: 'item.hbs', line: 1 });
    expect(originOfMarkupLine(markup, 5, ['main.hbs', 'item.hbs'])).toEqual({ file: 'item.hbs', line: 4 });
  });
});

describe('formatting helpers', () => {
  it('writes Chinese numbers and dates', () => {
    expect([1, 10, 12, 20, 21, 99].map(chineseNumber)).toEqual(['一', '十', '十二', '二十', '二十一', '九十九']);
    expect(chineseDate('2026-11-01')).toBe('2026年11月1日');
    expect(printableUrl('https://a.example/x')).toBe('a.example/x');
    expect(printableUrl('http://a.example/x')).toBe('http://a.example/x');
  });
});
