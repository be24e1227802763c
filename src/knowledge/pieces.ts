/**
 * Catalogue pieces that follow a piece of advice, and the check that a piece does: its main colour among the
 * advised ones, none of the colours to avoid, a cut word the advice asks for (when it must), no word it warns
 * against, the right kind of piece, formality and season. The same check chooses pieces and grades them in
 * `eval knowledge`.
 */
import { articleTypesMatching } from '../catalog/taxonomy.ts';
import type { Catalog, Gender, Item, Season } from '../types.ts';

/** What pieces must look like to follow an advice. */
export interface PieceRule {
  /** Kinds of piece to show (article types, groups or coarse categories). */
  categories: string[];
  /** The main colour must be one of these (when given). */
  colors?: string[];
  /** No colour of the piece may be one of these. */
  avoidColors?: string[];
  /** Cut and detail words in the name or description; required when `requireWords`, else a preference. */
  words?: string[];
  requireWords?: boolean;
  /** None of these words may appear in the name or description. */
  avoidWords?: string[];
  formality?: { min: number; max: number };
  /** The piece must suit one of these seasons (an item without seasons suits all). */
  seasons?: Season[];
  genders?: Gender[];
}

const textCache = new WeakMap<Item, string>();

/** An item's name and description in lower case, with separators as spaces ("wide-leg" → "wide leg"). */
function textOf(item: Item): string {
  let text = textCache.get(item);
  if (text === undefined) {
    text = ` ${`${item.name} ${item.description ?? ''}`.toLowerCase().replace(/[^\p{L}\p{N}/']+/gu, ' ')} `;
    textCache.set(item, text);
  }
  return text;
}

const wordCache = new Map<string, string>();
const asWords = (word: string) => {
  let key = wordCache.get(word);
  if (key === undefined) {
    key = ` ${word.toLowerCase().replace(/[^\p{L}\p{N}/']+/gu, ' ')} `;
    wordCache.set(word, key);
  }
  return key;
};

/** Whether one of the words (whole words; "wide-leg" also matches "wide leg") is in the item's name or description. */
export function mentions(item: Item, words: readonly string[]): string | undefined {
  const text = textOf(item);
  return words.find((w) => text.includes(asWords(w)));
}

/** Why a piece does not follow the rule, or undefined when it does. */
export function violation(item: Item, rule: PieceRule): string | undefined {
  const types = new Set(rule.categories.flatMap(articleTypesMatching));
  if (types.size > 0 && !types.has(item.articleType)) return `kind ${item.articleType}`;
  if (rule.genders && !rule.genders.includes(item.gender)) return `department ${item.gender}`;
  if (rule.colors?.length && !rule.colors.includes(item.colors[0] ?? '')) return `colour ${item.colors[0]}`;
  const { avoidColors, seasons } = rule;
  const avoided = avoidColors?.length ? item.colors.find((c) => avoidColors.includes(c)) : undefined;
  if (avoided) return `colour ${avoided}`;
  const warned = rule.avoidWords?.length ? mentions(item, rule.avoidWords) : undefined;
  if (warned) return `"${warned}"`;
  if (rule.requireWords && rule.words?.length && !mentions(item, rule.words)) return 'none of the advised cuts';
  if (rule.formality && (item.formality < rule.formality.min - 1e-9 || item.formality > rule.formality.max + 1e-9)) {
    return `formality ${item.formality}`;
  }
  if (seasons && item.seasons.length > 0 && !item.seasons.some((s) => seasons.includes(s))) {
    return `season ${item.seasons.join('/')}`;
  }
  return undefined;
}

/** How many candidates (most popular first) are looked through for pieces; keeps a turn within milliseconds. */
const SCAN_LIMIT = 4000;

/**
 * Up to `limit` pieces that follow the rule: those with an advised word first, then in the order of the advised
 * colours (popularity breaking ties), one per colour and at most two of one kind while others remain, never two of
 * the same name.
 * @example
 * piecesFor(catalog, { categories: ['top'], colors: ['burgundy', 'teal'], avoidColors: ['olive'] }, 5)
 */
export function piecesFor(
  catalog: Catalog,
  rule: PieceRule,
  limit = 5,
  exclude: { colors?: string[]; ids?: string[] } = {},
): Item[] {
  const positions = catalog.match({
    categories: rule.categories.length ? rule.categories : undefined,
    genders: rule.genders,
    colors: rule.colors?.length ? rule.colors : undefined,
    excludeColors: [...(rule.avoidColors ?? []), ...(exclude.colors ?? [])],
    excludeIds: exclude.ids,
  });
  const preferred: Item[] = [];
  const others: Item[] = [];
  const scan = Math.min(positions.length, SCAN_LIMIT);
  for (const position of positions.subarray(0, scan)) {
    if (preferred.length >= limit * 4) break;
    const item = catalog.items[position];
    if (!item || violation(item, rule)) continue;
    if (!rule.words?.length || mentions(item, rule.words)) preferred.push(item);
    else others.push(item);
  }
  // The advised colours in the advice's order (its first colours are the ones it names), one piece per colour first.
  const rank = (item: Item) => {
    return Math.max(rule.colors?.indexOf(item.colors[0] ?? '') ?? -1, 0);
  };
  const ordered = [...preferred.sort((a, b) => rank(a) - rank(b)), ...others.sort((a, b) => rank(a) - rank(b))];
  const chosen: Item[] = [];
  const perKind = new Map<string, number>();
  const perColor = new Map<string, number>();
  const names = new Set<string>();
  for (const pass of [1, 2, limit]) {
    for (const item of ordered) {
      if (chosen.length >= limit) break;
      const name = item.name.toLowerCase();
      const color = item.colors[0] ?? '';
      if (names.has(name) || chosen.includes(item)) continue;
      if ((perKind.get(item.articleType) ?? 0) >= Math.max(pass, 2) || (perColor.get(color) ?? 0) >= pass) continue;
      chosen.push(item);
      names.add(name);
      perKind.set(item.articleType, (perKind.get(item.articleType) ?? 0) + 1);
      perColor.set(color, (perColor.get(color) ?? 0) + 1);
    }
  }
  return chosen;
}
