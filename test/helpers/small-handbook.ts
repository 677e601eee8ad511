import fs from 'node:fs';
import path from 'node:path';

/** Millimetres in PDF points, worked out here rather than with src/document/units.ts, which the tests check. */
export const pt = (mm: number) => (mm * 72) / 25.4;

/**
 * A handbook with `k` items in one category, written into a new folder made
 * with `mkdtemp(prefix)`, so a test can steer the page count (7 pages for one
 * item with the default template). `extra` is appended to handbook.yaml.
 * Returns the handbook file.
 */
export function smallHandbook(prefix: string, k: number, extra = ''): string {
  const d = fs.mkdtempSync(prefix);
  let cat = 'title: 测试目录\ndomain: 广播电视\ncategories:\n  - code: xzxk\n    name: 行政许可\n    items:\n';
  for (let i = 1; i <= k; i++) {
    cat += `      - id: xzxk-${String(i).padStart(2, '0')}\n        name: 测试事项${i}审批\n        content: [主体信息, 审批结果]\n        basis: [《广播电视管理条例》]\n        timeLimit: 信息形成（变更）20个工作日内\n        subject: 县级广播电视行政部门\n        channels: [政府网站]\n        audience: [全社会]\n        method: [主动]\n        levels: [县级]\n`;
  }
  fs.writeFileSync(path.join(d, 'catalogue.yaml'), cat);
  fs.writeFileSync(
    path.join(d, 'handbook.yaml'),
    `catalogue: catalogue.yaml\nlocality: { name: 示例县, agency: 示例县文化体育和旅游局, phone: 0591-12345678 }\nitemUrl: "https://zwgk.county.example/gbds/{id}.html"\nedition: { number: 1, date: 2026-11-01 }\n${extra}`,
  );
  return path.join(d, 'handbook.yaml');
}
