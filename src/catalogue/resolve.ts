import path from 'node:path';
import { diagnostic, hasErrors } from '../diagnostics/diagnostic.js';
import type { Diagnostic, Origin, SourcePosition } from '../diagnostics/diagnostic.js';
import type { Host } from '../host/host.js';
import { fieldName, itemAttributes } from './fields.js';
import { loadCatalogue, loadHandbookFile } from './load.js';
import type { Loaded } from './load.js';
import type { Category, Contact, Handbook, Item, SiteConfig } from './model.js';
import type { CatalogueData, HandbookFileData, ItemData } from './schema.js';
import { paperHint, paperSize } from './paper.js';
import { isUnderBase, resolveSite, siteItemUrl } from './site.js';
import { isPlaceholder, placeholderDiagnostics } from './placeholder.js';
import { suggestKey } from './suggest.js';
import { LONG_URL, expandItemUrl, itemUrlPlaceholders, unknownPlaceholders, urlDiagnostic } from './url.js';
import { valueAt } from './validate.js';
import { locate } from './yaml-source.js';
import type { YamlSource } from './yaml-source.js';

export interface ResolveOptions {
  /** Overrides the handbook file's `output`. Absolute or relative to cwd. */
  output?: string;
  /** Overrides the handbook file's `paper`. */
  paper?: string;
  /** Overrides the handbook file's `template`. */
  template?: string;
  /** Seconds since the epoch, for a reproducible default edition date (SOURCE_DATE_EPOCH). */
  sourceDateEpoch?: number;
  /** Only these item ids (posters for a few items). */
  items?: string[];
}

/**
 * A 公开主体 that names a role ("县级广播电视行政部门") rather than an agency.
 * The locality's agency replaces it; a named agency is kept as written.
 */
export function isGenericSubject(subject: string): boolean {
  return /^(县级|县（市、区）级?|县（区）|县区级|县级以上)?(广播电视|文化和旅游|文化旅游|文旅)?(（广播电视）)?(行政|主管)?部门$/.test(subject);
}

/**
 * Loads a handbook file and its catalogue(s) and merges them into the
 * resolved `Handbook` (SPEC "Data contract"). All problems are returned at
 * once; `value` is set only when there are no errors.
 */
