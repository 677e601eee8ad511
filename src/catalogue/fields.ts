/**
 * Names of the contract's fields as office staff know them. Canonical keys
 * are English (SPEC "Data contract"); every message shows the Chinese label
 * first, the key second: 「公开依据」(basis).
 */
export const fieldLabels: Record<string, string> = {
  // catalogue
  title: '标题',
  domain: '领域',
  issuer: '发布机关',
  version: '版本',
  notice: '说明',
  categories: '分类',
  code: '分类代码',
  items: '事项',
  // item
  id: '事项编号',
  name: '名称',
  content: '公开内容',
  basis: '公开依据',
  timeLimit: '公开时限',
  subject: '公开主体',
  channels: '公开渠道',
  audience: '公开对象',
  method: '公开方式',
  levels: '公开层级',
  url: '网址',
  note: '备注',
  sources: '资料来源',
  // handbook
  catalogue: '目录文件',
  locality: '地区信息',
  agency: '单位名称',
  website: '网站',
  phone: '电话',
  address: '地址',
  hours: '办公时间',
  serviceHalls: '服务大厅',
  supervision: '监督投诉渠道',
  itemUrl: '事项网址模板',
  site: '网站版',
  base: '网站地址',
  single: '单页模式',
  page: '单页文件名',
  exclude: '排除事项',
  overrides: '事项修改',
  edition: '版次',
  number: '版次号',
  date: '日期',
  template: '模板',
  paper: '纸张',
  output: '输出文件',
};

/** 「公开依据」(basis) */
export function fieldName(key: string): string {
  const label = fieldLabels[key];
  return label ? `「${label}」(${key})` : `「${key}」`;
}

/** The eight attributes every disclosure item states, in the order the directory prints them. */
export const itemAttributes = [
  'content',
  'basis',
  'timeLimit',
  'subject',
  'channels',
  'audience',
  'method',
  'levels',
] as const;

export type ItemAttribute = (typeof itemAttributes)[number];

/** Closed vocabularies (SPEC: 全社会 | 特定群体, 主动 | 依申请). */
export const audienceValues = ['全社会', '特定群体'] as const;
export const methodValues = ['主动', '依申请'] as const;
