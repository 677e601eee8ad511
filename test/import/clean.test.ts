import { describe, expect, it } from 'vitest';
import { isTraditional, removePinyin, toSimplified } from '../../src/import/clean/script.js';
import { cleanName, cleanText, joinLines, narrowAlphanumerics, removeConversionSpaces, widenPunctuation } from '../../src/import/clean/text.js';

describe('removeConversionSpaces', () => {
  it('removes spaces a PDF or Word conversion put inside Chinese words', () => {
    expect(removeConversionSpaces('中方 县文 化旅 游广 电体 育局')).toBe('中方县文化旅游广电体育局');
    expect(removeConversionSpaces('广播电视\n行政部门')).toBe('广播电视行政部门');
    expect(removeConversionSpaces('信息形成 （变更） 20个工作日内')).toBe('信息形成（变更）20个工作日内');
  });
  it('keeps spaces next to Latin letters and numbers', () => {
    expect(removeConversionSpaces('12345 政务服务便民热线')).toBe('12345 政务服务便民热线');
    expect(removeConversionSpaces('ISO 9001  认证')).toBe('ISO 9001 认证');
    expect(removeConversionSpaces('  App  客户端 ')).toBe('App 客户端');
  });
});

describe('widenPunctuation', () => {
  it('turns half-width punctuation in Chinese text full-width', () => {
    expect(widenPunctuation('信息形成(变更)20个工作日内')).toBe('信息形成（变更）20个工作日内');
    expect(widenPunctuation('县级,乡级;其他:村务公开栏')).toBe('县级，乡级；其他：村务公开栏');
    expect(widenPunctuation('《条例》(2013年修订)')).toBe('《条例》（2013年修订）');
    expect(widenPunctuation('许可（乙种)审批')).toBe('许可（乙种）审批');
  });
  it('leaves numbers, URLs and Latin text alone', () => {
    expect(widenPunctuation('1,000')).toBe('1,000');
    expect(widenPunctuation('http://www.example.gov.cn:8080/a')).toBe('http://www.example.gov.cn:8080/a');
    expect(widenPunctuation('(PDF, 2 MB)')).toBe('(PDF, 2 MB)');
  });
});

describe('cleanText and cleanName', () => {
  it('narrows full-width letters and digits', () => {
    expect(narrowAlphanumerics('２０个工作日，ＡＢＣ')).toBe('20个工作日，ABC');
  });
  it('joins a category written one character per line', () => {
    expect(cleanName('行\n政\n许\n可')).toBe('行政许可');
    expect(cleanText('行\n政\n许\n可')).toBe('行政许可');
  });
});

describe('traditional sources with pinyin', () => {
  it('removes pinyin readings after characters', () => {
    expect(removePinyin('政務(wù)公開標(biāo)準(zhǔn)目錄')).toBe('政務公開標準目錄');
    expect(removePinyin('領（lǐng）域')).toBe('領域');
  });
  it('keeps brackets that are not readings', () => {
    expect(removePinyin('附件(pdf)')).toBe('附件(pdf)');
    expect(removePinyin('条例(a)')).toBe('条例(a)');
    expect(removePinyin('信息形成(变更)')).toBe('信息形成(变更)');
  });
  it('converts to simplified characters', () => {
    expect(toSimplified('公開層級 特定群眾 依申請 鄉（鎮）級 區縣級 社區')).toBe('公开层级 特定群众 依申请 乡（镇）级 区县级 社区');
  });
  it('tells a traditional source from a simplified one with a stray traditional character', () => {
    expect(isTraditional('基層政務公開標準目錄 廣播電視領域')).toBe(true);
    expect(isTraditional('於某某 广播电视领域基层政务公开标准目录 行政许可 公共服务 政府网站')).toBe(false);
    expect(isTraditional('')).toBe(false);
  });
});

describe('joinLines', () => {
  it('joins a wrapped cell without a space next to Chinese: CJK and digit, CJK and CJK, punctuation', () => {
    expect(joinLines('自信息形成或变更之日起\n20个工作日内')).toBe('自信息形成或变更之日起20个工作日内');
    expect(joinLines('广播电视视频点播业务许可证（乙种）\r\n审批')).toBe('广播电视视频点播业务许可证（乙种）审批');
    expect(joinLines('信息形成\n  （变更）')).toBe('信息形成（变更）');
    expect(cleanText('自信息形成或变更之日起 \n 20个工作日内')).toBe('自信息形成或变更之日起20个工作日内');
  });
  it('keeps one space between Latin words and numbers, and a space typed on one line', () => {
    expect(joinLines('ISO\n9001')).toBe('ISO 9001');
    expect(joinLines('Web\nApp')).toBe('Web App');
    expect(cleanText('12345 政务服务\n便民热线')).toBe('12345 政务服务便民热线');
  });
});
