import fs from 'node:fs';
import path from 'node:path';
import { loadCatalogue } from './catalogue/load.js';
import type { CatalogueData } from './catalogue/schema.js';
import { diagnostic, hasErrors } from './diagnostics/diagnostic.js';
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { nodeHost } from './host/host.js';
import { handbookYaml } from './import/handbook.js';
import { packageRoot } from './paths.js';

/*
 * `handbook init`: the folder an office starts from. A handbook file with a
 * comment on every field and 「待填写」 placeholders for what only the office
 * knows, the catalogue (the sample, a catalogue it has, or one imported from
 * its table), and a short 下一步.txt. Nothing is written here: the files are
 * returned, and the CLI writes them, never over a file that is there.
 */

export const sampleCatalogue = path.join(packageRoot, 'data/catalogue/广播电视示例目录.yaml');

export interface InitPlan {
  /** File name (in the folder) → content, in the order they are written. */
  files: Map<string, string>;
  diagnostics: Diagnostic[];
}

const yamlExtensions = new Set(['.yaml', '.yml']);

/**
 * Plans a locality folder. `from` is a catalogue (.yaml) to copy, a table to
 * import (any format `handbook import` reads), or nothing for the sample.
 */
export async function planInit(folder: string, options: { from?: string; date: string }): Promise<InitPlan> {
  const diagnostics: Diagnostic[] = [];
  const files = new Map<string, string>();
  const from = options.from ?? sampleCatalogue;
  let catalogueName: string;
  let catalogueText: string | undefined;
  let data: CatalogueData | undefined;
  if (yamlExtensions.has(path.extname(from).toLowerCase())) {
    catalogueName = options.from === undefined ? '目录.yaml' : path.basename(from);
    const loaded = loadCatalogue(path.resolve(from), nodeHost);
    for (const d of loaded.diagnostics) diagnostics.push(d);
    if (loaded.value) {
      data = loaded.value.data;
      // The text the loader read and decoded: no second read, and a GBK file is copied as UTF-8.
      catalogueText = loaded.value.source.text;
    }
  } else {
    // Loaded on use, as in `handbook import`: the table readers are not needed otherwise.
    const { importCatalogue } = await import('./import/index.js');
    const imported = await importCatalogue(from);
    for (const d of imported.diagnostics) diagnostics.push(d);
    catalogueName = `${path.parse(from).name}.yaml`;
    catalogueText = imported.yaml;
    data = imported.catalogue;
  }
  if (hasErrors(diagnostics) || data === undefined || catalogueText === undefined) return { files, diagnostics };
  for (const name of [catalogueName, 'handbook.yaml', nextStepsName]) {
    const target = path.join(folder, name);
    if (fs.existsSync(target)) {
      diagnostics.push(
        diagnostic('error', 'init/exists', `「${name}」已经存在，不会覆盖`, { file: target }, {
          hint: '换一个空文件夹，或先把已有的文件移走。',
        }),
      );
    }
  }
  if (hasErrors(diagnostics)) return { files, diagnostics };
  files.set(catalogueName, catalogueText);
  files.set('handbook.yaml', handbookYaml(data, { catalogue: catalogueName, date: options.date, by: 'handbook init' }));
  files.set(nextStepsName, nextSteps(catalogueName, options.from === undefined));
  return { files, diagnostics };
}

export const nextStepsName = '下一步.txt';

function nextSteps(catalogue: string, sample: boolean): string {
  return [
    '下一步',
    '',
    `1. 打开 handbook.yaml，把「待填写」的内容改成本单位的实际情况（单位名称、电话、地址、办公时间、事项网址）。`,
    sample
      ? `2. ${catalogue} 是示例目录（演示数据），请换成本单位经审定的标准目录：可以用 handbook import 导入 Excel、Word、PDF 等格式的目录表格，再把 handbook.yaml 中的 catalogue 改为导入的文件。`
      : `2. 对照原表核对 ${catalogue} 中的每个事项。`,
    '3. 在这个文件夹中检查：handbook check',
    '   有问题时会列出文件、行号和改法；「待填写」的内容会逐项提示。',
    '4. 生成手册：handbook build',
    '   生成的 PDF 在 handbook.yaml 中 output 写的位置。',
    '5. 生成二维码打开的网页（本单位网站没有事项网页时）：handbook site',
    '',
    '每次目录更新后，改好目录文件，把 handbook.yaml 中 edition 的版次加 1，再生成一次。',
    '',
  ].join('\r\n');
}
