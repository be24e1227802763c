import { describe, expect, it } from 'vitest';
import { memoryDeduplicator } from '../../src/middleware/dedup.ts';

describe('memoryDeduplicator', () => {
  it('sees a key once within the retention time, and forgets the oldest beyond its size', async () => {
    const dedup = memoryDeduplicator({ ttlMs: 1000, maxKeys: 2 });
    expect(await dedup.firstSeen('a', 0)).toBe(true);
    expect(await dedup.firstSeen('a', 500)).toBe(false);
    expect(await dedup.firstSeen('a', 1500)).toBe(true); // expired, seen anew
    expect(await dedup.firstSeen('b', 1600)).toBe(true);
    expect(await dedup.firstSeen('c', 1700)).toBe(true); // 'a' is forgotten to keep two keys
    expect(await dedup.firstSeen('c', 1701)).toBe(false);
    expect(await dedup.firstSeen('a', 1702)).toBe(true);
  });
});
