import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { itemAttributes } from '../../src/catalogue/fields.js';
import { isGenericSubject, resolveHandbook } from '../../src/catalogue/resolve.js';
import { memoryHost, nodeHost } from '../../src/host/host.js';
import { repoRoot } from '../helpers/cli.js';

const demo = path.join(repoRoot, 'data/示例县/handbook.yaml');

describe('resolved demo handbook', () => {
  const { value: hb, diagnostics } = resolveHandbook(demo, nodeHost);

  it('resolves without errors or warnings', () => {
    expect(diagnostics).toEqual([]);
    expect(hb).toBeDefined();
  });

  it('has all 39 items, each with all eight attributes and a URL', () => {
    const items = hb!.categories.flatMap((c) => c.items);
    expect(items).toHaveLength(39);
    for (const item of items) {
      for (const attr of itemAttributes) {
        const v = item[attr];
        expect(Array.isArray(v) ? v.length : String(v).length, `${item.id}.${attr}`).toBeGreaterThan(0);
      }
      expect(item.url).toBe(`https://zwgk.county.example/gbds/${item.id}.html`);
    }
    expect(items.map((i) => i.seq)).toEqual(items.map((_, k) => k + 1));
  });

  it('fills the generic 公开主体 with the agency and applies overrides', () => {
    // The demo shows the override as a comment (so a copy works with any catalogue); here it is in force.
    const catalogue = path.join(repoRoot, 'data/catalogue/广播电视示例目录.yaml');
    const text = fs.readFileSync(demo, 'utf8').replace(/^# overrides:\n#   ggfw-01:\n#     channels: (.*)$/m, 'overrides:\n  ggfw-01:\n    channels: $1');
    expect(text).toMatch(/^overrides:$/m);
    const { value, diagnostics: found } = resolveHandbook(demo, memoryHost({ [demo]: text, [catalogue]: fs.readFileSync(catalogue, 'utf8') }));
    expect(found).toEqual([]);
    const items = value!.categories.flatMap((c) => c.items);
    expect(new Set(items.map((i) => i.subject))).toEqual(new Set(['示例县文化体育和旅游局']));
    const ggfw = items.find((i) => i.id === 'ggfw-01')!;
    expect(ggfw.channels).toEqual(['政府网站', '政务服务中心', '便民服务站']);
    // The override's position points into the handbook file, where it was written.
    expect(ggfw.fieldOrigins.channels?.file).toBe(demo);
    expect(ggfw.fieldOrigins.basis?.file).toMatch(/广播电视示例目录\.yaml$/);
  });

  it('carries the edition, paper, template and an absolute output path', () => {
    expect(hb!.edition).toEqual({ number: 1, date: '2026-11-01' });
    expect(hb!.paper).toBe('A5');
    expect(hb!.template).toBe('default');
    expect(hb!.output).toBe(path.join(repoRoot, 'out/示例县广播电视便民服务手册.pdf'));
  });
});

const item = (id: string, levels = '[县级]', subject = '县级广播电视行政部门') => `
      - id: ${id}
        name: 事项${id}
        content: [主体信息]
        basis: [《条例》]
        timeLimit: 20个工作日内
        subject: ${subject}
        channels: [政府网站]
        audience: [全社会]
        method: [主动]
        levels: ${levels}`;

describe('merging catalogues with a handbook file', () => {
  const files = {
    '/h/a.yaml': `title: 目录A\ndomain: 广播电视\ncategories:\n  - code: xzxk\n    name: 行政许可\n    items:${item('xzxk-01')}${item('xzxk-02', '[乡级]', '乡镇人民政府')}\n`,
    '/h/b.yaml': `title: 目录B\ndomain: 广播电视\ncategories:\n  - code: ggfw\n    name: 公共服务\n    items:${item('ggfw-01')}\n  - code: xzxk\n    name: 行政许可\n    items:${item('xzxk-03')}\n`,
    '/h/handbook.yaml': `catalogue: [a.yaml, b.yaml]\nlocality: { name: 甲县, agency: 甲县文旅局 }\nitemUrl: "https://x.example/{category}/{seq}-{id}"\nexclude: [xzxk-01]\nedition: { number: 3, date: 2026-01-02 }\n`,
  };

  it('concatenates by category, excludes, numbers and fills URLs from the pattern', () => {
    const { value, diagnostics } = resolveHandbook('/h/handbook.yaml', memoryHost(files));
    expect(diagnostics).toEqual([]);
    expect(value!.categories.map((c) => [c.code, c.items.map((i) => i.id)])).toEqual([
      ['xzxk', ['xzxk-02', 'xzxk-03']],
      ['ggfw', ['ggfw-01']],
    ]);
    expect(value!.categories[0]!.items[1]!.url).toBe('https://x.example/xzxk/2-xzxk-03');
    // A named agency stays; a generic role is replaced.
    expect(value!.categories[0]!.items[0]!.subject).toBe('乡镇人民政府');
    expect(value!.categories[1]!.items[0]!.subject).toBe('甲县文旅局');
    expect(value!.title).toBe('甲县广播电视便民服务手册');
  });

  it('filters by level', () => {
    const host = memoryHost({ ...files, '/h/handbook.yaml': files['/h/handbook.yaml'].replace('exclude: [xzxk-01]', 'levels: [乡级]') });
    const { value } = resolveHandbook('/h/handbook.yaml', host);
    expect(value!.categories.flatMap((c) => c.items.map((i) => i.id))).toEqual(['xzxk-02']);
  });

  it('rejects an item id defined in two catalogue files', () => {
    const host = memoryHost({ ...files, '/h/b.yaml': files['/h/b.yaml'].replace('xzxk-03', 'xzxk-01') });
    const { value, diagnostics } = resolveHandbook('/h/handbook.yaml', host);
    expect(value).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.file, d.line, d.itemId])).toEqual([['catalogue/duplicate-item', '/h/b.yaml', 20, 'xzxk-01']]);
  });

  it('warns, with a position, about an item that gets no URL', () => {
    const host = memoryHost({ ...files, '/h/handbook.yaml': files['/h/handbook.yaml'].replace(/itemUrl: .*\n/, '') });
    const { value, diagnostics } = resolveHandbook('/h/handbook.yaml', host);
    expect(value).toBeDefined();
    // Each at the item in the catalogue file it comes from: the line of its `- id:`.
    const at = (file: keyof typeof files, id: string) => [file, files[file].split('\n').findIndex((l) => l.includes(`- id: ${id}`)) + 1];
    expect(diagnostics.map((d) => [d.severity, d.code, d.itemId, d.file, d.line])).toEqual([
      ['warning', 'handbook/missing-url', 'xzxk-02', ...at('/h/a.yaml', 'xzxk-02')],
      ['warning', 'handbook/missing-url', 'xzxk-03', ...at('/h/b.yaml', 'xzxk-03')],
      ['warning', 'handbook/missing-url', 'ggfw-01', ...at('/h/b.yaml', 'ggfw-01')],
    ]);
    for (const d of diagnostics) expect(d.line).toBeGreaterThan(1);
  });
});

