/**
 * The searchable catalogue: an inverted index of bitsets over item attributes, posting lists over text words and a
 * price-sorted permutation, all in typed arrays (`CatalogIndex`) so that a snapshot holds them as they are and the
 * garbage collector has few objects to walk. Query semantics are those of `itemMatches` in `query.ts`.
 */
import type { Catalog, Item, ItemQuery } from '../types.ts';
import {
  andInto,
  andNotInto,
  type Bitset,
  bitsetOf,
  clearBit,
  fullBitset,
  orInto,
  positionsOf,
  wordsFor,
} from './bitset.ts';
import { gendersAccepted, materialsAccepted } from './query.ts';
import { articleTypesMatching, colorsMatching, patternsMatching, textWords } from './taxonomy.ts';
import { postingsOf, TextIndexBuilder, type TextIndexData } from './text-index.ts';

/** Thrown when items cannot form a catalogue (e.g. two items share an id). */
export class CatalogError extends Error {
  override name = 'CatalogError';
}

/** The index of a catalogue whose items are in position order (most popular first). */
export interface CatalogIndex {
  /** Attribute keys (`type:jeans`, `color:navy` …), one bitset each in `bits`, `wordsFor(size)` words apiece. */
  keys: string[];
  bits: Uint32Array;
  /** Items without seasons: they suit every season (and are in every `season:` bitset). */
  noSeason: Uint32Array;
  /** Positions of the priced items by ascending price, and those prices. */
  byPrice: Uint32Array;
  prices: Float64Array;
  /** Positions ordered by item id: id lookups by binary search instead of a map of every id. */
  byId: Uint32Array;
  /** The free-text index, when built (a catalogue without it builds it on the first free-text query). */
  text?: TextIndexData;
}

/** Options of `createCatalog`. */
export interface CatalogOptions {
  /**
   * Build the free-text index in the background (small steps between event-loop turns) instead of on the first
   * free-text query. For long-running processes; a query that comes first finishes the build itself.
   */
  warmTextIndex?: boolean;
  /** The catalogue's `fingerprint` (what it was built from), when it is known. */
  fingerprint?: string;
}

/** Items indexed per background step of the text index (a few milliseconds each). */
const TEXT_STEP = 2048;

/** Bound on memoised attribute unions (each takes size/8 bytes: ~19 KB at 150k items). */
const MAX_CACHED_UNIONS = 512;

/** Attribute fields indexed as bitsets, and the values of an item for each. */
const FIELDS: [string, (item: Item) => readonly (string | undefined)[]][] = [
  ['type', (item) => [item.articleType]],
  ['gender', (item) => [item.gender]],
  ['color', (item) => item.colors],
  ['season', (item) => item.seasons],
  ['usage', (item) => item.usage],
  ['pattern', (item) => (item.pattern ? [item.pattern] : [])],
  ['material', (item) => item.materials],
];

/**
 * Orders items most popular first (ties keep their input order) and indexes them. Throws `CatalogError` when two
 * items share an id. The text index is left out: `TextIndexBuilder` builds it over the returned items.
 * @example
 * const { items, index } = indexItems(loadDemoItems(projectRoot));
 */
export function indexItems(input: readonly Item[]): { items: Item[]; index: CatalogIndex } {
  const order = input.map((_, i) => i).sort((a, b) => input[b]!.popularity - input[a]!.popularity || a - b);
  const items: Item[] = order.map((i) => input[i]!);
  const size = items.length;
  const byId = Uint32Array.from(items.keys()).sort((a, b) => compareIds(items[a]!.id, items[b]!.id));
  for (let i = 1; i < size; i++) {
    if (items[byId[i]!]!.id === items[byId[i - 1]!]!.id) {
      throw new CatalogError(`duplicate item id "${items[byId[i]!]!.id}" in the catalogue`);
    }
  }
  const lists = new Map<string, number[]>();
  const noSeason: number[] = [];
  const priced: number[] = [];
  for (let position = 0; position < size; position++) {
    const item = items[position]!;
    for (const [field, valuesOf] of FIELDS) {
      for (const value of valuesOf(item)) {
        if (value === undefined) continue;
        const key = `${field}:${value}`;
        const list = lists.get(key);
        if (!list) lists.set(key, [position]);
        else if (list[list.length - 1] !== position) list.push(position);
      }
    }
    if (item.seasons.length === 0) noSeason.push(position);
    if (item.price !== undefined) priced.push(position);
  }
  const words = wordsFor(size);
  const keys = [...lists.keys()];
  const bits = new Uint32Array(keys.length * words);
  const noSeasonBits = bitsetOf(size, noSeason);
  keys.forEach((key, k) => {
    const target = bits.subarray(k * words, (k + 1) * words);
    target.set(bitsetOf(size, lists.get(key)!));
    if (key.startsWith('season:')) orInto(target, noSeasonBits);
  });
  priced.sort((a, b) => items[a]!.price! - items[b]!.price!);
  const byPrice = Uint32Array.from(priced);
  const prices = Float64Array.from(priced, (p) => items[p]!.price!);
  return { items, index: { keys, bits, noSeason: noSeasonBits, byPrice, prices, byId } };
}

/** Code-unit order of ids, the order `byId` is sorted in. */
const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Builds a catalogue over items. The catalogue holds the items **most popular first** (ties keep their input order),
 * so positions (`indexOf`, `match`) refer to `catalog.items`, not to the input array, and `search` returns the first
 * matches. `sources` defaults to the sources of the items; `options.warmTextIndex` builds the free-text index in the
 * background (otherwise the first free-text query builds it). Throws `CatalogError` when two items share an id.
 * @example
 * const catalog = createCatalog(loadDemoItems(projectRoot));
 * catalog.search({ categories: ['footwear'], genders: ['men'], colors: ['brown'] }, 5);
 */
