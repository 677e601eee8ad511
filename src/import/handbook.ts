import type { CatalogueData } from '../catalogue/schema.js';
import { isGenericSubject } from '../catalogue/resolve.js';
import { PLACEHOLDER } from '../catalogue/placeholder.js';

/*
 * The handbook file an office starts from (`handbook init`, `import
 * --handbook`): every field with a Chinese comment saying what it is. What
 * the catalogue says (the place and the agency when its title or 公开主体
 * name them, the domain) is filled in; what it cannot say (phone, address,
 * hours, the item pages' address) is written as 「待填写：…」, which `check`
 * lists and `build` refuses (catalogue/placeholder.ts).
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
  /** Who wrote the file, for its first comment: 「handbook init」 or 「handbook import」. */
  by: string;
}

/** What the handbook file will say: found in the catalogue, or a placeholder. */
export function handbookFacts(data: CatalogueData): { place: string | undefined; agency: string | undefined; title: string | undefined } {
  const place = placeAtStart.exec(data.title)?.[1];
  const agency = agencyAtStart.exec(data.title)?.[1] ?? namedSubject(data);
  return { place, agency, title: place === undefined ? undefined : `${place}${data.domain}便民服务手册` };
}

/** The handbook file's YAML text. Every value is quoted where YAML could misread it. */
export function handbookYaml(data: CatalogueData, seed: HandbookSeed): string {
  const { place, agency, title } = handbookFacts(data);
  const q = (s: string) => JSON.stringify(s);
  const todo = (what: string) => q(`${PLACEHOLDER}：${what}`);
  return [
    `# 手册文件：由 ${seed.by} 生成。以 # 开头的行是说明，不影响手册。`,
    `# 「${PLACEHOLDER}」的内容请改成本单位的实际情况。改好之前 handbook check 会逐项提示，`,
    '# handbook build（生成手册）和 handbook site（生成网页）不会执行。',
    '#   检查：handbook check handbook.yaml',
    '#   生成：handbook build handbook.yaml',
    '# 各字段的详细说明见工具的 docs/data-format.md。',
    '',
    '# 目录文件（标准目录），路径相对于本文件所在的文件夹',
    `catalogue: ${q(seed.catalogue)}`,
    '# 手册标题，印在封面上；不写时为「地区名 + 领域 + 便民服务手册」',
    title === undefined ? `# title: "某县${data.domain}便民服务手册"` : `title: ${q(title)}`,
    '# 本地信息，印在封面、联系方式页和封底',
    'locality:',
    '  # 县（市、区）名称',
    `  name: ${place === undefined ? todo('县（市、区）名称，如「示例县」') : q(place)}`,
    '  # 编印手册的单位全称；目录中写作「县级广播电视行政部门」的公开主体，印作这个名称',
    `  agency: ${agency === undefined ? todo('本单位全称，如「示例县文化体育和旅游局」') : q(agency)}`,
    '  # 咨询电话',
    `  phone: ${todo('咨询电话')}`,
    '  # 办公地址',
    `  address: ${todo('办公地址')}`,
    '  # 办公时间',
    `  hours: ${todo('办公时间，如「周一至周五 8:30-12:00 14:30-17:30」')}`,
    '  # 本单位网站（可以不写）',
    '  # website: https://本单位网站',
    '  # 服务大厅和便民服务站（可以不写），每处一项：',
    '  # serviceHalls:',
    '  #   - { name: 某县政务服务中心 文化旅游窗口, address: …, hours: …, phone: … }',
    '  # 监督投诉渠道（可以不写），每个一项：',
    '  # supervision:',
    '  #   - { name: 12345 政务服务便民热线, phone: "12345" }',
    '# 每个事项的二维码打开的网址，{id} 换成事项编号。本单位网站没有事项网页时，',
    '# 可以用 handbook site 生成这些网页再上传，并改用 site: { base: 网页所在的网址/ }（见 docs/site.md）',
    `itemUrl: ${todo('事项网页的网址，如 https://本单位网站/gbds/{id}.html')}`,
    '# 只收录这些公开层级的事项（可以不写，不写则全部收录），如 [县级]',
    '# levels: [县级]',
    '# 不收录的事项编号（可以不写），如 [xzxk-03]',
    '# exclude: []',
    '# 本地与目录不同的个别要素，按事项编号改写（可以不写），如：',
    '# overrides:',
    '#   xzxk-01:',
    '#     channels: [政府网站, 政务服务中心]',
    '# 版次和日期，印在封面和版权页；目录更新后重印时加 1',
    `edition: { number: 1, date: ${seed.date} }`,
    '# 纸张：A5（默认）、A4、B5、16K，或 宽x高mm',
    'paper: A5',
    '# 生成的 PDF 文件，路径相对于本文件所在的文件夹',
    `output: ${q(`${title ?? '便民服务手册'}.pdf`)}`,
    '',
  ].join('\n');
}

/** The 公开主体 most items name, when it is an agency and not a role (县级广播电视行政部门). */
function namedSubject(data: CatalogueData): string | undefined {
  const counts = new Map<string, number>();
  for (const c of data.categories) for (const i of c.items) if (!isGenericSubject(i.subject)) counts.set(i.subject, (counts.get(i.subject) ?? 0) + 1);
  let best: string | undefined;
  for (const [s, n] of counts) if (best === undefined || n > (counts.get(best) ?? 0)) best = s;
  return best !== undefined && /局|委员会|办公室|中心|政府/.test(best) ? best : undefined;
}