describe('isGenericSubject', () => {
  it('recognises role names, not agencies', () => {
    expect(isGenericSubject('县级广播电视行政部门')).toBe(true);
    expect(isGenericSubject('广播电视行政部门')).toBe(true);
    expect(isGenericSubject('县级文化和旅游（广播电视）行政部门')).toBe(true);
    expect(isGenericSubject('中方县文化旅游广电体育局')).toBe(false);
    expect(isGenericSubject('乡镇人民政府')).toBe(false);
  });

  it('takes each written form of the role, and nothing around it', () => {
    for (const role of [
      '部门',
      '行政部门',
      '主管部门',
      '县（市、区）广播电视行政部门',
      '县（市、区）级文化和旅游主管部门',
      '县（区）文旅部门',
      '县区级文化旅游行政部门',
      '县级以上广播电视主管部门',
      '（广播电视）行政部门',
      '县级文化和旅游（广播电视）部门',
    ]) {
      expect(isGenericSubject(role), role).toBe(true);
    }
    for (const agency of ['甲县县级广播电视行政部门', '县级广播电视行政部门办公室', '县级广播电视行政', '市级广播电视行政部门', '县级广播电视行政行政部门', '县级县级广播电视行政部门']) {
      expect(isGenericSubject(agency), agency).toBe(false);
    }
  });
});

