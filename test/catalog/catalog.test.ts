import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CatalogError, createCatalog, indexItems, openCatalog } from '../../src/catalog/catalog.ts';
import { compileQuery } from '../../src/catalog/query.ts';
import { decodeSnapshot, encodeSnapshot } from '../../src/catalog/snapshot.ts';
import { catalogFromSections, catalogSections } from '../../src/catalog/stored.ts';
import { COLORS, MATERIALS, PATTERNS, USAGES } from '../../src/catalog/taxonomy.ts';
import { TextIndexBuilder } from '../../src/catalog/text-index.ts';
import { GENDERS, type Item, type ItemQuery, SEASONS } from '../../src/types.ts';
import { makeItem } from '../support/items.ts';

const ids = (items: readonly Item[]) => items.map((item) => item.id);
/** The catalogue of items as a start-up reads it back from its snapshot. */
function fromSnapshot(items: readonly Item[]) {
  const { items: sorted, index } = indexItems(items);
  index.text = new TextIndexBuilder(sorted).finish();
  const stored = catalogFromSections(decodeSnapshot(encodeSnapshot('k', catalogSections(sorted, index)), 'k')!);
  return openCatalog(stored.items, stored.index);
}
const matchedIds = (catalog: ReturnType<typeof createCatalog>, query: ItemQuery) =>
  Array.from(catalog.match(query), (p) => catalog.items[p]!.id);

