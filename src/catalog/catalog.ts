/**
 * The searchable catalogue: an inverted index of bitsets over item attributes, posting lists over text words and a
 * price-sorted permutation. Query semantics are those of `itemMatches` in `query.ts`.
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
import { gendersAccepted, itemText, materialsAccepted } from './query.ts';
import { articleTypesMatching, colorsMatching, isCategory, patternsMatching, textWords } from './taxonomy.ts';

/** Thrown when items cannot form a catalogue (e.g. two items share an id). */
export class CatalogError extends Error {
  override name = 'CatalogError';
}

/** Positions per key while building. */
class PostingBuilder {
  readonly lists = new Map<string, number[]>();
  add(key: string, position: number): void {
    let list = this.lists.get(key);
    if (!list) {
      list = [];
      this.lists.set(key, list);
    }
    if (list[list.length - 1] !== position) list.push(position);
  }
}

/**
 * Builds a catalogue over items. The catalogue holds the items **most popular first** (ties keep their input order),
 * so positions (`indexOf`, `match`) refer to `catalog.items`, not to the input array, and `search` returns the first
 * matches. Throws `CatalogError` when two items share an id.
 * @example
 * const catalog = createCatalog(loadDemoItems(projectRoot));
 * catalog.search({ categories: ['footwear'], genders: ['men'], colors: ['brown'] }, 5);
 */
export function createCatalog(items: readonly Item[], sources?: string[]): Catalog {
  const order = items.map((_, i) => i).sort((a, b) => items[b]!.popularity - items[a]!.popularity || a - b);
  const sorted: Item[] = order.map((i) => items[i]!);
  const size = sorted.length;
  const ids = new Map<string, number>();
  const attributes = new PostingBuilder();
  const text = new PostingBuilder();
  const noSeason: number[] = [];
  const priced: number[] = [];
  for (let position = 0; position < size; position++) {
    const item = sorted[position]!;
    if (ids.has(item.id)) throw new CatalogError(`duplicate item id "${item.id}" in the catalogue`);
    ids.set(item.id, position);
    attributes.add(`category:${item.category}`, position);
    attributes.add(`type:${item.articleType}`, position);
    attributes.add(`gender:${item.gender}`, position);
    for (const color of item.colors) attributes.add(`color:${color}`, position);
    for (const season of item.seasons) attributes.add(`season:${season}`, position);
    if (item.seasons.length === 0) noSeason.push(position);
    for (const usage of item.usage) attributes.add(`usage:${usage}`, position);
    if (item.pattern) attributes.add(`pattern:${item.pattern}`, position);
    for (const material of item.materials) attributes.add(`material:${material}`, position);
    if (item.price !== undefined) priced.push(position);
    for (const word of new Set(textWords(itemText(item)))) text.add(word, position);
  }
  const bitsets = new Map<string, Bitset>();
  for (const [key, positions] of attributes.lists) bitsets.set(key, bitsetOf(size, positions));
  const noSeasonBits = bitsetOf(size, noSeason);
  for (const key of bitsets.keys()) {
    if (key.startsWith('season:')) orInto(bitsets.get(key)!, noSeasonBits);
  }
  const postings = new Map<string, Uint32Array>();
  for (const [word, positions] of text.lists) postings.set(word, Uint32Array.from(positions));
  priced.sort((a, b) => sorted[a]!.price! - sorted[b]!.price!);
  const byPrice = Uint32Array.from(priced);
  const prices = Float64Array.from(priced, (p) => sorted[p]!.price!);
  const words = wordsFor(size);
  const empty = new Uint32Array(words);

  const union = (keys: Iterable<string>): Bitset => {
    const out = new Uint32Array(words);
    for (const key of keys) {
      const bits = bitsets.get(key);
      if (bits) orInto(out, bits);
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

  const matchBits = (query: ItemQuery): Bitset => {
    const acc = fullBitset(size);
    if (query.categories?.length) {
      const keys = query.categories.flatMap((name) =>
        isCategory(name)
          ? [`category:${name}`]
          : [`type:${name}`, ...articleTypesMatching(name).map((type) => `type:${type}`)],
      );
      andInto(acc, union(keys));
    }
    if (query.colors?.length) andInto(acc, union(query.colors.flatMap(colorsMatching).map((c) => `color:${c}`)));
    if (query.excludeColors?.length) {
      andNotInto(acc, union(query.excludeColors.flatMap(colorsMatching).map((c) => `color:${c}`)));
    }
    if (query.genders?.length) andInto(acc, union(gendersAccepted(query.genders).map((g) => `gender:${g}`)));
    if (query.season) andInto(acc, bitsets.get(`season:${query.season}`) ?? noSeasonBits);
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
      andInto(acc, bitsetOf(size, from < to ? byPrice.subarray(from, to) : []));
    }
    if (query.words?.length) {
      for (const word of new Set(textWords(query.words.join(' ')))) {
        const posting = postings.get(word);
        andInto(acc, posting ? bitsetOf(size, posting) : empty);
      }
    }
    for (const id of query.excludeIds ?? []) {
      const position = ids.get(id);
      if (position !== undefined) clearBit(acc, position);
    }
    return acc;
  };

  return {
    items: sorted,
    size,
    sources: sources ?? [...new Set(sorted.map((item) => item.source))],
    get: (id) => {
      const position = ids.get(id);
      return position === undefined ? undefined : sorted[position];
    },
    indexOf: (id) => ids.get(id) ?? -1,
    match: (query) => positionsOf(matchBits(query)),
    search: (query, limit = 10) => Array.from(positionsOf(matchBits(query), limit), (p) => sorted[p]!),
  };
}
