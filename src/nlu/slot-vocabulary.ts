/**
 * What each slot may hold: the canonical values of the lexicons (themselves built on the catalogue taxonomy) for
 * vocabulary slots, and shapes and ranges for the others. Stylists' corrected slots flow into training exports, so
 * a correction must say something the parser could have said (`{"color":["navy"]}`, not `{"color":"<b>navvy"}`).
 */
import { z } from 'zod';
import { ARTICLE_TYPES, CATEGORIES, COLORS, MATERIALS, OCCASIONS, PATTERNS } from '../catalog/taxonomy.ts';
import { EUR_RATES } from '../engine/money.ts';
import { GENDERS, SEASONS, type Slots } from '../types.ts';
import { EN_LEXICON, type LexKind, ZH_LEXICON } from './lexicon.ts';

/** The canonical values the lexicons give a kind of phrase, plus any the taxonomy lists. */
function vocabulary(kind: LexKind, extra: Iterable<string> = []): readonly [string, ...string[]] {
  const values = new Set(extra);
  for (const lexicon of [EN_LEXICON, ZH_LEXICON]) {
    for (const entries of lexicon.values())
      for (const entry of entries) if (entry.kind === kind) values.add(entry.value);
  }
  return [...values].sort() as [string, ...string[]];
}

const oneOf = (kind: LexKind, extra?: Iterable<string>) => {
  const values = vocabulary(kind, extra);
  return z.string().refine((v) => values.includes(v), {
    message: `not a known ${kind.replace('_', ' ')}; expected one of: ${values.join(', ')}`,
  });
};
const category = oneOf('category', [...CATEGORIES, ...Object.keys(ARTICLE_TYPES)]);
const color = oneOf('color', COLORS);
const material = oneOf('material', MATERIALS);
const style = oneOf('style');
const list = (item: z.ZodType<string>) => z.array(item).min(1).max(10);
/** A short name as written in a catalogue (brands): no markup or control characters. */
const plainName = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} &.'’+-]*$/u, "expected a plain name (letters, digits, spaces, & . ' + -)");
const amount = z.number().positive().max(1_000_000);

/** One validator per slot a correction may set (the slots the console's annotation form accepts). */
export const SLOT_VALUE_SCHEMAS = {
  category,
  color: list(color),
  exclude_color: list(color),
  pattern: oneOf('pattern', PATTERNS),
  material,
  exclude_material: list(material),
  occasion: oneOf('occasion', Object.keys(OCCASIONS)),
  season: z.enum(SEASONS as [Slots['season'] & string, ...string[]]),
  weather: z
    .object({
      temperatureC: z.number().min(-60).max(60).optional(),
      condition: oneOf('weather').optional(),
    })
    .strict(),
  budget_max: amount,
  budget_min: amount,
  currency: z.enum(Object.keys(EUR_RATES) as [string, ...string[]]),
  price_direction: z.enum(['lower', 'higher']),
  size: z
    .string()
    .trim()
    .regex(/^[\p{L}\p{N} ./-]{1,12}$/u, 'expected a size like M, XL, 42 or EU 38'),
  gender: z.enum(GENDERS as [string, ...string[]]),
  style,
  exclude_style: list(style),
  brand: plainName,
  sleeve_length: oneOf('sleeve_length'),
  reference: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('ordinal'), index: z.number().int().min(-1).max(50) }).strict(),
    z.object({ kind: z.literal('attribute'), color: color.optional(), category: category.optional() }).strict(),
    z.object({ kind: z.literal('anaphora') }).strict(),
  ]),
  request_slots: list(oneOf('request')),
  region: z.string().regex(/^[A-Z]{2}$/, 'expected a two-letter country code like GB'),
  tone: oneOf('tone'),
  language: oneOf('language'),
} satisfies Partial<Record<keyof Slots, z.ZodType>>;

/**
 * The problems with the values of a slots object (slot names it does not know are left to the caller), each as
 * `slot: message`; empty when every value is one the parser could produce.
 * @example
 * slotValueIssues({ color: ['navy'], occasion: 'party' }) // []
 * slotValueIssues({ color: 'navvy' }) // ['color: expected array, received string']
 */
export function slotValueIssues(slots: Record<string, unknown>): string[] {
  const issues: string[] = [];
  for (const [name, value] of Object.entries(slots)) {
    const schema = (SLOT_VALUE_SCHEMAS as Record<string, z.ZodType>)[name];
    if (!schema) continue;
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.push(`${[name, ...issue.path].join('.')}: ${issue.message}`);
    }
  }
  return issues;
}
