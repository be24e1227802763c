import { describe, expect, it } from 'vitest';
import { memoryDeduplicator } from '../../src/middleware/dedup.ts';

describe('memoryDeduplicator', () => {
  it('leases a key while its turn runs, remembers it done for the retention time, forgets the oldest beyond its size', async () => {
    const dedup = memoryDeduplicator({ ttlMs: 1000, leaseMs: 100, maxKeys: 2 });
    const a = await dedup.claim('a', 0);
    if (typeof a === 'string') throw new Error('first claim refused');
    expect(await dedup.claim('a', 50)).toBe('busy'); // a live lease
    expect(await a.renew(90)).toBe(true);
    expect(await dedup.claim('a', 150)).toBe('busy'); // renewed until 190
    await a.complete(160);
    expect(await dedup.claim('a', 500)).toBe('done');
    expect(typeof (await dedup.claim('a', 1200))).toBe('object'); // expired, claimed anew (and left to lapse)
    expect(typeof (await dedup.claim('b', 1400))).toBe('object'); // the lease on 'a' lapsed at 1300
    const c = await dedup.claim('c', 1450);
    if (typeof c === 'string') throw new Error('claim refused');
    await c.complete(1450);
    expect(await dedup.claim('c', 1460)).toBe('done');
    expect(dedup.knownDone('c', 1460)).toBe(true);
  });

  it('lets a redelivery run an update whose holder died (lease expired)', async () => {
    const dedup = memoryDeduplicator({ ttlMs: 1000, leaseMs: 100 });
    const first = await dedup.claim('k', 0);
    if (typeof first === 'string') throw new Error('first claim refused');
    const second = await dedup.claim('k', 101); // the holder stopped renewing
    if (typeof second === 'string') throw new Error('expired lease not taken over');
    expect(await first.renew(102)).toBe(false);
    expect(await dedup.claim('k', 103)).toBe('busy');
  });
});
