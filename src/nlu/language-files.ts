/**
 * The per-language word files of the NLU, read once and checked with zod: `data/nlu/lexicon/<language>.json` (surface
 * words → canonical slot values and cue words) and `data/nlu/cues/<language>.json` (intent cue words). Adding a
 * language's words is adding these two files; a malformed file stops start-up with its name and the bad entry.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../config.ts';

/** Where the word files live. */
export const LANGUAGE_FILES_DIR = path.join(projectRoot, 'data', 'nlu');

/** The kinds of meaning a lexicon phrase can have. */
export const LEX_KINDS = [
  'category',
  'color',
  'pattern',
  'material',
  'occasion',
  'style',
  'season',
  'weather',
  'gender',
  'sleeve_length',
  'brand',
  'rating',
  'price_level',
  'price_direction',
  'request',
  'tone',
  'language',
  'region',
  'negation',
  'ordinal',
  'determiner',
  'anaphora',
  'one',
  'stop',
  'detail',
  'palette',
] as const;

/** Canonical value → the surface phrases that mean it. */
const table = z.record(z.string().min(1), z.array(z.string().min(1)));

/**
 * How a language's text is matched: `words` (tokens, longest phrase, spelling correction) or `characters` (longest
 * substring, for scripts written without spaces).
 */
const match = z.enum(['words', 'characters']);

const lexiconFile = z.object({
  about: z.string().min(1),
  language: z.string().min(2),
  match,
  /** Add English plural forms of every kind of piece. */
  plurals: z.literal('english').optional(),
  /** Add the catalogue taxonomy's own names and synonyms (they are English). */
  taxonomy: z.boolean().optional(),
  /** Chat spellings read as the word they stand for, one word for one ("shud" → "should", "smth" → "something"). */
  spellings: table.optional(),
  tables: z.partialRecord(z.enum(LEX_KINDS), table),
  /** Phrases that contain lexicon words but mean something else ("white tie", 明白). */
  stop: z.array(z.string().min(1)),
});

const cueFile = z.object({
  about: z.string().min(1),
  language: z.string().min(2),
  match,
  /** Suffix → replacement that gives a base form ("erased" → "erase"), tried in order. */
  inflections: z.array(z.tuple([z.string().min(1), z.string()])).optional(),
  /** Cue class → its words. */
  cues: table,
  /** Cue classes that need a word of every list ("count" + "trends" → consent to the trend statistics). */
  together: z.record(z.string().min(1), z.array(z.array(z.string().min(1)).min(1)).min(2)).optional(),
});

/** One language's lexicon file. */
export type LexiconFile = z.infer<typeof lexiconFile>;
/** One language's cue file. */
export type CueFile = z.infer<typeof cueFile>;

function readAll<T extends z.ZodType<{ language: string }>>(dir: string, schema: T): z.infer<T>[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return files.map((file) => {
    const where = path.join(dir, file);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(where, 'utf8'));
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const [issue] = parsed.error.issues;
      throw new Error(
        issue ? `${where}: ${issue.path.join('.')}: ${issue.message}` : `${where}: does not fit the schema`,
      );
    }
    if (`${parsed.data.language}.json` !== file) throw new Error(`${where}: names language "${parsed.data.language}"`);
    return parsed.data;
  });
}

/**
 * Reads and checks the lexicon files of a folder (`<language>.json` each).
 * @example
 * readLexiconFiles(path.join(LANGUAGE_FILES_DIR, 'lexicon')); // throws naming the file and entry when malformed
 */
export function readLexiconFiles(dir: string): LexiconFile[] {
  return readAll(dir, lexiconFile);
}

/** Reads and checks the cue files of a folder (`<language>.json` each). */
export function readCueFiles(dir: string): CueFile[] {
  return readAll(dir, cueFile);
}

let lexicons: LexiconFile[] | undefined;
let cues: CueFile[] | undefined;

/** Every language's lexicon file, read once. */
export function lexiconFiles(): readonly LexiconFile[] {
  lexicons ??= readLexiconFiles(path.join(LANGUAGE_FILES_DIR, 'lexicon'));
  return lexicons;
}

/** Every language's cue file, read once. */
export function cueFiles(): readonly CueFile[] {
  cues ??= readCueFiles(path.join(LANGUAGE_FILES_DIR, 'cues'));
  return cues;
}
