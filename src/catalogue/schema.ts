import { z } from 'zod';
import { printableProblem } from './characters.js';
import { audienceValues, methodValues } from './fields.js';
import { paperSize } from './paper.js';

/*
 * The data contract as zod schemas. We chose zod over JSON Schema because the
 * schema is also the TypeScript type (one source of truth, checked by tsc),
 * its issues carry the exact path we map back to YAML positions, and strict
 * objects report unknown keys by name, which is what the "did you mean" hint
 * needs. Messages are ours (validate.ts), not zod's English ones.
 */

/** Text that will be printed: no control characters, bidi controls or broken surrogates, bounded length. */
const printable = z
  .string()
  .trim()
  .min(1)
  .superRefine((s, ctx) => {
    const problem = printableProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.kind, params: { kind: problem.kind, char: problem.char } });
  });

/** YAML reads `phone: 12345` or `version: 2020` as numbers; staff mean text. */
const text = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), printable);

/** A list field also accepts a single value: `basis: 《条例》` means one basis. */
function list<T extends z.ZodType>(element: T) {
  return z.preprocess((v) => (typeof v === 'string' || typeof v === 'number' ? [v] : v), z.array(element).min(1));
}

export const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);

export const itemSchema = z.strictObject({
  id: slug,
  name: text,
  content: list(text),
  basis: list(text),
  timeLimit: text,
  subject: text,
  channels: list(text),
  audience: list(z.enum(audienceValues)),
  method: list(z.enum(methodValues)),
  levels: list(text),
  url: z.string().optional(),
  note: text.optional(),
  sources: list(z.string()).optional(),
  /**
   * Set by `handbook import --draft` on an item it could not read cleanly.
   * Known here so it is reported for what it is (load.ts refuses it, at its
   * line) rather than as an unknown field.
   */
  draft: z.unknown().optional(),
});

export const categorySchema = z.strictObject({
  code: slug,
  name: text,
  items: z.array(itemSchema).min(1),
});

export const catalogueSchema = z.strictObject({
  title: text,
  domain: text,
  issuer: text.optional(),
  version: text.optional(),
  notice: text.optional(),
  categories: z.array(categorySchema).min(1),
});

/** What an override may patch: any item field but the id. */
export const overrideSchema = itemSchema.omit({ id: true, draft: true }).partial();

const contactSchema = z.strictObject({
  name: text,
  phone: text.optional(),
  address: text.optional(),
  hours: text.optional(),
  website: z.string().optional(),
});

const isoDate = z
  .preprocess((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v), z.string())
  // A round trip catches dates JavaScript would roll over, such as 2026-02-30.
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, {
    params: { kind: 'date' },
  });

/** A paper name the layouts know (paper.ts); also what a theme's `paper` must be. */
export const paper = z.string().refine((s) => paperSize(s) !== undefined, {
  params: { kind: 'paper' },
});

export const handbookFileSchema = z.strictObject({
  catalogue: list(z.string().min(1)),
  title: text.optional(),
  locality: z.strictObject({
    name: text,
    agency: text,
    website: z.string().optional(),
    phone: text.optional(),
    address: text.optional(),
    hours: text.optional(),
    serviceHalls: z.array(contactSchema).optional(),
    supervision: z.array(contactSchema).optional(),
  }),
  itemUrl: z.string().optional(),
  /** The web twin: where its pages live; item URLs (and so the QR codes) follow from it. */
  site: z
    .strictObject({
      base: z.string(),
      single: z.boolean().optional(),
      page: z.string().optional(),
    })
    .optional(),
  levels: list(text).optional(),
  exclude: list(z.string()).optional(),
  overrides: z.record(z.string(), overrideSchema).optional(),
  edition: z
    .strictObject({
      number: z.number().int().min(1),
      date: isoDate,
    })
    .optional(),
  template: slug.optional(),
  paper: paper.optional(),
  output: z.string().min(1).optional(),
});

export type ItemData = z.infer<typeof itemSchema>;
export type CategoryData = z.infer<typeof categorySchema>;
export type CatalogueData = z.infer<typeof catalogueSchema>;
export type OverrideData = z.infer<typeof overrideSchema>;
export type HandbookFileData = z.infer<typeof handbookFileSchema>;
export type ContactData = z.infer<typeof contactSchema>;