export function createCatalog(items: readonly Item[], sources?: string[], options: CatalogOptions = {}): Catalog {
  const indexed = indexItems(items);
  return openCatalog(indexed.items, indexed.index, sources, options);
}

/**
 * A catalogue over items already in position order and their index (from `indexItems` or a snapshot).
 * @example
 * const catalog = openCatalog(snapshot.items, snapshot.index, ['myntra', 'hm']);
 */
export function openCatalog(
  items: readonly Item[],
  index: CatalogIndex,
  sources?: readonly string[],
  options: CatalogOptions = {},
): Catalog {
  const size = items.length;
  const words = wordsFor(size);
  const bitsets = new Map<string, Bitset>(
    index.keys.map((key, k) => [key, index.bits.subarray(k * words, (k + 1) * words)]),
  );
  const { noSeason, byPrice, prices, byId } = index;
  let text = index.text;
  const builder = text ? undefined : new TextIndexBuilder(items);
  if (builder && options.warmTextIndex) {
    const tick = () => {
      builder.step(TEXT_STEP);
      if (!builder.done) setImmediate(tick).unref();
    };
    setImmediate(tick).unref();
  }
  const textIndex = (): TextIndexData => (text ??= builder!.finish());
  const empty = new Uint32Array(words);

  // Unions of attribute values (a colour family, a category's types, a gender with unisex …) repeat from query to
  // query: keep the recent ones.
  const unions = new Map<string, Bitset>();
  const union = (keys: readonly string[]): Bitset => {
    const memoKey = keys.join('|');
    let out = unions.get(memoKey);
    if (!out) {
      out = new Uint32Array(words);
      for (const key of keys) {
        const bits = bitsets.get(key);
        if (bits) orInto(out, bits);
      }
      if (unions.size >= MAX_CACHED_UNIONS) unions.clear();
      unions.set(memoKey, out);
    }
    return out;
  };
  const lowerBound = (value: number, strict: boolean): number => {
    let lo = 0;
    let hi = prices.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (strict ? prices[mid]! <= value : prices[mid]! < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const indexOf = (id: string): number => {
    let lo = 0;
    let hi = byId.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (items[byId[mid]!]!.id < id) lo = mid + 1;
      else hi = mid;
    }
    return lo < byId.length && items[byId[lo]!]!.id === id ? byId[lo]! : -1;
  };
  const typeKeys = (names: readonly string[]) =>
    names.flatMap((name) => [`type:${name}`, ...articleTypesMatching(name).map((type) => `type:${type}`)]);

  const matchBits = (query: ItemQuery): Bitset => {
    const acc = fullBitset(size);
    if (query.categories?.length) andInto(acc, union(typeKeys(query.categories)));
    if (query.excludeCategories?.length) andNotInto(acc, union(typeKeys(query.excludeCategories)));
    if (query.colors?.length) andInto(acc, union(query.colors.flatMap(colorsMatching).map((c) => `color:${c}`)));
    if (query.excludeColors?.length) {
      andNotInto(acc, union(query.excludeColors.flatMap(colorsMatching).map((c) => `color:${c}`)));
    }
    if (query.genders?.length) andInto(acc, union(gendersAccepted(query.genders).map((g) => `gender:${g}`)));
    if (query.season) andInto(acc, bitsets.get(`season:${query.season}`) ?? noSeason);
    if (query.usage?.length) andInto(acc, union(query.usage.map((u) => `usage:${u}`)));
    if (query.pattern) andInto(acc, union(patternsMatching(query.pattern).map((p) => `pattern:${p}`)));
    if (query.materials?.length) {
      andInto(acc, union(materialsAccepted(query.materials).map((m) => `material:${m}`)));
    }
    if (query.excludeMaterials?.length) {
      andNotInto(acc, union(materialsAccepted(query.excludeMaterials).map((m) => `material:${m}`)));
    }
    if (query.priceMin !== undefined || query.priceMax !== undefined) {
      const from = query.priceMin === undefined ? 0 : lowerBound(query.priceMin, false);
      const to = query.priceMax === undefined ? prices.length : lowerBound(query.priceMax, true);
      const valid = !Number.isNaN(query.priceMin) && !Number.isNaN(query.priceMax);
      andInto(acc, valid && from < to ? bitsetOf(size, byPrice.subarray(from, to)) : empty);
    }
    if (query.words?.length) {
      for (const word of new Set(textWords(query.words.join(' ')))) {
        const posting = postingsOf(textIndex(), word);
        andInto(acc, posting ? bitsetOf(size, posting) : empty);
      }
    }
    for (const id of query.excludeIds ?? []) {
      const position = indexOf(id);
      if (position !== -1) clearBit(acc, position);
    }
    return acc;
  };

  return {
    items,
    size,
    sources: sources ?? [...new Set(items.map((item) => item.source))],
    ...(options.fingerprint ? { fingerprint: options.fingerprint } : {}),
    get: (id) => {
      const position = indexOf(id);
      return position === -1 ? undefined : items[position];
    },
    indexOf,
    match: (query) => positionsOf(matchBits(query)),
    search: (query, limit = 10) => Array.from(positionsOf(matchBits(query), limit), (p) => items[p]!),
  };
}
