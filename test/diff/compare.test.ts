import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHandbook } from '../../src/index.js';
import { describeDiff, diffCatalogues, diffFiles, formatDiff, loadVersion } from '../../src/diff/index.js';
import type { DiffItem, DiffVersion } from '../../src/diff/index.js';
import { memoryHost } from '../../src/host/host.js';
import { repoRoot } from '../helpers/cli.js';
import { fixture, readFixture } from './helpers.js';

describe('diff of two catalogue files', () => {
  const { value: diff, diagnostics } = diffFiles(fixture('v1/catalogue.yaml'), fixture('v2/catalogue.yaml'));

  it('loads both versions cleanly', () => {
    expect(diagnostics).toEqual([]);
    expect(diff).toBeDefined();
  });

  it('gives the expected change list as JSON', () => {
    expect(`${JSON.stringify(diff, null, 2)}\n`).toBe(readFixture('expected.json'));
  });

  it('gives the expected report as text', () => {
    expect(`${formatDiff(diff!)}\n`).toBe(readFixture('expected.txt'));
  });

  it('tags each sentence with its kind, item, category and field', () => {
    expect(describeDiff(diff!).map(({ text: _, ...tags }) => tags)).toEqual([
      { kind: 'category-added', category: 'xzqz' },
      { kind: 'category-renamed', category: 'ggfw' },
      { kind: 'category-removed', category: 'qt' },
      { kind: 'item-changed', itemId: 'xzxk-01', category: 'xzxk', field: 'basis' },
      { kind: 'item-changed', itemId: 'xzxk-01', category: 'xzxk', field: 'channels' },
      { kind: 'item-added', itemId: 'xzxk-04', category: 'xzxk' },
      { kind: 'item-changed', itemId: 'xzxk-03', category: 'xzxk', field: 'timeLimit' },
      { kind: 'item-changed', itemId: 'xzxk-03', category: 'xzxk', field: 'note' },
      { kind: 'item-moved', itemId: 'xzcf-02', category: 'xzqz' },
      { kind: 'item-changed', itemId: 'ggfw-01', category: 'ggfw', field: 'name' },
      { kind: 'item-removed', itemId: 'xzxk-02', category: 'xzxk' },
      { kind: 'item-removed', itemId: 'qt-01', category: 'qt' },
    ]);
  });

  it('reads the other way round as the opposite changes, in v1 order', () => {
    const back = diffFiles(fixture('v2/catalogue.yaml'), fixture('v1/catalogue.yaml')).value!;
    expect(formatDiff(back).split('\n')).toEqual([
      '分类「公共文化服务」改名为「公共服务」',
      '新增分类「其他」',
      '删去分类「行政强制」',
      '事项 xzxk-01「设置卫星电视广播地面接收设施审批」的公开依据增加「《卫星电视广播地面接收设施管理规定》」',
      '事项 xzxk-01「设置卫星电视广播地面接收设施审批」的公开渠道增加「政务服务中心」，删去「便民服务站」「政务新媒体」',
      '新增事项 xzxk-02「有线广播电视传输覆盖网工程验收审核」（行政许可）',
      '事项 xzxk-03「乡镇设立广播电视站审批」的公开时限由「信息形成（变更）之日起7个工作日内」改为「信息形成（变更）20个工作日内」',
      '事项 xzxk-03「乡镇设立广播电视站审批」删去备注「由县级受理，报市级审批」',
      '事项 xzcf-02「查封、扣押违法卫星地面接收设施」从「行政强制」移到「行政处罚」',
      '事项 ggfw-01 的名称由「应急广播服务」改为「应急广播」',
      '新增事项 qt-01「广播电视节目收转情况」（其他）',
      '删去事项 xzxk-04「广播电视视频点播业务审批」（行政许可）',
    ]);
  });

  it('finds nothing between a file and itself', () => {
    const same = diffFiles(fixture('v2/catalogue.yaml'), fixture('v2/catalogue.yaml')).value!;
    expect(same).toEqual({ categories: [], items: [] });
    expect(describeDiff(same)).toEqual([]);
    expect(formatDiff(same)).toBe('没有变化。');
  });
});

