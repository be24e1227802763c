/**
 * `openSharedLimits` against the real Redis on 127.0.0.1:6379 (skipped without it): two instances share one flood
 * window and notice per user and one record of seen updates; with Redis unreachable an instance still starts at once
 * and limits and de-duplicates in its own memory. Redis sees keyed hashes of user and message ids, never the ids.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createHasher } from '../../src/log/crypto.ts';
import { openSharedLimits } from '../../src/middleware/shared-limits.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { connectTestRedis } from '../support/redis.ts';

const URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const { admin, reachable } = await connectTestRedis(URL);
const prefix = `fa:test:${randomUUID()}:`;
const HASHER = createHasher(randomBytes(32));

afterAll(async () => {
  if (reachable) {
    for await (const keys of admin.scanIterator({ MATCH: `${prefix}*` })) if (keys.length > 0) await admin.del(keys);
  }
  await admin.quit().catch(() => undefined);
});

describe.skipIf(!reachable)('flood limits and de-duplication shared through Redis', () => {
  it('gives a user spreading messages over two instances one window and one notice', async () => {
    const a = await openSharedLimits(URL, silentLogger, HASHER, { prefix, limit: { limit: 4, windowMs: 60_000 } });
    const b = await openSharedLimits(URL, silentLogger, HASHER, { prefix, limit: { limit: 4, windowMs: 60_000 } });
    try {
      const verdicts: string[] = [];
      for (let i = 0; i < 8; i++) verdicts.push(await (i % 2 ? b : a).flood.check('telegram:1', 1_000 + i));
      expect(verdicts).toEqual(['allow', 'allow', 'allow', 'allow', 'notify', 'drop', 'drop', 'drop']);
      expect(await b.flood.check('telegram:2', 1_010)).toBe('allow');

      const claims = await Promise.all([a.dedup.claim('telegram:9:1', 1), b.dedup.claim('telegram:9:1', 1)]);
      const held = claims.filter((claim) => typeof claim !== 'string');
      expect(claims.filter((claim) => claim === 'busy')).toHaveLength(1);
      await held[0]!.complete(2);
      expect(await b.dedup.claim('telegram:9:1', 5)).toBe('done');
      expect(typeof (await a.dedup.claim('telegram:9:2', 5))).toBe('object');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('keeps no raw user, chat or message id in its Redis keys', async () => {
    const own = `${prefix}ids:`;
    const limits = await openSharedLimits(URL, silentLogger, HASHER, { prefix: own });
    try {
      // A message in a Telegram supergroup: the user's id, the chat's and the message's.
      expect(await limits.flood.check('telegram:424242', 1)).toBe('allow');
      const claim = await limits.dedup.claim('telegram:-1001234567:8181', 1);
      if (typeof claim === 'string') throw new Error(`expected a claim, got ${claim}`);
      await claim.complete(2);
      expect(await limits.dedup.claim('telegram:-1001234567:8181', 3)).toBe('done');
      const keys: string[] = [];
      for await (const batch of admin.scanIterator({ MATCH: `${own}*` })) keys.push(...batch);
      expect(keys.map((key) => key.slice(own.length).replace(/:[0-9a-f]{32}$/, ':<hash>')).sort()).toEqual([
        'flood:<hash>',
        'seen:<hash>',
      ]);
      for (const key of keys) expect(key).not.toMatch(/424242|1001234567|8181/);
    } finally {
      await limits.close();
    }
  });
});

describe('with Redis unreachable', () => {
  it('starts anyway (no endless wait for a first connection) and falls back to this process', async () => {
    const limits = await openSharedLimits('redis://127.0.0.1:1', silentLogger, HASHER, {
      limit: { limit: 2, windowMs: 1000 },
    });
    try {
      const claim = await limits.dedup.claim('telegram:1:1', 0);
      expect(await limits.dedup.claim('telegram:1:1', 1)).toBe('busy');
      if (typeof claim !== 'string') await claim.complete(2);
      expect(await limits.dedup.claim('telegram:1:1', 3)).toBe('done');
      const verdicts = [];
      for (let i = 0; i < 4; i++) verdicts.push(await limits.flood.check('telegram:1', i));
      expect(verdicts).toEqual(['allow', 'allow', 'notify', 'drop']);
    } finally {
      await limits.close();
    }
  });
});
