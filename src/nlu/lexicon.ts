/**
 * Surface forms → canonical slot values, built from the per-language word files (`data/nlu/lexicon/*.json`, see
 * `language-files.ts`). Canonical article types, colours, patterns, materials and occasions come from
 * `src/catalog/taxonomy.ts`; a file that asks for it gets the taxonomy's own (English) names and synonyms too. Files
 * matched by words are merged into one phrase table, files matched by characters into another.
 */
import {
  ARTICLE_GROUPS,
  ARTICLE_SYNONYMS,
  ARTICLE_TYPES,
  CATEGORIES,
  COLOR_SYNONYMS,
  COLORS,
  MATERIAL_SYNONYMS,
  MATERIALS,
  OCCASIONS,
  PATTERNS,
} from '../catalog/taxonomy.ts';
import { LEX_KINDS, type LexiconFile, lexiconFiles } from './language-files.ts';
import { numberedIn } from './numbers.ts';

/** What a lexicon phrase means. `value` is canonical for slots and a small code for cue words. */
export type LexKind = (typeof LEX_KINDS)[number];

export interface LexEntry {
  kind: LexKind;
  value: string;
}

type PhraseMap = Map<string, LexEntry[]>;

function add(map: PhraseMap, surface: string, entry: LexEntry): void {
  const list = map.get(surface);
  if (!list) map.set(surface, [entry]);
  else if (!list.some((e) => e.kind === entry.kind && e.value === entry.value)) list.push(entry);
}

function plurals(word: string): string[] {
  if (/(s|x|ch|sh)$/.test(word)) return [`${word}es`];
  if (/[^aeiou]y$/.test(word)) return [`${word.slice(0, -1)}ies`, `${word}s`];
  return [`${word}s`];
}

/** Adds a kind of piece (and its English plurals) unless the surface already names a kind of piece. */
function addPiece(map: PhraseMap, surface: string, value: string): void {
  const isPiece = (s: string) => map.get(s)?.some((e) => e.kind === 'category') ?? false;
  if (!isPiece(surface)) add(map, surface, { kind: 'category', value });
  for (const p of plurals(surface)) if (!map.has(p)) add(map, p, { kind: 'category', value });
}

/** Adds a value and its spelling with spaces for hyphens ("light-blue" → "light blue"). */
function addHyphenated(map: PhraseMap, kind: LexKind, value: string): void {
  add(map, value, { kind, value });
  if (value.includes('-')) add(map, value.replace(/-/g, ' '), { kind, value });
}

/** The taxonomy's names of a kind, added before the file's own words of that kind. */
function taxonomyBefore(map: PhraseMap, kind: LexKind, addCategory: typeof addPiece): void {
  if (kind === 'category') {
    for (const category of CATEGORIES) if (category !== 'other') addCategory(map, category, category);
    for (const type of Object.keys(ARTICLE_TYPES)) {
      if (type === 'other' || type === 'home') continue;
      addCategory(map, type, type);
      if (type.includes('-')) addCategory(map, type.replace(/-/g, ' '), type);
    }
    for (const [surface, type] of Object.entries(ARTICLE_SYNONYMS)) addCategory(map, surface, type);
  } else if (kind === 'color') {
    for (const color of COLORS) addHyphenated(map, 'color', color);
    for (const [surface, color] of Object.entries(COLOR_SYNONYMS)) add(map, surface, { kind: 'color', value: color });
  } else if (kind === 'material') {
    for (const m of MATERIALS) addHyphenated(map, 'material', m);
    for (const [surface, m] of Object.entries(MATERIAL_SYNONYMS)) add(map, surface, { kind: 'material', value: m });
  } else if (kind === 'occasion') {
    for (const o of Object.values(OCCASIONS)) {
      add(map, o.name, { kind: 'occasion', value: o.name });
      for (const alias of o.aliases) add(map, alias, { kind: 'occasion', value: o.name });
    }
  }
}

/** The taxonomy's names of a kind that only fill gaps the file left. */
function taxonomyAfter(map: PhraseMap, kind: LexKind, addCategory: typeof addPiece): void {
  if (kind === 'category') {
    for (const [group, members] of Object.entries(ARTICLE_GROUPS)) if (members.length) addCategory(map, group, group);
  } else if (kind === 'pattern') {
    for (const p of PATTERNS) if (!map.has(p)) add(map, p, { kind: 'pattern', value: p });
  }
}