export function resolveHandbook(
  handbookFile: string,
  host: Host,
  options: ResolveOptions = {},
): { value: Handbook | undefined; diagnostics: Diagnostic[] } {
  const file = path.resolve(handbookFile);
  const loaded = loadHandbookFile(file, host);
  const dir = path.dirname(file);
  if (!loaded.value) {
    // Still check the catalogues the file names, so one run reports everything.
    const diagnostics = [...loaded.diagnostics];
    const raw = (loaded.raw as { catalogue?: unknown } | null)?.catalogue;
    const paths = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw.filter((p) => typeof p === 'string') : [];
    for (const rel of paths) {
      const abs = path.resolve(dir, rel);
      if (host.exists(abs)) diagnostics.push(...loadCatalogue(abs, host).diagnostics);
    }
    return { value: undefined, diagnostics };
  }
  const { data: loadedHb, source: hbSource } = loaded.value;
  const diagnostics = [...loaded.diagnostics, ...placeholderDiagnostics(hbSource.data, hbSource)];
  // A URL still to be filled in is reported once, as a placeholder, and otherwise treated as absent.
  const hb = withoutPlaceholderUrls(loadedHb);

  // Catalogues, in the order listed.
  const catalogues: Loaded<CatalogueData>[] = [];
  const catalogueFiles: string[] = [];
  const catalogueIsList = Array.isArray(valueAt(hbSource.data, ['catalogue']));
  hb.catalogue.forEach((rel, i) => {
    const abs = path.resolve(dir, rel);
    const at = locate(hbSource, catalogueIsList ? ['catalogue', i] : ['catalogue']);
    if (!host.exists(abs)) {
      diagnostics.push(
        diagnostic('error', 'file/not-found', `找不到目录文件「${rel}」`, at, {
          field: 'catalogue',
          hint: '路径相对于手册文件所在的文件夹；检查文件名和 ../ 的层数。',
        }),
      );
      return;
    }
    const cat = loadCatalogue(abs, host);
    diagnostics.push(...cat.diagnostics);
    if (cat.value) {
      catalogues.push(cat.value);
      catalogueFiles.push(abs);
    }
  });
  checkHandbookUrls(hb, hbSource, diagnostics);
  const site = resolveSite(hb, hbSource, diagnostics);
  if (hasErrors(diagnostics) || catalogues.length !== hb.catalogue.length) {
    return { value: undefined, diagnostics };
  }

  const merged = mergeCatalogues(catalogues, diagnostics);
  const allIds = new Set(merged.flatMap((c) => c.items.map((i) => i.data.id)));
  checkItemReferences(hb, hbSource, allIds, diagnostics);
  if (hasErrors(diagnostics)) return { value: undefined, diagnostics };

  const exclude = new Set(hb.exclude ?? []);
  const only = options.items ? new Set(options.items) : undefined;
  for (const id of options.items ?? []) {
    if (!allIds.has(id)) {
      const guess = suggestKey(id, [...allIds]);
      diagnostics.push(
        diagnostic('error', 'handbook/unknown-item', `--items 中的事项编号「${id}」在目录中不存在`, { option: '--items' }, {
          itemId: id,
          ...(guess !== undefined && { hint: `是否想写 ${guess}？` }),
        }),
      );
    }
  }
  if (hasErrors(diagnostics)) return { value: undefined, diagnostics };
  const levels = hb.levels ? new Set(hb.levels) : undefined;
  let seq = 0;
  const categories: Category[] = [];
  for (const cat of merged) {
    const items: Item[] = [];
    for (const entry of cat.items) {
      const raw = entry.data;
      if (exclude.has(raw.id) || (only && !only.has(raw.id))) continue;
      const override = hb.overrides?.[raw.id];
      const data: ItemData = { ...raw, ...override } as ItemData;
      if (levels && !data.levels.some((l) => levels.has(l))) continue;
      seq++;
      items.push(makeItem(data, cat.code, seq, entry, hb, hbSource, site, diagnostics));
    }
    if (items.length > 0) categories.push({ code: cat.code, name: cat.name, origin: cat.origin, items });
  }
  if (seq === 0) {
    diagnostics.push(
      diagnostic('error', 'handbook/no-items', '筛选后手册中没有任何事项', locate(hbSource, hb.levels ? ['levels'] : []), {
        field: hb.levels ? 'levels' : undefined,
        hint: '检查「公开层级」(levels) 和「排除事项」(exclude) 是否把所有事项都排除了。',
      }),
    );
    return { value: undefined, diagnostics };
  }
  checkItemUrls(categories, hb, hbSource, site, diagnostics);

  const first = catalogues[0]!.data;
  const edition = resolveEdition(hb, hbSource, options, diagnostics);
  const title = hb.title ?? `${hb.locality.name}${first.domain}便民服务手册`;
  const outputRel = options.output ?? hb.output;
  const output = options.output
    ? path.resolve(options.output)
    : path.resolve(dir, outputRel ?? path.join('out', `${title}.pdf`));

  diagnostics.push(...checkOutput(output, options.output === undefined ? locate(hbSource, hb.output ? ['output'] : []) : { option: '-o' }, host));

  // A paper from the command line has no line in the file; it is checked here (the file's by the contract).
  if (options.paper !== undefined && paperSize(options.paper) === undefined) {
    diagnostics.push(
      diagnostic('error', 'schema/invalid-paper', `纸张「${options.paper}」不是可用的纸张规格`, { option: '--paper' }, { hint: paperHint(options.paper) }),
    );
  }

  const handbook: Handbook = {
    title,
    domain: first.domain,
    catalogueTitle: first.title,
    ...(first.issuer !== undefined && { issuer: first.issuer }),
    ...(first.version !== undefined && { version: first.version }),
    ...(first.notice !== undefined && { notice: first.notice }),
    locality: {
      name: hb.locality.name,
      agency: hb.locality.agency,
      ...(hb.locality.website !== undefined && { website: hb.locality.website }),
      ...(hb.locality.phone !== undefined && { phone: hb.locality.phone }),
      ...(hb.locality.address !== undefined && { address: hb.locality.address }),
      ...(hb.locality.hours !== undefined && { hours: hb.locality.hours }),
      serviceHalls: (hb.locality.serviceHalls ?? []) as Contact[],
      supervision: (hb.locality.supervision ?? []) as Contact[],
    },
    edition,
    template: options.template ?? hb.template ?? 'default',
    templateOrigin: options.template !== undefined ? { option: '--template' } : hb.template !== undefined ? locate(hbSource, ['template']) : { file },
    paper: (options.paper ?? hb.paper ?? 'A5').toUpperCase().replace(/MM$/, 'mm'),
    paperSource: options.paper !== undefined ? 'option' : hb.paper !== undefined ? 'file' : 'default',
    output,
    categories,
    ...(site && { site }),
    files: { handbook: file, catalogues: catalogueFiles },
    origins: {
      ...textOrigins(hbSource, ['title'], ''),
      // The file's template and output lines are where those came from only when the command line did not replace them.
      ...(options.template === undefined && textOrigins(hbSource, ['template'], '')),
      ...(options.output === undefined && textOrigins(hbSource, ['output'], '')),
      ...textOrigins(hbSource, ['itemUrl'], ''),
      ...textOrigins(hbSource, ['site'], 'site'),
      ...textOrigins(hbSource, ['locality'], 'locality'),
      ...textOrigins(catalogues[0]!.source, ['title'], 'catalogue.title'),
      ...textOrigins(catalogues[0]!.source, ['notice'], 'catalogue.notice'),
      ...textOrigins(catalogues[0]!.source, ['issuer'], 'catalogue.issuer'),
      ...textOrigins(catalogues[0]!.source, ['version'], 'catalogue.version'),
    },
  };
  return { value: hasErrors(diagnostics) ? undefined : handbook, diagnostics };
}

