import { codePoint } from '../catalogue/characters.js';
import type { Handbook } from '../catalogue/model.js';
import { fieldName } from '../catalogue/fields.js';
import { diagnostic } from '../diagnostics/diagnostic.js';
import type { Diagnostic, Severity, SourcePosition } from '../diagnostics/diagnostic.js';
import type { TemplateFile } from '../layout/template.js';

/** 「𠮷」U+20BB7 */
export function describeChar(ch: string): string {
  return `「${ch}」${codePoint(ch)}`;
}

interface TextSource {
  text: string;
  at: SourcePosition;
  itemId?: string;
  field: string;
}

/** Every text of the handbook with the place it was written. */
function textSources(handbook: Handbook): TextSource[] {
  const out: TextSource[] = [];
  for (const cat of handbook.categories) {
    out.push({ text: cat.name, at: cat.origin, field: 'name' });
    for (const item of cat.items) {
      for (const [field, at] of Object.entries(item.fieldOrigins)) {
        const value = (item as unknown as Record<string, unknown>)[field];
        const text = Array.isArray(value) ? value.join('\n') : typeof value === 'string' ? value : '';
        if (at && text) out.push({ text, at, itemId: item.id, field });
      }
    }
  }
  // Handbook-level texts first: an item's 公开主体 filled from the agency points at the same place.
  const values = handbookValues(handbook);
  const top: TextSource[] = [];
  for (const [key, at] of Object.entries(handbook.origins)) {
    const text = values.get(key);
    if (text) top.push({ text, at, field: key.split('.').filter((k) => !/^\d+$/.test(k)).pop()! });
  }
  return [...top, ...out];
}

function handbookValues(h: Handbook): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (v: unknown, key: string) => {
    if (v === null || v === undefined) return;
    if (typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, key ? `${key}.${k}` : k);
    else out.set(key, String(v));
  };
  visit(h.locality, 'locality');
  out.set('title', h.title);
  out.set('catalogue.title', h.catalogueTitle);
  if (h.notice) out.set('catalogue.notice', h.notice);
  if (h.issuer) out.set('catalogue.issuer', h.issuer);
  if (h.version) out.set('catalogue.version', h.version);
  return out;
}

/**
 * One diagnostic per place a character no font has was written: the data
 * field (file, line, item, field), else the template line. `missing` maps
 * each character to the main family that lacked it.
 */
export function missingGlyphDiagnostics(
  missing: ReadonlyMap<string, string>,
  handbook: Handbook,
  templates: readonly TemplateFile[],
  severity: Severity,
): Diagnostic[] {
  const sources = textSources(handbook);
  const out: Diagnostic[] = [];
  for (const ch of missing.keys()) {
    const hint =
      '没有任何字体包含此字，印出来会是空白方框。把含有此字的字体（如 SimSun-ExtB）放进 fonts/ 并在 fonts/manifest.yaml 登记，再加到模板 theme.yaml 的 fonts 中对应角色列表的末尾作为后备字体，例如 body: [Noto Serif SC, Noto Sans SC, 单位扩展字体]；或加 --allow-missing-glyphs 先行生成。';
    const seen = new Set<string>();
    const hits = sources.filter((s) => {
      const key = `${s.at.file}:${s.at.line}:${s.at.column}`;
      if (!s.text.includes(ch) || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    for (const s of hits) {
      out.push(
        diagnostic(severity, 'font/missing-glyph', `${fieldName(s.field)}中的${describeChar(ch)} 没有字体可以印出`, s.at, {
          ...(s.itemId !== undefined && { itemId: s.itemId }),
          field: s.field,
          hint,
        }),
      );
    }
    if (hits.length > 0) continue;
    const inTemplate = templates.flatMap((t) =>
      t.source.split('\n').flatMap((line, i) => (line.includes(ch) ? [{ file: t.file, line: i + 1, column: line.indexOf(ch) + 1 }] : [])),
    );
    if (inTemplate.length === 0) out.push(diagnostic(severity, 'font/missing-glyph', `${describeChar(ch)} 没有字体可以印出`, undefined, { hint }));
    for (const at of inTemplate) out.push(diagnostic(severity, 'font/missing-glyph', `模板中的${describeChar(ch)} 没有字体可以印出`, at, { hint }));
  }
  return out;
}
