import { describe, expect, it } from 'vitest';
import { createBaselineRecommender } from '../../../models/recommender/index.ts';
import { createCatalog } from '../../../src/catalog/catalog.ts';
import type { ItemQuery, Profile } from '../../../src/types.ts';
import { makeItem } from '../../support/items.ts';
import { makeProfile, smallCatalogItems } from './fixtures.ts';

const catalog = createCatalog(smallCatalogItems());
const recommender = createBaselineRecommender(catalog);

function ids(query: ItemQuery, profile: Profile, k = 24, seeds?: string[]): string[] {
  return recommender.rank({ query, profile, k, seeds }).map((s) => s.item.id);
}

describe('popularity+content baseline', () => {
  it('is named and ranks by popularity when nothing is known about the user', () => {
    expect(recommender.name).toBe('popularity+content');
    const ranked = recommender.rank({ query: {}, profile: makeProfile(), k: 5 });
    expect(ranked).toHaveLength(5);
    const popularity = ranked.map((s) => s.item.popularity);
    expect(popularity).toEqual([...popularity].sort((a, b) => b - a));
    expect(ranked[0]!.signals.map((s) => s.name)).toContain('popularity');
  });

  it('keeps every hard constraint of the query', () => {
    const queries: ItemQuery[] = [
      { categories: ['dress'] },
      { categories: ['top'], excludeColors: ['black', 'white'] },
      { genders: ['men'], priceMax: 40 },
      { colors: ['navy'], excludeIds: [catalog.items[0]!.id] },
    ];
    const liked = catalog.items.find((i) => i.articleType === 'sneakers')!;
    const profile = makeProfile({ feedback: [{ itemId: liked.id, value: 1, at: 1 }], likedColors: ['red'] });
    for (const query of queries) {
      const allowed = new Set(Array.from(catalog.match(query), (p) => catalog.items[p]!.id));
      const ranked = ids(query, profile);
      expect(ranked.length).toBe(allowed.size);
      for (const id of ranked) expect(allowed.has(id)).toBe(true);
    }
  });

  it('moves items like a 👍 item up and items like a 👎 item down, at once', () => {
    const query: ItemQuery = { categories: ['dress'] };
    const before = ids(query, makeProfile());
    const beige = catalog.items.find((i) => i.articleType === 'dress' && i.colors[0] === 'beige')!;
    const navy = catalog.items.find((i) => i.articleType === 'dress' && i.colors[0] === 'navy')!;
    const floralLast = before.filter((id) => catalog.get(id)!.pattern === 'floral').at(-1)!;
    const liked = makeProfile({ feedback: [{ itemId: beige.id, value: 1, at: 1 }] });
    const afterLike = ids(query, liked);
    // another floral dress (similar to the liked one) climbs
    expect(afterLike.indexOf(floralLast)).toBeLessThan(before.indexOf(floralLast));
    const disliked = makeProfile({ feedback: [{ itemId: navy.id, value: -1, at: 1 }] });
    const afterDislike = ids(query, disliked);
    expect(afterDislike).not.toContain(navy.id);
    const solid = before.filter((id) => catalog.get(id)!.pattern === 'solid' && id !== navy.id);
    for (const id of solid) expect(afterDislike.indexOf(id)).toBeGreaterThanOrEqual(before.indexOf(id) - 1);
    const top = recommender.rank({ query, profile: liked, k: 3 });
    expect(top.some((s) => s.signals.some((g) => g.name === 'feedback' && g.weight > 0))).toBe(true);
  });

  it('lets the latest feedback on an item win', () => {
    const item = catalog.items.find((i) => i.articleType === 'jeans')!;
    const profile = makeProfile({
      feedback: [
        { itemId: item.id, value: -1, at: 1 },
        { itemId: item.id, value: 1, at: 2 },
      ],
    });
    expect(ids({ categories: ['jeans'] }, profile)).toContain(item.id);
  });

  it('follows liked and disliked colours of the profile', () => {
    const query: ItemQuery = { categories: ['sneakers'] };
    const plain = ids(query, makeProfile());
    const green = catalog.items.find((i) => i.articleType === 'sneakers' && i.colors[0] === 'green')!.id;
    const black = catalog.items.find((i) => i.articleType === 'sneakers' && i.colors[0] === 'black')!.id;
    const prefs = ids(query, makeProfile({ likedColors: ['black'], dislikedColors: ['green'] }));
    expect(prefs[0]).toBe(black);
    expect(prefs.at(-1)).toBe(green);
    expect(plain[0]).toBe(green); // the most popular sneakers without preferences
  });

  it('scores items nobody bought by content: seeds bring similar items first', () => {
    const fresh = [
      makeItem({
        articleType: 'blazer',
        category: 'suit',
        colors: ['grey'],
        materials: ['wool'],
        usage: ['formal'],
        formality: 0.8,
        description: 'Tailored wool blazer',
      }),
      makeItem({
        articleType: 'blazer',
        category: 'suit',
        colors: ['charcoal'],
        materials: ['wool'],
        usage: ['formal'],
        formality: 0.8,
        description: 'Tailored wool blazer, slim',
      }),
      makeItem({
        articleType: 'hoodie',
        category: 'top',
        colors: ['grey'],
        materials: ['cotton'],
        usage: ['sports'],
        formality: 0.1,
        description: 'Cosy cotton hoodie',
      }),
    ];
    const mixed = createCatalog([...smallCatalogItems(), ...fresh]);
    const ranked = createBaselineRecommender(mixed).rank({
      query: {},
      profile: makeProfile(),
      k: 3,
      seeds: [fresh[0]!.id],
    });
    expect(ranked[0]!.item.id).toBe(fresh[0]!.id);
    expect(ranked[1]!.item.id).toBe(fresh[1]!.id);
    expect(ranked[1]!.signals.find((s) => s.name === 'content')!.weight).toBeGreaterThan(0.3);
  });

  it('returns nothing for k = 0 and ignores unknown ids', () => {
    expect(recommender.rank({ query: {}, profile: makeProfile(), k: 0 })).toEqual([]);
    const profile = makeProfile({ feedback: [{ itemId: 'hm:nope', value: 1, at: 1 }], wishlist: ['x'] });
    expect(ids({}, profile, 3)).toEqual(ids({}, makeProfile(), 3));
  });
});
