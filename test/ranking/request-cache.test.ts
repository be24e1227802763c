import { describe, expect, it } from 'vitest';
import { createBaselineRecommender } from '../../models/recommender/index.ts';
import { createCatalog, loadDemoItems } from '../../src/catalog/index.ts';
import { projectRoot } from '../../src/config.ts';
import { createComposer } from '../../src/outfits/index.ts';
import { varietySeed } from '../../src/outfits/variety.ts';
import { cachedComposer, cachedRecommender, profileSignature } from '../../src/ranking/request-cache.ts';
import { newProfile } from '../../src/store/state.ts';
import type { OutfitRequest, Profile, Recommender } from '../../src/types.ts';
import { LruCache } from '../../src/util/lru-cache.ts';

const catalog = createCatalog(loadDemoItems(projectRoot));

/** The real baseline recommender, counting how often it actually ranks. */
function countingRecommender(): Recommender & { calls: number } {
  const inner = createBaselineRecommender(catalog);
  const counting = {
    calls: 0,
    name: inner.name,
    rank: (request: Parameters<Recommender['rank']>[0]) => {
      counting.calls++;
      return inner.rank(request);
    },
  };
  return counting;
}

const profile = (userId: string, overrides: Partial<Profile> = {}): Profile => ({
  ...newProfile(userId, Date.UTC(2026, 0, userId.length)),
  ...overrides,
});
const wedding: OutfitRequest = { gender: 'men', occasion: 'wedding', excludeColors: [], excludeMaterials: [], k: 3 };

/** Another user id in the same variety bucket as `userId`. */
function sameBucketAs(userId: string, prefix: string): string {
  const seed = varietySeed({ userId });
  for (let i = 0; ; i++) if (varietySeed({ userId: `${prefix}:${i}` }) === seed) return `${prefix}:${i}`;
}

describe('ranking request caches', () => {
  it('share answers between users with the same tastes only', () => {
    const a = profile('telegram:1', { tone: 'editorial', language: 'zh', trendOptIn: true });
    expect(profileSignature(a)).toBe(profileSignature(profile('discord:22')));
    for (const taste of [
      { likedColors: ['navy'] },
      { dislikedColors: ['yellow'] },
      { dislikedMaterials: ['wool'] },
      { gender: 'women' as const },
      { budgetMax: 50 },
      { sizes: { shoes: '42' } },
      { styles: ['boho'] },
      { wishlist: [catalog.items[0]!.id] },
      { feedback: [{ itemId: catalog.items[0]!.id, value: -1 as const, at: 1 }] },
    ]) {
      expect(profileSignature(profile('telegram:1', taste))).not.toBe(profileSignature(a));
    }
  });

  it('share answers between users whose latest votes agree, whenever and however they voted', () => {
    const [x, y] = [catalog.items[0]!.id, catalog.items[1]!.id];
    const votedEarly = profile('telegram:1', {
      feedback: [
        { itemId: x, value: 1, at: 10 },
        { itemId: y, value: -1, at: 11 },
      ],
    });
    const changedMind = profile('telegram:2', {
      feedback: [
        { itemId: y, value: 1, at: 500 },
        { itemId: y, value: -1, at: 600 },
        { itemId: x, value: 1, at: 700 },
      ],
    });
    expect(profileSignature(changedMind)).toBe(profileSignature(votedEarly));
    const flipped = profile('telegram:3', {
      feedback: [
        { itemId: x, value: 1, at: 10 },
        { itemId: y, value: -1, at: 11 },
        { itemId: y, value: 1, at: 12 },
      ],
    });
    expect(profileSignature(flipped)).not.toBe(profileSignature(votedEarly));
  });

  it('rank once per distinct request and give the same answer as the recommender', () => {
    const inner = countingRecommender();
    const cached = cachedRecommender(inner);
    const query = { categories: ['shirt', 'tshirt'], genders: ['men' as const] };
    const first = cached.rank({ query, profile: profile('u:1'), k: 5 });
    const second = cached.rank({ query, profile: profile('u:2'), k: 5 });
    expect(inner.calls).toBe(1);
    expect(second).toBe(first);
    expect(first).toEqual(createBaselineRecommender(catalog).rank({ query, profile: profile('u:3'), k: 5 }));
    cached.rank({ query, profile: profile('u:1', { dislikedColors: ['white'] }), k: 5 });
    cached.rank({ query, profile: profile('u:1'), k: 6 });
    cached.rank({ query: { ...query, colors: ['blue'] }, profile: profile('u:1'), k: 5 });
    expect(inner.calls).toBe(4);
    // Shared answers cannot be edited by one turn behind another user's back.
    expect(() => (first as unknown as unknown[]).push(1)).toThrow(TypeError);
    expect(() => {
      first[0]!.signals.push({ name: 'match', weight: 1 });
    }).toThrow(TypeError);
  });

  it('start afresh when the model version changes (hot reload)', () => {
    const inner = countingRecommender();
    let version = 'model@1';
    const cached = cachedRecommender(inner, { version: () => version });
    const request = { query: { categories: ['dress'] }, profile: profile('u:1'), k: 3 };
    cached.rank(request);
    cached.rank(request);
    version = 'model@2';
    cached.rank(request);
    expect(inner.calls).toBe(2);
  });

  it('compose once per distinct outfit request, taste and variety bucket', () => {
    const recommender = countingRecommender();
    const composer = createComposer(catalog, recommender);
    const cached = cachedComposer(composer);
    const first = cached.compose(wedding, profile('u:1'));
    const calls = recommender.calls;
    expect(first.length).toBeGreaterThan(0);
    expect(cached.compose(wedding, profile(sameBucketAs('u:1', 'a')))).toBe(first);
    expect(recommender.calls).toBe(calls);
    const fresh = createComposer(catalog, createBaselineRecommender(catalog));
    expect(first).toEqual(fresh.compose(wedding, profile(sameBucketAs('u:1', 'b'))));
    const otherBucket = Array.from({ length: 8 }, (_, i) => `u:other${i}`).find(
      (id) => varietySeed({ userId: id }) !== varietySeed({ userId: 'u:1' }),
    )!;
    expect(cached.compose(wedding, profile(otherBucket))).not.toBe(first);
    const withoutBlack = cached.compose(wedding, profile('u:1', { dislikedColors: ['black'] }));
    expect(withoutBlack.flatMap((o) => o.items).some((s) => s.item.colors.includes('black'))).toBe(false);
    expect(cached.compose({ ...wedding, budgetMax: 120 }, profile('u:1'))).not.toBe(first);
  });

  it('forget the least recently used answers beyond their capacity', () => {
    const cache = new LruCache<number>(2);
    let computed = 0;
    const get = (key: string) => cache.getOrCompute(key, () => ++computed);
    get('a');
    get('b');
    get('a'); // a is now the most recent
    get('c'); // evicts b
    expect(cache.size).toBe(2);
    get('a');
    expect(computed).toBe(3);
    get('b');
    expect(computed).toBe(4);
    expect([cache.hits, cache.misses]).toEqual([2, 4]);
  });
});