describe('command-line options and where each value came from', () => {
  const files = {
    '/h/a.yaml': `title: 目录A\ndomain: 广播电视\nissuer: 国家广播电视总局\nversion: "2026"\nnotice: 仅供参考\ncategories:\n  - code: xzxk\n    name: 行政许可\n    items:${item('xzxk-01')}${item('xzxk-02')}${item('xzxk-03')}\n`,
    '/h/handbook.yaml': `catalogue: a.yaml\nlocality: { name: 甲县, agency: 甲县文旅局, phone: "0000-1234567", address: 甲县人民路1号, hours: 工作日 }\nitemUrl: "https://x.example/{id}.html"\nedition: { number: 2, date: 2026-03-04 }\n`,
  };
  const withLines = (extra: string) => memoryHost({ ...files, '/h/handbook.yaml': files['/h/handbook.yaml'] + extra });
  const lineOf = (text: string, key: string) => text.split('\n').findIndex((l) => l.startsWith(`${key}:`)) + 1;

  it('defaults: A5, the default template, out/<title>.pdf beside the handbook file', () => {
    const { value, diagnostics } = resolveHandbook('/h/handbook.yaml', memoryHost(files));
    expect(diagnostics).toEqual([]);
    expect(value).toMatchObject({
      paper: 'A5',
      paperSource: 'default',
      template: 'default',
      templateOrigin: { file: '/h/handbook.yaml' },
      output: '/h/out/甲县广播电视便民服务手册.pdf',
      edition: { number: 2, date: '2026-03-04' },
      issuer: '国家广播电视总局',
      version: '2026',
      notice: '仅供参考',
      catalogueTitle: '目录A',
      locality: { name: '甲县', agency: '甲县文旅局', phone: '0000-1234567', address: '甲县人民路1号', hours: '工作日', serviceHalls: [], supervision: [] },
      files: { handbook: '/h/handbook.yaml', catalogues: ['/h/a.yaml'] },
    });
    expect(value!.origins['catalogue.notice']).toMatchObject({ file: '/h/a.yaml', line: 5 });
    expect(value!.origins['locality.hours']).toMatchObject({ file: '/h/handbook.yaml', line: 2 });
    expect(value!.origins.output).toBeUndefined();
  });

  it("takes the file's paper, template and output, each with its line", () => {
    const extra = 'paper: b5\ntemplate: plain\noutput: 印刷/手册.pdf\n';
    const text = files['/h/handbook.yaml'] + extra;
    const { value, diagnostics } = resolveHandbook('/h/handbook.yaml', withLines(extra));
    expect(diagnostics).toEqual([]);
    expect(value).toMatchObject({ paper: 'B5', paperSource: 'file', template: 'plain', output: '/h/印刷/手册.pdf' });
    expect(value!.templateOrigin).toMatchObject({ file: '/h/handbook.yaml', line: lineOf(text, 'template') });
    expect(value!.origins.template).toMatchObject({ line: lineOf(text, 'template') });
    expect(value!.origins.output).toMatchObject({ line: lineOf(text, 'output') });
  });

  it('lets the command line replace them: no line of the file is then their origin', () => {
    const { value, diagnostics } = resolveHandbook('/h/handbook.yaml', withLines('paper: b5\ntemplate: plain\noutput: 手册.pdf\n'), {
      paper: '140x203MM',
      template: 'compact',
      output: 'x/手册.PDF',
    });
    expect(diagnostics).toEqual([]);
    expect(value).toMatchObject({ paper: '140X203mm', paperSource: 'option', template: 'compact', templateOrigin: { option: '--template' }, output: path.resolve('x/手册.PDF') });
    expect(value!.origins.template).toBeUndefined();
    expect(value!.origins.output).toBeUndefined();
  });

  it('reports a wrong --paper and a wrong -o at the option, with the option\'s hint', () => {
    const { value, diagnostics } = resolveHandbook('/h/handbook.yaml', memoryHost(files), { paper: 'A3x', output: '/tmp/手册.txt' });
    expect(value).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.option, d.message, d.hint])).toEqual([
      ['handbook/output-not-pdf', '-o', '输出文件「手册.txt」不是 .pdf 文件', '改正命令行 -o 后面的文件名。'],
      ['schema/invalid-paper', '--paper', '纸张「A3x」不是可用的纸张规格', expect.any(String)],
    ]);
  });

  it('refuses a folder as the output, at the line of the file or at -o', () => {
    const host = { ...withLines('output: 手册.pdf\n'), isDirectory: (f: string) => f.endsWith('手册.pdf') };
    const folder = { ...host, exists: (f: string) => f.endsWith('手册.pdf') || host.exists(f) };
    const fromFile = resolveHandbook('/h/handbook.yaml', folder).diagnostics;
    expect(fromFile.map((d) => [d.code, d.field, d.line, d.message, d.hint])).toEqual([
      ['handbook/output-is-folder', 'output', 5, '输出位置「/h/手册.pdf」是一个文件夹', '在手册文件的 output 中改正，或用 -o 指定。'],
    ]);
    // Only a folder that exists: a host without folders (or a missing path) is not one.
    expect(resolveHandbook('/h/handbook.yaml', host).diagnostics).toEqual([]);
    expect(resolveHandbook('/h/handbook.yaml', folder, { output: '/o/手册.pdf' }).diagnostics.map((d) => [d.code, d.option])).toEqual([['handbook/output-is-folder', '-o']]);
  });

  it('--items keeps only those items, numbered from 1, and names an unknown one with a guess', () => {
    const { value } = resolveHandbook('/h/handbook.yaml', memoryHost(files), { items: ['xzxk-03'] });
    expect(value!.categories.flatMap((c) => c.items.map((i) => [i.id, i.seq]))).toEqual([['xzxk-03', 1]]);
    const { value: none, diagnostics } = resolveHandbook('/h/handbook.yaml', memoryHost(files), { items: ['xzxk-03', 'xzkk-01'] });
    expect(none).toBeUndefined();
    expect(diagnostics).toEqual([
      { severity: 'error', code: 'handbook/unknown-item', message: '--items 中的事项编号「xzkk-01」在目录中不存在', option: '--items', itemId: 'xzkk-01', hint: '是否想写 xzxk-01？' },
    ]);
  });

  it('dates an edition left out from SOURCE_DATE_EPOCH, with a warning at the top of the file', () => {
    const host = memoryHost({ ...files, '/h/handbook.yaml': files['/h/handbook.yaml'].replace(/edition: .*\n/, '') });
    const { value, diagnostics } = resolveHandbook('/h/handbook.yaml', host, { sourceDateEpoch: 1_767_225_600 });
    expect(value!.edition).toEqual({ number: 1, date: '2026-01-01' });
    expect(diagnostics).toMatchObject([{ severity: 'warning', code: 'handbook/no-edition', message: expect.stringContaining('日期 2026-01-01') as string, field: 'edition', line: 1 }]);
  });
});

