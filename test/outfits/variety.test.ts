import { describe, expect, it } from 'vitest';
import { dither, VARIETY_BUCKETS, varietySeed } from '../../src/outfits/variety.ts';

const ranked = Array.from({ length: 40 }, (_, i) => `item${i}`);

describe('varietySeed', () => {
  it('is stable for a shopper and spreads shoppers over the buckets', () => {
    expect(varietySeed({ userId: 'telegram:42' })).toBe(varietySeed({ userId: 'telegram:42' }));
    const seeds = new Set(Array.from({ length: 500 }, (_, i) => varietySeed({ userId: `user:${i}` })));
    expect(seeds.size).toBeGreaterThan(VARIETY_BUCKETS / 2);
    for (const seed of seeds) expect(seed).toBeGreaterThanOrEqual(0);
  });
});

describe('dither', () => {
  it('keeps the order with no spread and keeps every element otherwise', () => {
    expect(dither(ranked, 1, 'tops', 0)).toEqual(ranked);
    expect([...dither(ranked, 1, 'tops', 2)].sort()).toEqual([...ranked].sort());
  });

  it('is deterministic for a seed and salt, and differs between shoppers', () => {
    expect(dither(ranked, 5, 'tops', 2)).toEqual(dither(ranked, 5, 'tops', 2));
    const heads = new Set(Array.from({ length: 30 }, (_, seed) => dither(ranked, seed, 'tops', 2).slice(0, 5).join()));
    expect(heads.size).toBeGreaterThan(20);
  });

  it('still puts the head of the ranking first more often than the tail', () => {
    let head = 0;
    let tail = 0;
    for (let seed = 0; seed < 300; seed++) {
      const top = dither(ranked, seed, 'shoes', 1.5).slice(0, 10);
      if (top.includes('item0')) head++;
      if (top.includes('item39')) tail++;
    }
    expect(head).toBeGreaterThan(2 * tail);
  });
});
