import { cleanText } from './clean/text.js';
import type { SourceTable } from './table.js';

/*
 * A catalogue needs a title and a domain. Tables usually carry both in their
 * caption or in a title row above the header: 「中方县文化旅游广电体育局广播电视
 * 领域基层政务公开标准目录」 → domain 广播电视.
 */

/** The table's title: its caption, else the row above the header that names a directory (目录), else the first row there. */
export function findTitle(table: SourceTable, headerIndex: number): string | undefined {
  const above = table.rows
    .slice(0, headerIndex)
    .map((row) => [...new Set(row.map((c) => cleanText(c.text)).filter((t) => t !== ''))].join(' '))
    // 「附件1」 and 「单位：…」 lines frame the table; they are not its title.
    .filter((t) => t !== '' && !/^附件\s*\d*[：:]?$/.test(t) && !/^(填报)?单位[：:]/.test(t));
  const caption = table.caption === undefined ? undefined : cleanText(table.caption);
  return caption || above.find((t) => t.includes('目录')) || above[0];
}

/** Agencies and places that precede the domain in a title. */
const agencyPrefix = /^.*(?:局|委员会|办公室|人民政府|政府|中心)/;
/** A county, city or district name of two to four characters: 中方县, 长沙市, 岳麓区. */
const placePrefix = /^\p{Script=Han}{2,4}?[县市区旗]/u;

/** The domain a title names: the words before 领域, or before 基层政务公开标准目录, less the agency and place. */
export function domainFromTitle(title: string): string | undefined {
  const named =
    /([^\s（(，,：:、]+?)领域/.exec(title)?.[1] ?? /^(.+?)政务公开(?:标准|事项)?目录/.exec(title)?.[1]?.replace(/基层$/, '');
  if (!named) return undefined;
  const withoutAgency = named.replace(agencyPrefix, '');
  const domain = withoutAgency !== named ? withoutAgency : named.replace(placePrefix, '');
  return domain.length >= 2 && domain.length <= 12 ? domain : undefined;
}