describe('what the handbook file says about items', () => {
  const files = {
    '/h/a.yaml': `title: 目录A\ndomain: 广播电视\ncategories:\n  - code: xzxk\n    name: 行政许可\n    items:${item('xzxk-01')}${item('xzxk-02')}\n`,
    '/h/b.yaml': `title: 目录B\ndomain: 广播电视\ncategories:\n  - code: xzxk\n    name: 许可\n    items:${item('xzxk-03')}\n`,
    '/h/handbook.yaml': `catalogue: [a.yaml, b.yaml]\nlocality: { name: 甲县, agency: 甲县文旅局 }\nitemUrl: "https://x.example/{id}.html"\nedition: { number: 1, date: 2026-01-02 }\n`,
  };
  const resolve = (extra: string, patch: Partial<typeof files> = {}) =>
    resolveHandbook('/h/handbook.yaml', memoryHost({ ...files, ...patch, '/h/handbook.yaml': files['/h/handbook.yaml'] + extra }));

  it('warns when two catalogues name one category code differently, and keeps the first name', () => {
    const { value, diagnostics } = resolve('');
    expect(value!.categories.map((c) => [c.name, c.items.length])).toEqual([['行政许可', 3]]);
    expect(diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'catalogue/category-name-mismatch',
        message: '分类代码「xzxk」在不同目录文件中名称不同：「行政许可」与「许可」',
        file: '/h/b.yaml',
        line: 5,
        column: 11,
        field: 'name',
        hint: '手册使用先出现的名称「行政许可」。',
      },
    ]);
  });

  it('reports an override of an unknown item at its key, and a wrong override url', () => {
    const { diagnostics } = resolve('overrides:\n  xzxk-09:\n    note: 无\n  xzxk-02:\n    url: "javascript:alert(1)"\n', { '/h/b.yaml': files['/h/b.yaml'].replace('name: 许可', 'name: 行政许可') });
    expect(diagnostics.map((d) => [d.code, d.itemId, d.line, d.column])).toEqual([
      ['handbook/unknown-item', 'xzxk-09', 6, 3],
      ['url/invalid', 'xzxk-02', 9, 10],
    ]);
    expect(diagnostics[0]!.hint).toBe('是否想写 xzxk-01？');
  });

  it('reports each unknown excluded id at its place in the list', () => {
    const { diagnostics } = resolve('exclude: [xzxk-02, xzxk-7]\n', { '/h/b.yaml': files['/h/b.yaml'].replace('name: 许可', 'name: 行政许可') });
    expect(diagnostics.map((d) => [d.code, d.itemId, d.field, d.line, d.column])).toEqual([['handbook/unknown-item', 'xzxk-7', 'exclude', 5, 20]]);
  });

  it('warns about a long URL at the line that made it', () => {
    const long = `https://x.example/${'a'.repeat(80)}/{id}.html`;
    const text = files['/h/handbook.yaml'].replace('https://x.example/{id}.html', long);
    const { diagnostics } = resolveHandbook('/h/handbook.yaml', memoryHost({ ...files, '/h/b.yaml': files['/h/b.yaml'].replace('name: 许可', 'name: 行政许可'), '/h/handbook.yaml': text }));
    expect(diagnostics.map((d) => [d.code, d.itemId, d.file, d.line])).toEqual([
      ['url/long', 'xzxk-01', '/h/a.yaml', 7],
      ['url/long', 'xzxk-02', '/h/a.yaml', 17],
      ['url/long', 'xzxk-03', '/h/b.yaml', 7],
    ]);
    expect(diagnostics[0]!.message).toBe(`网址长度 ${long.length - 4 + 'xzxk-01'.length} 个字符，二维码会较密，不易扫描`);
  });

  it('in single-page mode points every item at its anchor, warning where an item had a URL of its own', () => {
    const withUrl = files['/h/a.yaml'].replace('name: 事项xzxk-02', 'name: 事项xzxk-02\n        url: https://x.example/own.html');
    const { value, diagnostics } = resolveHandbook(
      '/h/handbook.yaml',
      memoryHost({
        ...files,
        '/h/a.yaml': withUrl,
        '/h/b.yaml': files['/h/b.yaml'].replace('name: 许可', 'name: 行政许可'),
        '/h/handbook.yaml': files['/h/handbook.yaml'].replace(/itemUrl: .*\n/, 'site: { base: "https://x.example/gbds/", single: true, page: 手册.html }\n'),
      }),
    );
    const items = value!.categories.flatMap((c) => c.items);
    expect(items.map((i) => i.url)).toEqual(['xzxk-01', 'xzxk-02', 'xzxk-03'].map((id) => `https://x.example/gbds/${encodeURI('手册.html')}#${id}`));
    expect(items[0]!.fieldOrigins.url).toMatchObject({ file: '/h/handbook.yaml', line: 3 });
    // At the item's own url line.
    const urlLine = withUrl.split('\n').findIndex((l) => l.includes('own.html')) + 1;
    expect(diagnostics.map((d) => [d.severity, d.code, d.itemId, d.file, d.line])).toEqual([['warning', 'site/url-replaced', 'xzxk-02', '/h/a.yaml', urlLine]]);
  });
});

