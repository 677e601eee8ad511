import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../helpers/cli.js';

/* An office starts from the sample catalogue (`handbook init` copies it): what it cites must be official. */
describe('the sample catalogue', () => {
  const text = fs.readFileSync(path.join(repoRoot, 'data/catalogue/广播电视示例目录.yaml'), 'utf8');
  const data = parse(text) as { categories: { items: { id: string; sources?: string[] }[] }[] };
  const items = data.categories.flatMap((c) => c.items);

  it('cites only government sites (gov.cn), and every item cites one', () => {
    for (const item of items) {
      expect(item.sources?.length ?? 0, item.id).toBeGreaterThan(0);
      for (const url of item.sources ?? []) expect(new URL(url).hostname, `${item.id}: ${url}`).toMatch(/(^|\.)gov\.cn$/);
    }
  });

  it('says it is illustrative, to be replaced by the office\'s approved directory', () => {
    expect(text.split('\n').slice(0, 8).join('\n')).toMatch(/演示用的示例数据[\s\S]*请替换为本单位经审定的标准目录/);
  });
});