/** Positions of every scalar under `path`, keyed by dotted path under `prefix`. */
function textOrigins(source: YamlSource, path: (string | number)[], prefix: string): Record<string, SourcePosition> {
  const out: Record<string, SourcePosition> = {};
  const visit = (value: unknown, p: (string | number)[], key: string) => {
    if (value === null || value === undefined) return;
    if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, [...p, Array.isArray(value) ? Number(k) : k], key ? `${key}.${k}` : k);
    } else out[key] = locate(source, p);
  };
  visit(valueAt(source.data, path), path, prefix || path.join('.'));
  return out;
}

/** The output must be a PDF file we may replace, never a folder. */
function checkOutput(output: string, at: Origin, host: Host): Diagnostic[] {
  const where = at;
  const hint = at.option === undefined ? '在手册文件的 output 中改正，或用 -o 指定。' : '改正命令行 -o 后面的文件名。';
  if (!/\.pdf$/i.test(output)) {
    return [diagnostic('error', 'handbook/output-not-pdf', `输出文件「${path.basename(output)}」不是 .pdf 文件`, where, { field: 'output', hint })];
  }
  if (host.exists(output) && host.isDirectory?.(output)) {
    return [diagnostic('error', 'handbook/output-is-folder', `输出位置「${output}」是一个文件夹`, where, { field: 'output', hint })];
  }
  return [];
}

interface MergedCategory {
  code: string;
  name: string;
  origin: SourcePosition;
  items: { data: ItemData; source: YamlSource; path: (string | number)[] }[];
}

/** Concatenates catalogues by category code; a later file's items join an earlier category of the same code. */
function mergeCatalogues(catalogues: Loaded<CatalogueData>[], diagnostics: Diagnostic[]): MergedCategory[] {
  const byCode = new Map<string, MergedCategory>();
  const seen = new Map<string, string>();
  for (const { data, source } of catalogues) {
    data.categories.forEach((cat, c) => {
      let merged = byCode.get(cat.code);
      if (!merged) {
        merged = { code: cat.code, name: cat.name, origin: locate(source, ['categories', c, 'name']), items: [] };
        byCode.set(cat.code, merged);
      } else if (merged.name !== cat.name) {
        diagnostics.push(
          diagnostic('warning', 'catalogue/category-name-mismatch', `分类代码「${cat.code}」在不同目录文件中名称不同：「${merged.name}」与「${cat.name}」`, locate(source, ['categories', c, 'name']), {
            field: 'name',
            hint: `手册使用先出现的名称「${merged.name}」。`,
          }),
        );
      }
      cat.items.forEach((item, i) => {
        const path = ['categories', c, 'items', i];
        const prev = seen.get(item.id);
        if (prev !== undefined && prev !== source.file) {
          diagnostics.push(
            diagnostic('error', 'catalogue/duplicate-item', `事项编号「${item.id}」在多个目录文件中重复`, locate(source, [...path, 'id']), {
              itemId: item.id,
              field: 'id',
              hint: `已在 ${prev} 中定义。`,
            }),
          );
          return;
        }
        seen.set(item.id, source.file);
        merged!.items.push({ data: item, source, path });
      });
    });
  }
  return [...byCode.values()];
}

