/**
 * The searchable catalogue: an inverted index of bitsets over item attributes, posting lists over text words (built
 * on the first free-text query) and a price-sorted permutation. Query semantics are those of `itemMatches` in `query.ts`.
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
import {
  articleTypesMatching,
  colorsMatching,
  forEachRawWord,
  patternsMatching,
  stemWord,
  textWords,
} from './taxonomy.ts';

/** Thrown when items cannot form a catalogue (e.g. two items share an id). */
export class CatalogError extends Error {
  override name = 'CatalogError';
}

/** Positions per attribute value while building. */
class PostingBuilder {
  readonly lists = new Map<string, number[]>();
  add(value: string, position: number): void {
    const list = this.lists.get(value);
    if (!list) this.lists.set(value, [position]);
    else if (list[list.length - 1] !== position) list.push(position);
  }
}

/**
 * Posting lists of the text words of items (in position order): word → ascending positions, built in steps so that
 * it can be built in the background. Colour variants share their text, so each distinct text is tokenised once.
 */
class TextIndexBuilder {
  private readonly termOfRaw = new Map<string, number>();
  private readonly termsOfText = new Map<string, Uint32Array>();
  private readonly stems: string[] = [];
  private readonly termOfStem = new Map<string, number>();
  private readonly lists: number[][] = [];
  private readonly stamp: number[] = [];
  private readonly buffer: number[] = [];
  private next = 0;
  private postings?: Map<string, Uint32Array>;

  constructor(private readonly items: readonly Item[]) {}

  get done(): boolean {
    return this.postings !== undefined;
  }

  /** Indexes up to `count` more items. */
  step(count: number): void {
    const end = Math.min(this.items.length, this.next + count);
    for (; this.next < end; this.next++) this.addItem(this.next);
    if (this.next === this.items.length && !this.postings) {
      this.postings = new Map();
      for (const [term, stem] of this.stems.entries()) this.postings.set(stem, Uint32Array.from(this.lists[term]!));
    }
  }

  /** The finished index (finishing it now if needed). */
  finish(): Map<string, Uint32Array> {
    this.step(Number.POSITIVE_INFINITY);
    return this.postings!;
  }

  private addItem(position: number): void {
    const text = itemText(this.items[position]!);
    let terms = this.termsOfText.get(text);
    if (!terms) {
      this.buffer.length = 0;
      forEachRawWord(text, (raw) => {
        const term = this.termOf(raw);
        if (this.stamp[term] !== position) {
          this.stamp[term] = position;
          this.buffer.push(term);
        }
      });
      terms = Uint32Array.from(this.buffer);
      this.termsOfText.set(text, terms);
    }
    for (let i = 0; i < terms.length; i++) this.lists[terms[i]!]!.push(position);
  }

  private termOf(raw: string): number {
    let term = this.termOfRaw.get(raw);
    if (term === undefined) {
      const stem = stemWord(raw);
      term = this.termOfStem.get(stem);
      if (term === undefined) {
        term = this.stems.length;
        this.stems.push(stem);
        this.lists.push([]);
        this.stamp.push(-1);
        this.termOfStem.set(stem, term);
      }
      this.termOfRaw.set(raw, term);
    }
    return term;
  }
}

/** Options of `createCatalog`. */
export interface CatalogOptions {
  /**
   * Build the free-text index in the background (small steps between event-loop turns) instead of on the first
   * free-text query. For long-running processes; a query that comes first finishes the build itself.
   */
  warmTextIndex?: boolean;
}

/** Items indexed per background step of the text index (a few milliseconds each). */
const TEXT_STEP = 2048;

/** Bound on memoised attribute unions (each takes size/8 bytes: ~19 KB at 150k items). */
const MAX_CACHED_UNIONS = 512;

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
  const order = items.map((_, i) => i).sort((a, b) => items[b]!.popularity - items[a]!.popularity || a - b);
  const sorted: Item[] = order.map((i) => items[i]!);
  const size = sorted.length;
  const ids = new Map<string, number>();
  const fields = {
    type: new PostingBuilder(),
    gender: new PostingBuilder(),
    color: new PostingBuilder(),
    season: new PostingBuilder(),
    usage: new PostingBuilder(),
    pattern: new PostingBuilder(),
    material: new PostingBuilder(),
  };
  const noSeason: number[] = [];
  const priced: number[] = [];
  for (let position = 0; position < size; position++) {
    const item = sorted[position]!;
    if (ids.has(item.id)) throw new CatalogError(`duplicate item id "${item.id}" in the catalogue`);
    ids.set(item.id, position);
    fields.type.add(item.articleType, position);
    fields.gender.add(item.gender, position);
    for (const color of item.colors) fields.color.add(color, position);
    for (const season of item.seasons) fields.season.add(season, position);
    if (item.seasons.length === 0) noSeason.push(position);
    for (const usage of item.usage) fields.usage.add(usage, position);
    if (item.pattern) fields.pattern.add(item.pattern, position);
    for (const material of item.materials) fields.material.add(material, position);
    if (item.price !== undefined) priced.push(position);
  }
  const bitsets = new Map<string, Bitset>();
  for (const [field, builder] of Object.entries(fields)) {
    for (const [value, positions] of builder.lists) bitsets.set(`${field}:${value}`, bitsetOf(size, positions));
  }
  const noSeasonBits = bitsetOf(size, noSeason);
  for (const key of bitsets.keys()) {
    if (key.startsWith('season:')) orInto(bitsets.get(key)!, noSeasonBits);
  }
  // Tokenising ~150k descriptions would double the start-up time: the text index is built on the first free-text
  // query, or in the background when asked.
  const text = new TextIndexBuilder(sorted);
  if (options.warmTextIndex) {
    const tick = () => {
      text.step(TEXT_STEP);
      if (!text.done) setImmediate(tick).unref();
    };
    setImmediate(tick).unref();
  }
  priced.sort((a, b) => sorted[a]!.price! - sorted[b]!.price!);
  const byPrice = Uint32Array.from(priced);
  const prices = Float64Array.from(priced, (p) => sorted[p]!.price!);
  const words = wordsFor(size);
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

  const matchBits = (query: ItemQuery): Bitset => {
    const acc = fullBitset(size);
    if (query.categories?.length) {
      const keys = query.categories.flatMap((name) => [
        `type:${name}`,
        ...articleTypesMatching(name).map((type) => `type:${type}`),
      ]);
      andInto(acc, union(keys));
    }
    if (query.excludeCategories?.length) {
      const keys = query.excludeCategories.flatMap((name) => [
        `type:${name}`,
        ...articleTypesMatching(name).map((type) => `type:${type}`),
      ]);
      andNotInto(acc, union(keys));
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
      const valid = !Number.isNaN(query.priceMin) && !Number.isNaN(query.priceMax);
      andInto(acc, valid && from < to ? bitsetOf(size, byPrice.subarray(from, to)) : empty);
    }
    if (query.words?.length) {
      for (const word of new Set(textWords(query.words.join(' ')))) {
        const posting = text.finish().get(word);
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