describe('diff of two handbook files', () => {
  it('compares the resolved handbooks, each with its own catalogue', () => {
    const { value, diagnostics } = diffFiles(fixture('v1/handbook.yaml'), fixture('v2/handbook.yaml'));
    expect(diagnostics).toEqual([]);
    // The generic 公开主体 becomes the same agency on both sides and URLs come from one pattern, so
    // the handbooks differ exactly as their catalogues do.
    expect(`${formatDiff(value!)}\n`).toBe(readFixture('expected.txt'));
  });

  it('shows a change of overrides and exclude as field changes and a removal', () => {
    const { value, diagnostics } = diffFiles(fixture('overrides/old.yaml'), fixture('overrides/new.yaml'));
    expect(diagnostics).toEqual([]);
    expect(`${formatDiff(value!)}\n`).toBe(readFixture('overrides/expected.txt'));
    expect(value!.items[1]).toEqual({
      kind: 'item-changed',
      id: 'ggfw-01',
      name: '应急广播服务',
      category: { code: 'ggfw', name: '公共文化服务' },
      fields: [{ kind: 'scalar', field: 'subject', old: '测试县文化体育和旅游局', new: '测试县融媒体中心' }],
    });
  });

  it('compares a catalogue with a handbook file that uses it, after the agency fills 公开主体', () => {
    const { value } = diffFiles(fixture('v2/catalogue.yaml'), fixture('v2/handbook.yaml'));
    const lines = formatDiff(value!).split('\n');
    // Every item: the agency as 公开主体 and a URL from the handbook's itemUrl.
    expect(lines).toHaveLength(12);
    expect(lines.slice(0, 2)).toEqual([
      '事项 xzxk-01「设置卫星电视广播地面接收设施审批」的公开主体由「县级广播电视行政部门」改为「测试县文化体育和旅游局」',
      '事项 xzxk-01「设置卫星电视广播地面接收设施审批」增加网址「https://zwgk.county.example/gbds/xzxk-01.html」',
    ]);
  });
});

describe('invalid input', () => {
  it('reports exactly what handbook check reports', () => {
    const broken = path.join(repoRoot, 'test/fixtures/missing-basis/handbook.yaml');
    const { value, diagnostics } = diffFiles(broken, fixture('v2/handbook.yaml'));
    expect(value).toBeUndefined();
    expect(diagnostics).toEqual(checkHandbook(broken).diagnostics);
    expect(diagnostics.map((d) => `${path.basename(d.file!)}:${d.line}:${d.column} ${d.itemId} ${d.code}`)).toEqual([
      'catalogue.yaml:30:9 ggfw-01 schema/missing-field',
    ]);
  });

  it('reports a catalogue file with the catalogue checks', () => {
    const { value, diagnostics } = diffFiles(fixture('v1/catalogue.yaml'), path.join(repoRoot, 'test/fixtures/duplicate-item/catalogue.yaml'));
    expect(value).toBeUndefined();
    expect(diagnostics.map((d) => d.code)).toEqual(['catalogue/duplicate-item']);
  });

  it('names a file that is neither a catalogue nor a handbook file', () => {
    const host = memoryHost({ '/m/a.yaml': 'title: 目录\ncategorys: []\n' });
    expect(loadVersion('/m/a.yaml', host)).toEqual({
      value: undefined,
      diagnostics: [
        {
          severity: 'error',
          code: 'diff/unknown-file',
          message: '无法判断是目录文件还是手册文件：既没有「分类」(categories)，也没有「目录文件」(catalogue)',
          file: '/m/a.yaml',
          line: 1,
          column: 1,
          hint: '目录文件必须有 categories，手册文件必须有 catalogue；检查文件名和字段名是否写错。',
        },
      ],
    });
  });

  it('reports a missing file and YAML errors as the catalogue stage does', () => {
    const host = memoryHost({ '/m/bad.yaml': 'categories: [\n' });
    const missing = diffFiles('/m/none.yaml', '/m/bad.yaml', { old: host, new: host });
    expect(missing.diagnostics.map((d) => `${d.file} ${d.code} ${d.message}`)).toEqual([
      '/m/none.yaml file/not-found 找不到文件',
      '/m/bad.yaml yaml/syntax 方括号「[」没有闭合',
    ]);
  });
});

describe('field comparison', () => {
  const base: DiffItem = {
    id: 'a-1',
    name: '事项',
    content: ['甲', '乙'],
    basis: ['《条例》'],
    timeLimit: '20个工作日内',
    subject: '某局',
    channels: ['政府网站', '政府网站', '公告栏'],
    audience: ['全社会'],
    method: ['主动'],
    levels: ['县级'],
    url: 'https://a.example/1',
  };
  const version = (item: DiffItem, code = 'a', name = '分类'): DiffVersion => ({ categories: [{ code, name, items: [item] }] });
  const sentences = (before: DiffVersion, after: DiffVersion) => describeDiff(diffCatalogues(before, after)).map((e) => e.text);

  it('treats list fields as multisets and notices a new order', () => {
    expect(sentences(version(base), version({ ...base, channels: ['政府网站', '公告栏'], content: ['乙', '甲'] }))).toEqual([
      '事项 a-1「事项」的公开内容调整了顺序',
      '事项 a-1「事项」的公开渠道删去「政府网站」',
    ]);
  });

  it('says when an optional field appears or goes away', () => {
    const { url: _, ...noUrl } = base;
    expect(sentences(version(base), version({ ...noUrl, sources: ['https://s.example/'] }))).toEqual([
      '事项 a-1「事项」删去网址「https://a.example/1」',
      '事项 a-1「事项」的资料来源增加「https://s.example/」',
    ]);
  });

  it('names the codes when an item moves between categories of the same name', () => {
    expect(sentences(version(base, 'a'), version(base, 'b'))).toEqual([
      '新增分类「分类」',
      '删去分类「分类」',
      '事项 a-1「事项」从「分类」(a)移到「分类」(b)',
    ]);
  });
});