describe('createCatalog', () => {
  const navyShirt = makeItem({ articleType: 'shirt', colors: ['navy'], gender: 'men', popularity: 5 });
  const blueTee = makeItem({ articleType: 't-shirt', colors: ['blue', 'white'], gender: 'unisex', popularity: 9 });
  const redDress = makeItem({
    articleType: 'dress',
    colors: ['red'],
    gender: 'women',
    seasons: ['summer'],
    usage: ['party'],
    price: 80,
    pattern: 'floral',
    materials: ['silk'],
    description: 'A flowing silk dress for summer parties.',
  });
  const loafers = makeItem({
    articleType: 'loafers',
    colors: ['brown'],
    gender: 'men',
    seasons: ['spring', 'summer'],
    usage: ['smart_casual', 'formal'],
    price: 120,
    materials: ['suede'],
  });
  const coat = makeItem({
    articleType: 'coat',
    colors: ['camel'],
    gender: 'women',
    seasons: ['winter'],
    price: 200,
    materials: ['wool', 'cashmere'],
    name: 'Wrap Wool Coat',
  });
  const girlsDress = makeItem({
    articleType: 'dress',
    colors: ['pink'],
    gender: 'girls',
    price: 30,
    name: 'Pink party frock',
  });
  const kidsSneakers = makeItem({ articleType: 'sneakers', colors: ['navy'], gender: 'kids', price: 25 });
  const all = [navyShirt, blueTee, redDress, loafers, coat, girlsDress, kidsSneakers];
  const catalog = createCatalog(all);

  it('holds the items most popular first and finds them by id', () => {
    expect(catalog.size).toBe(all.length);
    expect(catalog.items[0]).toBe(blueTee);
    expect(catalog.items[1]).toBe(navyShirt);
    expect(catalog.get(coat.id)).toBe(coat);
    expect(catalog.items[catalog.indexOf(coat.id)]).toBe(coat);
    expect(catalog.indexOf('nope')).toBe(-1);
    expect(catalog.get('nope')).toBeUndefined();
    expect(catalog.sources).toEqual(['demo']);
    expect(createCatalog(all, ['myntra', 'hm']).sources).toEqual(['myntra', 'hm']);
  });

  it('returns every item for an empty query, positions ascending', () => {
    expect(Array.from(catalog.match({}))).toEqual(all.map((_, i) => i));
    expect(ids(catalog.search({}, 2))).toEqual([blueTee.id, navyShirt.id]);
  });

  it('filters by category, article type, group and synonym', () => {
    expect(matchedIds(catalog, { categories: ['dress'] }).sort()).toEqual([redDress.id, girlsDress.id].sort());
    expect(matchedIds(catalog, { categories: ['footwear'] }).sort()).toEqual([loafers.id, kidsSneakers.id].sort());
    expect(matchedIds(catalog, { categories: ['loafers'] })).toEqual([loafers.id]);
    expect(matchedIds(catalog, { categories: ['smart-shoes'] })).toEqual([loafers.id]);
    expect(matchedIds(catalog, { categories: ['trainers'] })).toEqual([kidsSneakers.id]);
    expect(matchedIds(catalog, { categories: ['coat', 'shirt'] }).sort()).toEqual([coat.id, navyShirt.id].sort());
    expect(matchedIds(catalog, { categories: ['unicorn'] })).toEqual([]);
  });

  it('matches a colour family on its shades, and any colour of an item', () => {
    expect(matchedIds(catalog, { colors: ['blue'] }).sort()).toEqual(
      [navyShirt.id, blueTee.id, kidsSneakers.id].sort(),
    );
    expect(matchedIds(catalog, { colors: ['navy'] }).sort()).toEqual([navyShirt.id, kidsSneakers.id].sort());
    expect(matchedIds(catalog, { colors: ['white'] })).toEqual([blueTee.id]);
    expect(matchedIds(catalog, { colors: ['brown'] }).sort()).toEqual([loafers.id, coat.id].sort());
  });

  it('never returns an excluded colour, whole family and secondary colours included', () => {
    const blue = matchedIds(catalog, { excludeColors: ['blue'] });
    expect(blue).not.toContain(navyShirt.id);
    expect(blue).not.toContain(blueTee.id);
    expect(blue).toContain(redDress.id);
    expect(matchedIds(catalog, { excludeColors: ['white'] })).not.toContain(blueTee.id);
    expect(matchedIds(catalog, { colors: ['blue'], excludeColors: ['navy'] })).toEqual([blueTee.id]);
  });

  it('accepts unisex for men and women, kids for boys and girls', () => {
    expect(matchedIds(catalog, { genders: ['men'] })).toEqual(
      expect.arrayContaining([navyShirt.id, blueTee.id, loafers.id]),
    );
    expect(matchedIds(catalog, { genders: ['men'] })).not.toContain(redDress.id);
    expect(matchedIds(catalog, { genders: ['women'] }).sort()).toEqual([blueTee.id, redDress.id, coat.id].sort());
    expect(matchedIds(catalog, { genders: ['unisex'] })).toEqual([blueTee.id]);
    expect(matchedIds(catalog, { genders: ['girls'] }).sort()).toEqual([girlsDress.id, kidsSneakers.id].sort());
    expect(matchedIds(catalog, { genders: ['kids'] }).sort()).toEqual([girlsDress.id, kidsSneakers.id].sort());
  });

  it('lets items without seasons match every season', () => {
    const summer = matchedIds(catalog, { season: 'summer' });
    expect(summer).toEqual(expect.arrayContaining([redDress.id, loafers.id, navyShirt.id]));
    expect(summer).not.toContain(coat.id);
    const winter = matchedIds(catalog, { season: 'winter' });
    expect(winter).toContain(coat.id);
    expect(winter).toContain(navyShirt.id);
    expect(winter).not.toContain(redDress.id);
  });

  it('never matches an item without a price when the query has a price bound', () => {
    expect(matchedIds(catalog, { priceMax: 1000 }).sort()).toEqual(
      [redDress.id, loafers.id, coat.id, girlsDress.id, kidsSneakers.id].sort(),
    );
    expect(matchedIds(catalog, { priceMin: 0 })).not.toContain(navyShirt.id);
    expect(matchedIds(catalog, { priceMax: 80 }).sort()).toEqual([redDress.id, girlsDress.id, kidsSneakers.id].sort());
    expect(matchedIds(catalog, { priceMin: 80, priceMax: 120 }).sort()).toEqual([redDress.id, loafers.id].sort());
    expect(matchedIds(catalog, { priceMin: 121, priceMax: 199 })).toEqual([]);
    expect(matchedIds(catalog, { priceMin: 300, priceMax: 100 })).toEqual([]);
    expect(matchedIds(catalog, { priceMin: Number.NaN })).toEqual([]);
    expect(matchedIds(catalog, { priceMax: Number.NaN })).toEqual([]);
    expect(catalog.items.filter(compileQuery({ priceMin: Number.NaN }))).toEqual([]);
  });

  it('filters by usage, pattern, materials and excluded materials', () => {
    expect(matchedIds(catalog, { usage: ['formal', 'party'] }).sort()).toEqual([redDress.id, loafers.id].sort());
    expect(matchedIds(catalog, { pattern: 'floral' })).toEqual([redDress.id]);
    expect(matchedIds(catalog, { pattern: 'printed' })).toEqual([redDress.id]);
    expect(matchedIds(catalog, { pattern: 'striped' })).toEqual([]);
    expect(matchedIds(catalog, { materials: ['cashmere', 'silk'] }).sort()).toEqual([redDress.id, coat.id].sort());
    expect(matchedIds(catalog, { excludeMaterials: ['wool'] })).not.toContain(coat.id);
    expect(matchedIds(catalog, { excludeMaterials: ['wool'] })).toHaveLength(all.length - 1);
  });

  it('requires every free-text word, in the name or the description, plurals folded', () => {
    expect(matchedIds(catalog, { words: ['silk', 'parties'] })).toEqual([redDress.id]);
    expect(matchedIds(catalog, { words: ['Dresses'] })).toEqual([redDress.id]);
    expect(matchedIds(catalog, { words: ['wool coat'] })).toEqual([coat.id]);
    expect(matchedIds(catalog, { words: ['silk', 'coat'] })).toEqual([]);
    expect(matchedIds(catalog, { words: ['zeppelin'] })).toEqual([]);
  });

  it('combines filters conjunctively and honours excludeIds and the limit', () => {
    expect(matchedIds(catalog, { genders: ['women'], categories: ['dress'], season: 'summer', priceMax: 100 })).toEqual(
      [redDress.id],
    );
    expect(matchedIds(catalog, { genders: ['men'], categories: ['dress'] })).toEqual([]);
    expect(matchedIds(catalog, { colors: ['blue'], excludeIds: [blueTee.id, 'unknown'] }).sort()).toEqual(
      [navyShirt.id, kidsSneakers.id].sort(),
    );
    expect(catalog.search({ colors: ['blue'] }, 1)).toEqual([blueTee]);
    expect(catalog.search({}, 0)).toEqual([]);
  });

  it('reads back from its snapshot with the same items, order and id lookups', () => {
    const stored = fromSnapshot(all);
    expect(stored.items).toEqual(JSON.parse(JSON.stringify(catalog.items)));
    for (const item of all) expect(stored.indexOf(item.id)).toBe(catalog.indexOf(item.id));
    expect(stored.get('nope')).toBeUndefined();
    expect(ids(stored.search({ words: ['silk', 'dresses'] }))).toEqual([redDress.id]);
    expect(fromSnapshot([]).match({ words: ['x'], priceMin: 1 })).toHaveLength(0);
  });

  it('refuses two items with one id', () => {
    const item = makeItem();
    expect(() => createCatalog([item, { ...item }])).toThrow(CatalogError);
  });

  it('handles an empty catalogue', () => {
    const empty = createCatalog([]);
    expect(empty.size).toBe(0);
    expect(Array.from(empty.match({ colors: ['blue'], priceMax: 10, words: ['x'] }))).toEqual([]);
  });
});

