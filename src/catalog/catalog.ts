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
  // Array sort is stable, so ties keep their input order.
  const items: Item[] = [...input].sort((a, b) => b.popularity - a.popularity);
  const size = items.length;
  const ids = items.map((item) => item.id);
  const byId = Uint32Array.from(items.keys()).sort((a, b) => compareIds(ids[a] ?? '', ids[b] ?? ''));
  let previous: string | undefined;
  for (const position of byId) {
    const id = ids[position];
    if (id === previous) throw new CatalogError(`duplicate item id "${id}" in the catalogue`);
    previous = id;
  }
  const lists = new Map<string, number[]>();
  const noSeason: number[] = [];
  const priced: { position: number; price: number }[] = [];
  for (const [position, item] of items.entries()) {
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
    if (item.price !== undefined) priced.push({ position, price: item.price });
  }
  const words = wordsFor(size);
  const keys = [...lists.keys()];
  const bits = new Uint32Array(keys.length * words);
  const noSeasonBits = bitsetOf(size, noSeason);
  [...lists].forEach(([key, list], k) => {
    const target = bits.subarray(k * words, (k + 1) * words);
    target.set(bitsetOf(size, list));
    if (key.startsWith('season:')) orInto(target, noSeasonBits);
  });
  priced.sort((a, b) => a.price - b.price);
  const byPrice = Uint32Array.from(priced, (p) => p.position);
  const prices = Float64Array.from(priced, (p) => p.price);
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

/** The free-text index, built now, in the background (`warm`) or on first use, when the snapshot lacks it. */
function lazyTextIndex(items: readonly Item[], built: TextIndexData | undefined, warm: boolean): () => TextIndexData {
  if (built) return () => built;
  let text: TextIndexData | undefined;
  const builder = new TextIndexBuilder(items);
  if (warm) {
    const tick = () => {
      builder.step(TEXT_STEP);
      if (!builder.done) setImmediate(tick).unref();
    };
    setImmediate(tick).unref();
  }
  return () => {
    text ??= builder.finish();
    return text;
  };
}

/**
 * Unions of attribute bitsets by key. Unions (a color family, a category's types, a gender with unisex …) repeat
 * from query to query: the recent ones are kept.
 */
function unionsOf(bitsets: ReadonlyMap<string, Bitset>, words: number): (keys: readonly string[]) => Bitset {
  const unions = new Map<string, Bitset>();
  return (keys) => {
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
}

/** The first index of ascending `prices` whose price is not below `value` (`strict`: above it). */
function lowerBound(prices: Float64Array, value: number, strict: boolean): number {
  let lo = 0;
  let hi = prices.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const price = prices[mid] ?? 0;
    if (strict ? price <= value : price < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Position of an item id by binary search over the id order, -1 when absent. */
function idLookup(items: readonly Item[], byId: Uint32Array): (id: string) => number {
  const idAt = (k: number): string | undefined => items[byId[k] ?? -1]?.id;
  return (id) => {
    let lo = 0;
    let hi = byId.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((idAt(mid) ?? '') < id) lo = mid + 1;
      else hi = mid;
    }
    return lo < byId.length && idAt(lo) === id ? (byId[lo] ?? -1) : -1;
  };
}

const typeKeys = (names: readonly string[]) =>
  names.flatMap((name) => [`type:${name}`, ...articleTypesMatching(name).map((type) => `type:${type}`)]);

/** What `queryBits` reads: the attribute unions, the price order, the text index and id lookups. */
interface MatchParts {
  size: number;
  union: (keys: readonly string[]) => Bitset;
  season: (season: string) => Bitset;
  index: Pick<CatalogIndex, 'byPrice' | 'prices'>;
  textIndex: () => TextIndexData;
  indexOf: (id: string) => number;
}

/** The bitset of the items that match every attribute condition of a query (`itemMatches` semantics). */
function attributeBits(query: ItemQuery, { size, union, season }: MatchParts): Bitset {
  const acc = fullBitset(size);
  const colorKeys = (colors: readonly string[]) => colors.flatMap(colorsMatching).map((c) => `color:${c}`);
  const materialKeys = (materials: readonly string[]) => materialsAccepted(materials).map((m) => `material:${m}`);
  if (query.categories?.length) andInto(acc, union(typeKeys(query.categories)));
  if (query.excludeCategories?.length) andNotInto(acc, union(typeKeys(query.excludeCategories)));
  if (query.colors?.length) andInto(acc, union(colorKeys(query.colors)));
  if (query.excludeColors?.length) andNotInto(acc, union(colorKeys(query.excludeColors)));
  if (query.genders?.length) andInto(acc, union(gendersAccepted(query.genders).map((g) => `gender:${g}`)));
  if (query.season) andInto(acc, season(query.season));
  if (query.usage?.length) andInto(acc, union(query.usage.map((u) => `usage:${u}`)));
  if (query.pattern) andInto(acc, union(patternsMatching(query.pattern).map((p) => `pattern:${p}`)));
  if (query.materials?.length) andInto(acc, union(materialKeys(query.materials)));
  if (query.excludeMaterials?.length) andNotInto(acc, union(materialKeys(query.excludeMaterials)));
  return acc;
}

/** The bitset of the items that match a query: attributes, price range, words and excluded ids. */
function queryBits(query: ItemQuery, parts: MatchParts): Bitset {
  const { size, index, textIndex, indexOf } = parts;
  const acc = attributeBits(query, parts);
  const empty = () => new Uint32Array(wordsFor(size));
  if (query.priceMin !== undefined || query.priceMax !== undefined) {
    const from = query.priceMin === undefined ? 0 : lowerBound(index.prices, query.priceMin, false);
    const to = query.priceMax === undefined ? index.prices.length : lowerBound(index.prices, query.priceMax, true);
    const valid = !Number.isNaN(query.priceMin) && !Number.isNaN(query.priceMax);
    andInto(acc, valid && from < to ? bitsetOf(size, index.byPrice.subarray(from, to)) : empty());
  }
  if (query.words?.length) {
    for (const word of new Set(textWords(query.words.join(' ')))) {
      const posting = postingsOf(textIndex(), word);
      andInto(acc, posting ? bitsetOf(size, posting) : empty());
    }
  }
  for (const id of query.excludeIds ?? []) {
    const position = indexOf(id);
    if (position !== -1) clearBit(acc, position);
  }
  return acc;
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
  const indexOf = idLookup(items, index.byId);
  const parts: MatchParts = {
    size,
    union: unionsOf(bitsets, words),
    season: (season) => bitsets.get(`season:${season}`) ?? index.noSeason,
    index,
    textIndex: lazyTextIndex(items, index.text, options.warmTextIndex === true),
    indexOf,
  };
  const itemAt = (position: number): Item => items[position] as Item;
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
    match: (query) => positionsOf(queryBits(query, parts)),
    search: (query, limit = 10) => Array.from(positionsOf(queryBits(query, parts), limit), itemAt),
  };
}
