/**
 * The shapes of the hand-written knowledge files (`data/knowledge/*.json`), checked with zod when the bot starts: a
 * colour that is not a canonical catalogue colour, a kind of piece the catalogue does not know, or an entry without a
 * source note stops start-up with a message naming the file and the entry.
 */
import { z } from 'zod';
import { articleTypesMatching, isColor } from '../catalog/taxonomy.ts';

/** A text in both reply languages. */
export const bilingual = z.object({ en: z.string().min(1), zh: z.string().min(1) });
export type Bilingual = z.infer<typeof bilingual>;

/** Words people use for an entry, per language (matched case-insensitively). */
const aliases = z.object({ en: z.array(z.string().min(1)), zh: z.array(z.string().min(1)) });

/** A string that passes `valid` (answers remembered: the files repeat the same few values), or an issue naming it. */
const checked = (valid: (value: string) => boolean, what: string) => {
  const known = new Map<string, boolean>();
  return z.string().superRefine((value, context) => {
    let ok = known.get(value);
    if (ok === undefined) {
      ok = valid(value);
      known.set(value, ok);
    }
    if (!ok) context.addIssue({ code: 'custom', message: `"${value}" is not ${what}` });
  });
};
const color = checked(isColor, 'a canonical catalogue colour');
const kind = checked((value) => articleTypesMatching(value).length > 0, 'a kind of piece the catalogue knows');
/** Where the advice comes from: a style guide, a standard or a convention. */
const source = z.string().min(8);

/** What a piece must look like to follow a piece of advice (all optional; see `src/knowledge/pieces.ts`). */
const constraints = {
  colors: z.array(color).optional(),
  avoidColors: z.array(color).optional(),
  words: z.array(z.string().min(1)).optional(),
  avoidWords: z.array(z.string().min(1)).optional(),
  categories: z.array(kind).optional(),
  formality: z.object({ min: z.number().min(0).max(1), max: z.number().min(0).max(1) }).optional(),
};

export const colorsFile = z.object({
  about: z.string(),
  tones: z.array(
    z.object({
      id: z.string(),
      aliases,
      advice: bilingual,
      flatter: z.array(color).min(3),
      avoid: z.array(color),
      source,
    }),
  ),
  pairs: z.array(
    z.object({ color: z.string(), with: z.array(z.string()).min(2), en: z.string(), zh: z.string(), source }),
  ),
});

export const bodyFile = z.object({
  about: z.string(),
  shapes: z.array(
    z.object({
      id: z.string(),
      aliases,
      advice: bilingual,
      prefer: z.array(z.string()).min(2),
      avoid: z.array(z.string()),
      categories: z.array(kind).min(1),
      source,
    }),
  ),
});

export const dressCodesFile = z.object({
  about: z.string(),
  codes: z.array(
    z.object({
      id: z.string(),
      aliases,
      occasion: z.string(),
      advice: bilingual,
      ...constraints,
      formality: constraints.formality.unwrap(),
      avoidColors: z.array(color),
      categories: z.array(kind).min(1),
      source,
    }),
  ),
  rules: z.array(
    z.object({
      id: z.string(),
      codes: z.array(z.string()).min(1),
      colors: z.array(color).optional(),
      categories: z.array(kind).optional(),
      verdict: z.enum(['yes', 'no', 'depends']),
      answer: bilingual,
      source,
    }),
  ),
});

export const weatherFile = z.object({
  about: z.string(),
  bands: z.array(
    z.object({
      id: z.string(),
      maxC: z.number(),
      season: z.enum(['spring', 'summer', 'autumn', 'winter']),
      advice: bilingual,
      categories: z.array(kind).min(1),
      words: z.array(z.string()),
      avoidWords: z.array(z.string()),
      source,
    }),
  ),
  rain: z.object({ minRainyDays: z.number(), advice: bilingual, words: z.array(z.string()), source }),
  snow: z.object({ minSnowDays: z.number(), advice: bilingual, source }),
  /** Chinese names, short names and countries → the city's English name in the climate table (lower case). */
  cities: z.record(z.string(), z.string()),
  /** English names of places shoppers name (lower case): the climate table's cities and others it does not cover. */
  places: z.array(z.string()).min(10),
});

export const careFile = z.object({
  about: z.string(),
  fabrics: z.array(
    z.object({
      material: z.string(),
      aliases,
      advice: bilingual,
      shrinks: z.boolean(),
      tumble: z.enum(['never', 'low', 'yes']),
      source,
    }),
  ),
});

export const sizesFile = z.object({
  about: z.string(),
  note: bilingual,
  tables: z.array(
    z.object({
      id: z.string(),
      gender: z.enum(['men', 'women', 'kids']),
      kind: z.enum(['tops', 'bottoms', 'shoes', 'kids']),
      label: bilingual,
      columns: z.array(z.string()).min(2),
      rows: z.array(z.array(z.string())).min(3),
      source,
    }),
  ),
  bodies: z.array(
    z.object({
      gender: z.enum(['men', 'women']),
      height: z.array(z.tuple([z.number(), z.string()])),
      weight: z.array(z.tuple([z.number(), z.string()])),
      source,
    }),
  ),
  fit: z.record(z.string(), bilingual),
});

export const stylesFile = z.object({
  about: z.string(),
  styles: z.array(
    z.object({
      id: z.string(),
      aliases,
      advice: bilingual,
      colors: z.array(color).min(1),
      avoidColors: z.array(color).optional(),
      words: z.array(z.string()),
      categories: z.array(kind).min(1),
      source,
    }),
  ),
});

export type SkinTone = z.infer<typeof colorsFile>['tones'][number];
export type ColorPair = z.infer<typeof colorsFile>['pairs'][number];
export type BodyShape = z.infer<typeof bodyFile>['shapes'][number];
export type DressCode = z.infer<typeof dressCodesFile>['codes'][number];
export type EtiquetteRule = z.infer<typeof dressCodesFile>['rules'][number];
export type WeatherBand = z.infer<typeof weatherFile>['bands'][number];
export type WeatherKnowledge = z.infer<typeof weatherFile>;
export type FabricCare = z.infer<typeof careFile>['fabrics'][number];
export type SizeKnowledge = z.infer<typeof sizesFile>;
export type NamedStyle = z.infer<typeof stylesFile>['styles'][number];
