// A synthetic catalogue of n items in four categories, and a handbook file
// for it, written to a new temporary folder. Shared by the bench scripts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function writeSynthetic(n) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${n}-`));
  const categories = ['行政许可', '行政处罚', '公共服务', '行政检查'];
  let cat = 'title: 合成目录\ndomain: 广播电视\ncategories:\n';
  categories.forEach((name, c) => {
    cat += `  - code: c${c}\n    name: ${name}\n    items:\n`;
    for (let i = c; i < n; i += categories.length) {
      cat += `      - id: c${c}-${i}\n        name: 合成事项第${i + 1}项设置卫星电视广播地面接收设施审批\n        content: [主体信息, 审批结果]\n        basis: [《广播电视管理条例》, 《卫星电视广播地面接收设施管理规定》]\n        timeLimit: 信息形成（变更）20个工作日内\n        subject: 县级广播电视行政部门\n        channels: [政府网站, 政务服务中心]\n        audience: [全社会]\n        method: [主动]\n        levels: [县级]\n`;
    }
  });
  fs.writeFileSync(path.join(dir, 'catalogue.yaml'), cat);
  fs.writeFileSync(
    path.join(dir, 'handbook.yaml'),
    'catalogue: catalogue.yaml\nlocality: { name: 示例县, agency: 示例县文化体育和旅游局 }\nitemUrl: "https://zwgk.county.example/gbds/{id}.html"\nedition: { number: 1, date: 2026-11-01 }\noutput: out/handbook.pdf\n',
  );
  return path.join(dir, 'handbook.yaml');
}

/**
 * A province's folder for batch mode: the demo catalogue and n locality
 * files (甲1县 … 甲n县), each with its own output under out/. Returns the folder.
 */
export function writeLocalities(n, repo) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-batch-${n}-`));
  fs.copyFileSync(path.join(repo, 'data/catalogue/广播电视示例目录.yaml'), path.join(dir, 'catalogue.yaml'));
  for (let i = 1; i <= n; i++) {
    fs.writeFileSync(
      path.join(dir, `loc${i}.yaml`),
      `catalogue: catalogue.yaml\nlocality: { name: 甲${i}县, agency: 甲${i}县文化体育和旅游局 }\nitemUrl: "https://zwgk.county.example/${i}/{id}.html"\nedition: { number: 1, date: 2026-11-01 }\noutput: out/loc${i}.pdf\n`,
    );
  }
  return dir;
}