function checkItemReferences(hb: HandbookFileData, source: YamlSource, ids: Set<string>, diagnostics: Diagnostic[]): void {
  const known = [...ids];
  const unknown = (id: string, at: SourcePosition, field: string) => {
    const guess = suggestKey(id, known);
    diagnostics.push(
      diagnostic('error', 'handbook/unknown-item', `${fieldName(field)}中的事项编号「${id}」在目录中不存在`, at, {
        itemId: id,
        field,
        ...(guess !== undefined && { hint: `是否想写 ${guess}？` }),
      }),
    );
  };
  const excludeIsList = Array.isArray(valueAt(source.data, ['exclude']));
  (hb.exclude ?? []).forEach((id, i) => {
    if (!ids.has(id)) unknown(id, locate(source, excludeIsList ? ['exclude', i] : ['exclude']), 'exclude');
  });
  for (const [id, patch] of Object.entries(hb.overrides ?? {})) {
    if (!ids.has(id)) unknown(id, locate(source, ['overrides', id], true), 'overrides');
    if (patch.url !== undefined) {
      const bad = urlDiagnostic(patch.url, 'url', () => locate(source, ['overrides', id, 'url']), id);
      if (bad) diagnostics.push(bad);
    }
  }
}


function withoutPlaceholderUrls(hb: HandbookFileData): HandbookFileData {
  const out = { ...hb, locality: { ...hb.locality } };
  if (isPlaceholder(out.itemUrl)) delete out.itemUrl;
  if (isPlaceholder(out.locality.website)) delete out.locality.website;
  return out;
}

function checkHandbookUrls(hb: HandbookFileData, source: YamlSource, diagnostics: Diagnostic[]): void {
  const check = (url: string | undefined, p: (string | number)[], field: string) => {
    const bad = url === undefined ? undefined : urlDiagnostic(url, field, () => locate(source, p));
    if (bad) diagnostics.push(bad);
  };
  check(hb.locality.website, ['locality', 'website'], 'website');
  hb.locality.serviceHalls?.forEach((h, i) => check(h.website, ['locality', 'serviceHalls', i, 'website'], 'website'));
  hb.locality.supervision?.forEach((h, i) => check(h.website, ['locality', 'supervision', i, 'website'], 'website'));
  if (hb.itemUrl !== undefined) {
    const at = locate(source, ['itemUrl']);
    const bad = unknownPlaceholders(hb.itemUrl);
    if (bad.length > 0) {
      diagnostics.push(
        diagnostic('error', 'handbook/item-url-placeholder', `${fieldName('itemUrl')}中有未知的占位符「{${bad[0]}}」`, at, {
          field: 'itemUrl',
          hint: `可用的占位符：${itemUrlPlaceholders.map((p) => `{${p}}`).join('、')}`,
        }),
      );
    } else {
      const bad = urlDiagnostic(expandItemUrl(hb.itemUrl, { id: 'x', category: 'x', seq: 1 }), 'itemUrl', () => at);
      if (bad) diagnostics.push(bad);
    }
  }
}

function makeItem(
  data: ItemData,
  category: string,
  seq: number,
  entry: MergedCategory['items'][number],
  hb: HandbookFileData,
  hbSource: YamlSource,
  site: SiteConfig | undefined,
  diagnostics: Diagnostic[],
): Item {
  const override = hb.overrides?.[data.id];
  const fieldOrigins: Partial<Record<keyof Item['fieldOrigins'], SourcePosition>> = {};
  for (const f of [...itemAttributes, 'name', 'url', 'note'] as const) {
    if (override && f in override) fieldOrigins[f] = locate(hbSource, ['overrides', data.id, f]);
    else if (f in data) fieldOrigins[f] = locate(entry.source, [...entry.path, f]);
  }
  const origin = locate(entry.source, entry.path);
  const generic = isGenericSubject(data.subject);
  const subject = generic ? hb.locality.agency : data.subject;
  // A filled-in subject was written in the handbook file, as the agency.
  if (generic) fieldOrigins.subject = locate(hbSource, ['locality', 'agency']);
  let url: string | undefined;
  if (site?.single) {
    // One page holds every item: a URL of the item's own would open a page the site does not have.
    url = siteItemUrl(site, data.id);
    if (data.url !== undefined) {
      diagnostics.push(
        diagnostic('warning', 'site/url-replaced', `单页模式下不用事项自己的网址，二维码指向 ${url}`, fieldOrigins.url ?? origin, {
          itemId: data.id,
          field: 'url',
          hint: '删去事项的 url，或在手册文件的 site 中去掉 single: true。',
        }),
      );
    }
    fieldOrigins.url = locate(hbSource, ['site', 'base']);
  } else {
    url = data.url ?? (hb.itemUrl !== undefined ? expandItemUrl(hb.itemUrl, { id: data.id, category, seq }) : site?.configured ? siteItemUrl(site, data.id) : undefined);
    if (data.url === undefined && hb.itemUrl === undefined && site?.configured) fieldOrigins.url = locate(hbSource, ['site', 'base']);
  }
  if (url === undefined && isPlaceholder(valueAt(hbSource.data, ['itemUrl']))) {
    // Reported once, at the itemUrl still to be filled in.
  } else if (url === undefined) {
    diagnostics.push(
      diagnostic('warning', 'handbook/missing-url', '事项没有网址，手册中将不印二维码', origin, {
        itemId: data.id,
        field: 'url',
        hint: '在目录中为事项填写 url，或在手册文件中设置 itemUrl 网址模板。',
      }),
    );
  } else if (url.length > LONG_URL) {
    diagnostics.push(
      diagnostic('warning', 'url/long', `网址长度 ${url.length} 个字符，二维码会较密，不易扫描`, fieldOrigins.url ?? origin, {
        itemId: data.id,
        field: 'url',
        hint: `建议使用 ${LONG_URL} 个字符以内的短网址。`,
      }),
    );
  }
  return {
    id: data.id,
    name: data.name,
    content: data.content,
    basis: data.basis,
    timeLimit: data.timeLimit,
    subject,
    channels: data.channels,
    audience: data.audience,
    method: data.method,
    levels: data.levels,
    ...(url !== undefined && { url }),
    ...(data.note !== undefined && { note: data.note }),
    ...(data.sources !== undefined && { sources: data.sources }),
    category,
    seq,
    origin,
    fieldOrigins,
  };
}

