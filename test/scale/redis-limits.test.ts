/**
 * The Redis rate limiter and update de-duplicator against the real Redis on 127.0.0.1:6379 (skipped without it):
 * two "instances" (two clients) share one window and one set of seen updates.
 */
import { randomUUID } from 'node:crypto';
import { createClient } from '@keyv/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisRateLimiter, redisUpdateDeduplicator } from '../../src/middleware/redis-limits.ts';
import { silentLogger } from '../../src/util/logger.ts';

const URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const a = createClient({ url: URL, socket: { connectTimeout: 1000, reconnectStrategy: false } });
const b = createClient({ url: URL, socket: { connectTimeout: 1000, reconnectStrategy: false } });
a.on('error', () => undefined);
b.on('error', () => undefined);
const reachable = await a
  .connect()
  .then(() => b.connect())
  .then(() => true)
  .catch(() => false);
const prefix = `fa:test:${randomUUID()}:`;

beforeAll(() => undefined);
afterAll(async () => {
  if (reachable) {
    for await (const keys of a.scanIterator({ MATCH: `${prefix}*` })) if (keys.length > 0) await a.del(keys);
  }
  await Promise.all([a.quit().catch(() => undefined), b.quit().catch(() => undefined)]);
});

describe.skipIf(!reachable)('shared limits on Redis', () => {
  it('counts hits of both instances in one sliding window', async () => {
    const limit = { limit: 3, windowMs: 1000 };
    const one = redisRateLimiter(a, limit, silentLogger, prefix);
    const two = redisRateLimiter(b, limit, silentLogger, prefix);
    const t = 1_000_000;
    expect(await one.hit('telegram:1', t)).toBe(true);
    expect(await two.hit('telegram:1', t + 10)).toBe(true);
    expect(await one.hit('telegram:1', t + 20)).toBe(true);
    expect(await two.hit('telegram:1', t + 30)).toBe(false);
    expect(await one.hit('telegram:2', t + 30)).toBe(true); // another user has their own window
    expect(await two.hit('telegram:1', t + 1001)).toBe(true); // the first hit left the window
  });

  it('lets exactly one instance hold an update, and another take it over once the holder stops renewing', async () => {
    const one = redisUpdateDeduplicator(a, { retentionMs: 60_000, leaseMs: 300 }, silentLogger, prefix);
    const two = redisUpdateDeduplicator(b, { retentionMs: 60_000, leaseMs: 300 }, silentLogger, prefix);
    const results = await Promise.all([one.claim('u:7', 1), two.claim('u:7', 1), one.claim('u:7', 2)]);
    expect(results.filter((r) => typeof r !== 'string')).toHaveLength(1);
    expect(results.filter((r) => r === 'busy')).toHaveLength(2);
    const held = results.find((r) => typeof r !== 'string')!;
    expect(await held.renew(3)).toBe(true);
    // The holder "died": no renewal, so the lease lapses and the other instance's claim succeeds.
    let takeover: Awaited<ReturnType<typeof two.claim>> = 'busy';
    const deadline = Date.now() + 5000;
    for (;;) {
      takeover = await two.claim('u:7', 4);
      if (takeover !== 'busy' || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (typeof takeover === 'string') throw new Error(`expired lease not taken over: ${takeover}`);
    expect(await held.renew(5)).toBe(false);
    await takeover.complete(6);
    expect(await one.claim('u:7', 7)).toBe('done');
    expect(typeof (await two.claim('u:8', 8))).toBe('object');
  });
});