/** Adds one language file's phrases to a phrase table. */
function addFile(map: PhraseMap, file: LexiconFile): void {
  const addCategory: typeof addPiece = file.plurals
    ? addPiece
    : (m, surface, value) => add(m, surface, { kind: 'category', value });
  for (const kind of LEX_KINDS) {
    const table = file.tables[kind];
    if (file.taxonomy) taxonomyBefore(map, kind, addCategory);
    for (const [value, surfaces] of Object.entries(table ?? {})) {
      for (const s of surfaces) {
        if (kind === 'category') addCategory(map, s, value);
        else add(map, s, { kind, value });
      }
    }
    if (file.taxonomy) taxonomyAfter(map, kind, addCategory);
  }
  for (const s of file.stop) if (!map.has(s)) add(map, s, { kind: 'stop', value: s });
}

function build(match: LexiconFile['match']): PhraseMap {
  const map: PhraseMap = new Map();
  for (const file of lexiconFiles()) if (file.match === match) addFile(map, file);
  return map;
}

/** Phrases of the languages matched by words (English): surface (lower case, single spaces) → meanings. */
export const EN_LEXICON: ReadonlyMap<string, readonly LexEntry[]> = build('words');
/** Strings of the languages matched by characters (Chinese) → meanings. */
export const ZH_LEXICON: ReadonlyMap<string, readonly LexEntry[]> = build('characters');

/** Chat spellings of the languages matched by words → the word they stand for ("shud" → "should"). */
export const CHAT_SPELLINGS: ReadonlyMap<string, string> = new Map(
  lexiconFiles().flatMap((file) =>
    Object.entries(file.spellings ?? {}).flatMap(([word, spellings]) => spellings.map((s) => [s, word] as const)),
  ),
);

/** Every ordinal form of every language, the longest first (so "第一件" wins over "第一"), with its pattern. */
const ORDINAL_FORMS = lexiconFiles()
  .flatMap((file) => Object.entries(file.tables.ordinal ?? {}).map(([value, forms]) => ({ file, value, forms })))
  .flatMap(({ file, value, forms }) => forms.map((form) => ({ form, value: Number(value), words: file.match })))
  .sort((a, b) => b.form.length - a.form.length)
  .map(({ form, value, words }) => ({
    form,
    value,
    pattern: words === 'words' ? new RegExp(`\\b${form}\\b`, 'g') : new RegExp(form, 'g'),
  }));

/**
 * Every ordinal a text names, in the order it names them, as 0-based positions (-1: the last): "the first or the
 * fourth" → [0, 3], "look 1 vs look 3" → [0, 2], "第二件和最后一件" → [1, -1]. The parser keeps one reference; comparisons need both.
 * @example
 * ordinalsIn('is the 2nd better than the last one?'); // [1, -1]
 */
export function ordinalsIn(text: string): number[] {
  const found: { at: number; end: number; value: number }[] = [];
  const lower = text.toLowerCase();
  for (const { form, value, pattern } of ORDINAL_FORMS) {
    for (const match of lower.matchAll(pattern)) {
      const at = match.index;
      const end = at + form.length;
      if (!found.some((f) => at < f.end && end > f.at)) found.push({ at, end, value });
    }
  }
  // "look 1 vs look 3", "#2 or #4": items or looks named by the number shown beside them.
  for (const { start, end, value } of numberedIn(lower)) {
    if (!found.some((f) => start < f.end && end > f.at)) found.push({ at: start, end, value });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.value);
}

/** The content kinds (searchable attributes rather than cue words) in priority order: the first one a mention carries decides what it is. */
export const CONTENT_PRIORITY: readonly LexKind[] = [
  'category',
  'color',
  'material',
  'pattern',
  'occasion',
  'style',
  'season',
  'weather',
  'gender',
  'sleeve_length',
  'brand',
  'rating',
  'price_level',
  'detail',
  'palette',
];

/** Which slot kinds are content (searchable attributes) rather than cue words. */
export const CONTENT_KINDS: ReadonlySet<LexKind> = new Set(CONTENT_PRIORITY);