describe('a handbook file that cannot be used', () => {
  const incomplete = `title: 目录A\ndomain: 广播电视\ncategories:\n  - code: xzxk\n    name: 行政许可\n    items:\n      - id: xzxk-01\n        name: 事项\n`;
  const problems = (catalogue: string) =>
    resolveHandbook('/h/handbook.yaml', memoryHost({ '/h/a.yaml': incomplete, '/h/handbook.yaml': `catalogue: ${catalogue}\nedition: { number: 1, date: 2026-01-02 }\n` }));

  it('still has the catalogues it names checked (one or a list), so one run reports everything', () => {
    for (const catalogue of ['a.yaml', '[a.yaml, 3, missing.yaml]']) {
      const { value, diagnostics } = problems(catalogue);
      expect(value).toBeUndefined();
      const inCatalogue = diagnostics.filter((d) => d.file === '/h/a.yaml');
      expect(inCatalogue.map((d) => d.field), catalogue).toEqual(['content', 'basis', 'timeLimit', 'subject', 'channels', 'audience', 'method', 'levels']);
      // A catalogue that does not exist is not read (nor reported twice: the handbook file's problems come first).
      expect(diagnostics.some((d) => d.file?.endsWith('missing.yaml'))).toBe(false);
    }
    expect(problems('{ x: 1 }').diagnostics.map((d) => [d.file, d.field])).toEqual([
      ['/h/handbook.yaml', 'catalogue'],
      ['/h/handbook.yaml', 'locality'],
    ]);
  });
});

