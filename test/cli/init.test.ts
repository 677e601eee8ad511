import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot, runCli } from '../helpers/cli.js';
import { fixtures } from '../import/helpers.js';

const fresh = () => fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-init-'));

describe('handbook init', () => {
  it('starts a folder from the sample: a commented handbook file, the catalogue, 下一步.txt; the next commands printed', () => {
    const dir = fresh();
    const r = runCli(['init', '某县'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('下一步：把 handbook.yaml 中「待填写」的内容改成本单位的实际情况，然后\n  cd 某县\n  handbook check\n  handbook build');
    const folder = path.join(dir, '某县');
    expect(fs.readFileSync(path.join(folder, '目录.yaml'), 'utf8')).toBe(fs.readFileSync(path.join(repoRoot, 'data/catalogue/广播电视示例目录.yaml'), 'utf8'));
    const text = fs.readFileSync(path.join(folder, 'handbook.yaml'), 'utf8');
    // Every field written has a comment line right above it (a nested field too).
    const lines = text.split('\n');
    const fields = lines.flatMap((l, i) => (/^\s*[a-zA-Z]+:/.test(l) ? [i] : []));
    expect(fields.length).toBeGreaterThanOrEqual(10);
    for (const i of fields) expect(lines[i - 1], lines[i]).toMatch(/^\s*#/);
    const data = parse(text) as { locality: Record<string, string>; catalogue: string };
    expect(data.catalogue).toBe('目录.yaml');
    expect(Object.values(data.locality).every((v) => v.startsWith('待填写'))).toBe(true);
    expect(fs.readFileSync(path.join(folder, '下一步.txt'), 'utf8')).toContain('示例目录（演示数据），请换成本单位经审定的标准目录');
    // It checks at once, listing each placeholder; it doesn't build until they are filled.
    const check = runCli(['check'], folder);
    expect(check.status, check.stderr).toBe(0);
    expect(check.stderr.match(/\[handbook\/placeholder\]/g)).toHaveLength(6);
    const build = runCli(['build'], folder);
    expect(build.status).toBe(1);
    expect(fs.readdirSync(folder).sort()).toEqual(['handbook.yaml', '下一步.txt', '目录.yaml']);
  });

  it('imports the office\'s table with --from, filling what the table says', async () => {
    const dir = fresh();
    const table = await fixtures[0]!.input();
    const r = runCli(['init', '.', '--from', table], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['handbook.yaml', '下一步.txt', '示例县目录.yaml']);
    const data = parse(fs.readFileSync(path.join(dir, 'handbook.yaml'), 'utf8')) as { title: string; locality: { name: string } };
    expect(data.locality.name).toBe('示例县');
    expect(data.title).toBe('示例县广播电视便民服务手册');
    expect(r.stdout).not.toContain('cd ');
  });

  it('takes a catalogue file with --from as it is', () => {
    const dir = fresh();
    const from = path.join(repoRoot, 'data/catalogue/广播电视示例目录.yaml');
    expect(runCli(['init', 'x', '--from', from], dir).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'x/广播电视示例目录.yaml'), 'utf8')).toBe(fs.readFileSync(from, 'utf8'));
  });

  it('never writes over a file that is there, and then writes nothing at all', () => {
    const dir = fresh();
    fs.writeFileSync(path.join(dir, '下一步.txt'), 'mine');
    const r = runCli(['init'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('下一步.txt 错误 「下一步.txt」已经存在，不会覆盖 [init/exists]');
    expect(r.stderr).toContain('没有新建任何文件');
    expect(fs.readdirSync(dir)).toEqual(['下一步.txt']);
    expect(fs.readFileSync(path.join(dir, '下一步.txt'), 'utf8')).toBe('mine');
  });

  it('refuses a catalogue with errors, positioned, and writes nothing', () => {
    const dir = fresh();
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'title: 目录\ndomain: 广播电视\ncategories: []\n');
    const r = runCli(['init', 'x', '--from', 'bad.yaml'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^bad\.yaml:3:13 错误 /m);
    expect(fs.existsSync(path.join(dir, 'x'))).toBe(false);
  });
});