const QUERY_KEYS: Record<keyof Omit<ItemQuery, 'excludeIds'>, true> = {
  categories: true,
  colors: true,
  excludeColors: true,
  genders: true,
  season: true,
  usage: true,
  priceMin: true,
  priceMax: true,
  pattern: true,
  materials: true,
  excludeMaterials: true,
  words: true,
  excludeCategories: true,
};

describe('background text index', () => {
  const names = ['Linen Shirt', 'Wool Coat', 'Silk Dress', 'Leather Belt', 'Cotton Tee'];
  const many = Array.from({ length: 5000 }, (_, i) => makeItem({ name: `${names[i % 5]} ${i % 7}` }));
  const expected = (words: string[]) => many.filter(compileQuery({ words })).map((item) => item.id);
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

  it('answers the same whether a query comes during the build or after it', async () => {
    const during = createCatalog(many, undefined, { warmTextIndex: true });
    await nextTurn();
    expect(matchedIds(during, { words: ['linen', '3'] })).toEqual(expected(['linen', '3']));
    const after = createCatalog(many, undefined, { warmTextIndex: true });
    for (let i = 0; i < 5; i++) await nextTurn();
    expect(matchedIds(after, { words: ['coats'] })).toEqual(expected(['coats']));
    expect(expected(['coats'])).toHaveLength(1000);
  });
});