describe('item URLs', () => {
  const withUrls = (a: string, b: string) =>
    `title: 目录A\ndomain: 广播电视\ncategories:\n  - code: xzxk\n    name: 行政许可\n    items:${item('xzxk-01').replace('name: 事项xzxk-01', `name: 事项xzxk-01${a}`)}${item('xzxk-02').replace('name: 事项xzxk-02', `name: 事项xzxk-02${b}`)}\n`;
  const handbook = `catalogue: a.yaml\nlocality: { name: 甲县, agency: 甲县文旅局 }\nedition: { number: 1, date: 2026-01-02 }\n`;
  const resolve = (catalogue: string, extra = '') => resolveHandbook('/h/handbook.yaml', memoryHost({ '/h/a.yaml': catalogue, '/h/handbook.yaml': handbook + extra }));
  const own = '\n        url: https://x.example/same.html';

  it('reports two items written with one URL at the later one', () => {
    const catalogue = withUrls(own, own);
    const { value, diagnostics } = resolve(catalogue);
    expect(value).toBeUndefined();
    const lines = catalogue.split('\n').flatMap((l, i) => (l.includes('same.html') ? [i + 1] : []));
    expect(diagnostics.map((d) => [d.code, d.itemId, d.line, d.message])).toEqual([['url/duplicate', 'xzxk-02', lines[1], '网址与事项 xzxk-01 相同：https://x.example/same.html']]);
  });

  it('treats an itemUrl still to be filled in as absent: one placeholder warning, no item warned of a missing URL', () => {
    const { value, diagnostics } = resolve(withUrls('', ''), 'itemUrl: 待填写事项网址\n');
    expect(value!.categories[0]!.items.map((i) => i.url)).toEqual([undefined, undefined]);
    expect(diagnostics.map((d) => [d.severity, d.code, d.line])).toEqual([['warning', 'handbook/placeholder', 4]]);
  });

  it('checks the websites of service halls and supervision, and the URLs an itemUrl makes', () => {
    const { diagnostics } = resolve(
      withUrls('', ''),
      'itemUrl: "ftp://x.example/{id}"\n',
    );
    expect(diagnostics.map((d) => [d.code, d.field, d.line])).toEqual([['url/invalid', 'itemUrl', 4]]);
    const halls = handbook.replace('agency: 甲县文旅局 }', 'agency: 甲县文旅局, serviceHalls: [{ name: 大厅, website: "javascript:x" }], supervision: [{ name: 监督, website: "data:x" }] }');
    const found = resolveHandbook('/h/handbook.yaml', memoryHost({ '/h/a.yaml': withUrls(own, ''), '/h/handbook.yaml': halls })).diagnostics;
    // At each website value, in the order written.
    const line = halls.split('\n')[1]!;
    expect(found.map((d) => [d.code, d.field, d.line, d.column])).toEqual([
      ['url/invalid', 'website', 2, line.indexOf('"javascript:x"') + 1],
      ['url/invalid', 'website', 2, line.indexOf('"data:x"') + 1],
    ]);
  });
});
