import type { CatalogueData } from '../catalogue/schema.js';
import { isGenericSubject } from '../catalogue/resolve.js';
import { PLACEHOLDER } from '../catalogue/placeholder.js';

/*
 * `import --handbook DIR`: the handbook file that goes with an imported
 * catalogue, so an office gets from its table to a proof in one step. What
 * the table says (the place, the agency when the title or the 公开主体 name
 * it, the domain) is filled in; what it cannot say (phone, address, hours,
 * the item pages' address) is written as 「待填写：…」, which `check` lists
 * and `build` refuses (catalogue/placeholder.ts).
 */

/** An agency's name at the start of a title: 中方县文化旅游广电体育局广播电视领域… */
const agencyAtStart = /^(\p{Script=Han}{2,6}?[县市区旗]\p{Script=Han}{2,20}?(?:局|委员会|办公室|中心))/u;
/** A county, city or district at the start of a title: 示例县广播电视领域… */
const placeAtStart = /^(\p{Script=Han}{2,4}?[县市区旗])(?!级)/u;

export interface HandbookSeed {
  /** The catalogue's path relative to the handbook file's folder, with forward slashes. */
  catalogue: string;
  /** The date of the first edition, YYYY-MM-DD. */
  date: string;
}

/** The handbook file's YAML text. Every value is quoted where YAML could misread it. */
export function handbookYaml(data: CatalogueData, seed: HandbookSeed): string {
  const place = placeAtStart.exec(data.title)?.[1];
  const agency = agencyAtStart.exec(data.title)?.[1] ?? namedSubject(data);
  const title = place === undefined ? undefined : `${place}${data.domain}便民服务手册`;
  const q = (s: string) => JSON.stringify(s);
  const lines = [
    `# 手册文件，由 handbook import 生成，目录文件：${seed.catalogue}`,
    `# 「${PLACEHOLDER}」的内容请改成本单位的实际情况。改好之前 handbook check 会逐项提示，`,
    '# handbook build 和 handbook site 不会生成手册或网页。',
    '#   检查：handbook check handbook.yaml',
    '#   生成：handbook build handbook.yaml',
    '',
    `catalogue: ${q(seed.catalogue)}`,
    ...(title === undefined ? [] : [`title: ${q(title)}`]),
    'locality:',
    `  name: ${q(place ?? `${PLACEHOLDER}：县（市、区）名称，如「示例县」`)}`,
    `  agency: ${q(agency ?? `${PLACEHOLDER}：本单位全称，如「示例县文化体育和旅游局」`)}`,
    `  phone: ${q(`${PLACEHOLDER}：咨询电话`)}`,
    `  address: ${q(`${PLACEHOLDER}：办公地址`)}`,
    `  hours: ${q(`${PLACEHOLDER}：办公时间，如「周一至周五 8:30-12:00 14:30-17:30」`)}`,
    '# 每个事项的二维码打开的网址，{id} 换成事项编号。本单位网站没有事项网页时，',
    '# 可以用 handbook site 生成这些网页，再上传到网站（见 docs/site.md）。',
    `itemUrl: ${q(`${PLACEHOLDER}：事项网页的网址，如 https://本单位网站/gbds/{id}.html`)}`,
    `edition: { number: 1, date: ${seed.date} }`,
    'paper: A5',
    `output: ${q(`${title ?? '便民服务手册'}.pdf`)}`,
    '',
  ];
  return lines.join('\n');
}

/** The 公开主体 most items name, when it is an agency and not a role (县级广播电视行政部门). */
function namedSubject(data: CatalogueData): string | undefined {
  const counts = new Map<string, number>();
  for (const c of data.categories) for (const i of c.items) if (!isGenericSubject(i.subject)) counts.set(i.subject, (counts.get(i.subject) ?? 0) + 1);
  let best: string | undefined;
  for (const [s, n] of counts) if (best === undefined || n > (counts.get(best) ?? 0)) best = s;
  return best !== undefined && /局|委员会|办公室|中心|政府/.test(best) ? best : undefined;
}
