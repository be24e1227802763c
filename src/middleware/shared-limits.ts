/**
 * Flood protection and update de-duplication shared by every instance through Redis (`REDIS_URL`): a user who
 * spreads messages over several instances still gets one window and one notice, and an update redelivered to another
 * instance (webhook retry behind a load balancer) is answered once. Falls back per call to this process's memory
 * while Redis is away (see `redis-limits.ts`). Redis keys hold keyed hashes of the user and message ids, never the
 * ids themselves (a Telegram message id names its chat, and a private chat's id is the user's).
 */
import type { Hasher } from '../log/crypto.ts';
import { closeRedisClient, openRedisClient } from '../resilience/redis-client.ts';
import type { Logger } from '../types.ts';
import type { UpdateDeduplicator } from './dedup.ts';
import { createFloodGuard, DEFAULT_FLOOD_LIMIT, type FloodGuard } from './flood-guard.ts';
import type { RateLimit, RateLimiter } from './rate-limit.ts';
import { redisRateLimiter, redisUpdateDeduplicator } from './redis-limits.ts';

/** How long a handled update id is remembered: long after any platform retry of a lost acknowledgement. */
export const DEDUP_RETENTION_MS = 3600_000;

/**
 * How long an update stays claimed by the instance running its turn unless renewed (every third of it): a retry that
 * reaches another instance waits this long at most before running an update whose instance died.
 */
export const DEDUP_LEASE_MS = 10_000;

export interface SharedLimits {
  flood: FloodGuard;
  dedup: UpdateDeduplicator;
  /** Drops the Redis connection without waiting on a server that may be gone (the keys expire by themselves). */
  close(): Promise<void>;
}

export interface SharedLimitsOptions {
  /** Key prefix (default `fa:`); tests use a unique one. */
  prefix?: string;
  limit?: RateLimit;
  retentionMs?: number;
  leaseMs?: number;
}

/**
 * Connects to Redis (or keeps trying in the background: until then every check falls back to memory). `hasher`
 * (the log's pseudonym key) turns user and message ids into the keys Redis sees.
 * @example
 * const limits = await openSharedLimits(config.REDIS_URL, logger, createHasher(keys.pseudonym));
 * createTelegramAdapter({ ...options, flood: limits.flood, dedup: limits.dedup });
 */
export async function openSharedLimits(
  url: string,
  logger: Logger,
  hasher: Pick<Hasher, 'key'>,
  {
    prefix = 'fa:',
    limit = DEFAULT_FLOOD_LIMIT,
    retentionMs = DEDUP_RETENTION_MS,
    leaseMs = DEDUP_LEASE_MS,
  }: SharedLimitsOptions = {},
): Promise<SharedLimits> {
  const client = await openRedisClient(url, logger, 'shared limits');
  logger.info('flood limits and update de-duplication shared through Redis', { prefix });
  const byUser = (limiter: RateLimiter): RateLimiter => ({
    hit: (userId, now) => limiter.hit(hasher.key('flood', userId), now),
  });
  const seen = redisUpdateDeduplicator(client, { retentionMs, leaseMs }, logger, `${prefix}seen:`);
  return {
    flood: createFloodGuard(
      limit,
      byUser(redisRateLimiter(client, limit, logger, `${prefix}flood:`)),
      byUser(redisRateLimiter(client, { limit: 1, windowMs: limit.windowMs }, logger, `${prefix}flood-notice:`)),
    ),
    dedup: { leaseMs: seen.leaseMs, claim: (key, now) => seen.claim(hasher.key('update', key), now) },
    async close() {
      closeRedisClient(client);
    },
  };
}