/**
 * Every QR code must open its own item's page: two items with one URL are an
 * error (an itemUrl without a placeholder is reported once, at the pattern),
 * and with a `site:` section every item URL must lie under its base.
 */
function checkItemUrls(categories: readonly Category[], hb: HandbookFileData, source: YamlSource, site: SiteConfig | undefined, diagnostics: Diagnostic[]): void {
  const seen = new Map<string, Item>();
  let patternReported = false;
  for (const item of categories.flatMap((c) => c.items)) {
    if (item.url === undefined) continue;
    const at = item.fieldOrigins.url ?? item.origin;
    const first = seen.get(item.url);
    if (first === undefined) seen.set(item.url, item);
    else if (item.fieldOrigins.url === undefined && first.fieldOrigins.url === undefined && hb.itemUrl !== undefined) {
      if (!patternReported) {
        patternReported = true;
        diagnostics.push(
          diagnostic('error', 'url/duplicate', `按${fieldName('itemUrl')}生成的网址相同：事项 ${first.id} 和 ${item.id} 都是 ${item.url}`, locate(source, ['itemUrl']), {
            field: 'itemUrl',
            hint: '网址模板中加入 {id}，如 https://…/gbds/{id}.html，每个二维码才会打开各自事项的页面。',
          }),
        );
      }
    } else {
      // Point at a url someone wrote: the later item's, else the earlier one's (the other came from itemUrl).
      const [own, other] = item.fieldOrigins.url !== undefined || first.fieldOrigins.url === undefined ? [item, first] : [first, item];
      diagnostics.push(
        diagnostic('error', 'url/duplicate', `网址与事项 ${other.id} 相同：${item.url}`, own.fieldOrigins.url ?? own.origin, {
          itemId: own.id,
          field: 'url',
          hint: '每个事项的二维码应打开它自己的页面；改正其中一个事项的 url。',
        }),
      );
    }
    if (site?.configured && !site.single && !isUnderBase(item.url, site.base)) {
      diagnostics.push(
        diagnostic('error', 'site/outside-base', `网址不在${fieldName('base')} ${site.base} 之下：${item.url}`, at, {
          itemId: item.id,
          field: 'url',
          hint: '网站版只生成网站地址之下的页面；改正事项的 url 或 site.base，否则二维码会打开不存在的页面。',
        }),
      );
    }
  }
}

function resolveEdition(
  hb: HandbookFileData,
  source: YamlSource,
  options: ResolveOptions,
  diagnostics: Diagnostic[],
): { number: number; date: string } {
  if (hb.edition) return { number: hb.edition.number, date: hb.edition.date };
  const epoch = options.sourceDateEpoch;
  const date = new Date(epoch !== undefined ? epoch * 1000 : Date.now()).toISOString().slice(0, 10);
  diagnostics.push(
    diagnostic('warning', 'handbook/no-edition', `未填写${fieldName('edition')}，按第 1 版、日期 ${date} 处理`, locate(source, []), {
      field: 'edition',
      hint: '填写 edition: { number: 1, date: 2026-11-01 }，同样的输入才会生成完全相同的 PDF。',
    }),
  );
  return { number: 1, date };
}