describe('index agrees with the reference predicate', () => {
  const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
  const item = fc
    .record({
      articleType: pick(['shirt', 't-shirt', 'dress', 'loafers', 'heels', 'coat', 'belt', 'clutch', 'suit', 'blazer']),
      gender: pick(GENDERS),
      colors: fc.uniqueArray(pick(COLORS), { minLength: 0, maxLength: 2 }),
      seasons: fc.uniqueArray(pick(SEASONS), { maxLength: 2 }),
      usage: fc.uniqueArray(pick(USAGES), { maxLength: 2 }),
      price: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
      pattern: fc.option(pick(PATTERNS), { nil: undefined }),
      materials: fc.uniqueArray(pick(MATERIALS.slice(0, 8)), { maxLength: 2 }),
      popularity: fc.integer({ min: 0, max: 5 }),
      name: pick(['Linen Shirt', 'Party Dress', 'Wool Coat', 'Slim Belts', 'Evening Clutch']),
    })
    .map((fields) => makeItem(fields));
  const fields = fc.record({
    categories: fc.array(pick(['top', 'footwear', 'suit', 'tailoring', 'dress', 'trainers', 'bag', 'accessory']), {
      minLength: 1,
      maxLength: 2,
    }),
    colors: fc.array(pick([...COLORS, 'blue', 'red', 'white', 'metallic']), { minLength: 1, maxLength: 2 }),
    excludeColors: fc.array(pick(['blue', 'black', 'navy', 'red', 'white']), { minLength: 1, maxLength: 2 }),
    genders: fc.array(pick(GENDERS), { minLength: 1, maxLength: 2 }),
    season: pick(SEASONS),
    usage: fc.array(pick(USAGES), { minLength: 1, maxLength: 2 }),
    priceMin: fc.integer({ min: 0, max: 200 }),
    priceMax: fc.integer({ min: 0, max: 300 }),
    pattern: pick(['printed', 'solid', 'striped', 'floral']),
    materials: fc.array(pick(MATERIALS.slice(0, 8)), { minLength: 1, maxLength: 2 }),
    excludeMaterials: fc.array(pick(MATERIALS.slice(0, 8)), { minLength: 1, maxLength: 1 }),
    words: fc.array(pick(['linen', 'dress', 'coats', 'belt', 'evening']), { minLength: 1, maxLength: 2 }),
    excludeCategories: fc.array(pick(['top', 'suit', 'tailoring', 'dress', 'heels']), { minLength: 1, maxLength: 2 }),
  });
  // One to three filters: more would nearly always match nothing and test little.
  const query: fc.Arbitrary<ItemQuery> = fc
    .tuple(fields, fc.shuffledSubarray(Object.keys(QUERY_KEYS), { minLength: 1, maxLength: 3 }))
    .map(([all, keys]) => Object.fromEntries(keys.map((key) => [key, all[key as keyof typeof all]])) as ItemQuery);

  it('match() = the items satisfying compileQuery(), ascending; search() = the first of them', () => {
    let informative = 0;
    fc.assert(
      fc.property(fc.array(item, { minLength: 10, maxLength: 90 }), query, (items, q) => {
        const catalog = createCatalog(items);
        const matches = compileQuery(q);
        const expected = catalog.items.flatMap((it, position) => (matches(it) ? [position] : []));
        if (expected.length > 0 && expected.length < items.length) informative++;
        expect(Array.from(catalog.match(q))).toEqual(expected);
        expect(ids(catalog.search(q, 3))).toEqual(expected.slice(0, 3).map((p) => catalog.items[p]!.id));
        const stored = fromSnapshot(items);
        expect(ids(stored.items)).toEqual(ids(catalog.items));
        expect(Array.from(stored.match(q))).toEqual(expected);
      }),
      { numRuns: 400, seed: 7 },
    );
    // Most runs must split the items into matches and non-matches, or the comparison proves little.
    expect(informative).toBeGreaterThan(160);
  });
});
