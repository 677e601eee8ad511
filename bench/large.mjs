#!/usr/bin/env node
// Builds a synthetic catalogue of N items (default 5,000) in a child process
// and reports wall time, peak RSS and pages, or the refusal message.
// Usage: node bench/large.mjs [items]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const n = Number(process.argv[2] ?? 5000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-large-${n}-`));
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
  'catalogue: catalogue.yaml\nlocality: { name: 示例县, agency: 示例县文化体育和旅游局 }\nitemUrl: "https://zwgk.county.example/gbds/{id}.html"\nedition: { number: 1, date: 2026-11-01 }\n',
);
const out = path.join(dir, 'large.pdf');
const t = performance.now();
const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, path.join(repo, 'dist/cli/main.js'), 'build', path.join(dir, 'handbook.yaml'), '-o', out], { encoding: 'utf8' });
const seconds = (performance.now() - t) / 1000;
const rssKb = Number(r.stderr.trim().split('\n').pop());
console.log(`${n} items: exit ${r.status}, ${seconds.toFixed(1)} s, peak RSS ${(rssKb / 1024).toFixed(0)} MB`);
console.log((r.stdout + r.stderr).split('\n').filter((l) => l && !/^\d+$/.test(l)).slice(0, 4).join('\n'));
