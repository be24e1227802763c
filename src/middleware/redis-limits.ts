/**
 * Redis implementations of the `RateLimiter` and `UpdateDeduplicator` interfaces, so that several instances behind
 * one bot token share limits and never handle a redelivered update twice. When Redis does not answer (error or
 * timeout), each falls back to its in-memory twin (exact for this process) rather than blocking or dropping turns,
 * with one log line when the fallback starts and one when Redis answers again.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../types.ts';
import { withTimeout } from '../util/async.ts';
import { memoryDeduplicator, type UpdateDeduplicator } from './dedup.ts';
import { memoryRateLimiter, type RateLimit, type RateLimiter } from './rate-limit.ts';

/** The two Redis commands these need (a `createClient()` client from `@keyv/redis` has them). */
export interface RedisCommands {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  set(
    key: string,
    value: string,
    options: { condition: 'NX'; expiration: { type: 'PX'; value: number } },
  ): Promise<string | null>;
}

/** How long a limit check may wait for Redis before this process decides alone. */
const DEFAULT_TIMEOUT_MS = 500;

/** Sliding window in a sorted set: drop hits older than the window, admit and record the hit if under the limit. */
const SLIDING_WINDOW = `
redis.call('zremrangebyscore', KEYS[1], '-inf', ARGV[1] - ARGV[2])
if redis.call('zcard', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('zadd', KEYS[1], ARGV[1], ARGV[4])
  redis.call('pexpire', KEYS[1], ARGV[2])
  return 1
end
return 0`;

/** Runs a Redis call with a timeout; on failure runs `local` instead, logging only the transitions. */
function withFallback(what: string, logger: Logger, timeoutMs: number) {
  let degraded = false;
  return async <T>(shared: () => Promise<T>, local: () => Promise<T>): Promise<T> => {
    try {
      const result = await withTimeout(shared(), timeoutMs, what);
      if (degraded) {
        degraded = false;
        logger.info(`shared ${what} is back on Redis`);
      }
      return result;
    } catch (error) {
      if (!degraded) {
        degraded = true;
        logger.warn(`shared ${what} unreachable; deciding in this process until Redis answers`, {
          error: (error as Error).message,
        });
      }
      return local();
    }
  };
}

/**
 * A sliding-window limiter shared through Redis (one sorted set per key, expired with the window).
 * @example
 * const limiter = redisRateLimiter(client, { limit: 20, windowMs: 10_000 }, logger);
 * await limiter.hit('telegram:42', clock.now());
 */
export function redisRateLimiter(
  client: RedisCommands,
  limit: RateLimit,
  logger: Logger,
  prefix = 'fa:rate:',
  timeoutMs = DEFAULT_TIMEOUT_MS,
): RateLimiter {
  const local = memoryRateLimiter(limit);
  const run = withFallback('rate limiter', logger, timeoutMs);
  return {
    hit: (key, now) =>
      run(
        async () =>
          (await client.eval(SLIDING_WINDOW, {
            keys: [`${prefix}${key}`],
            arguments: [String(now), String(limit.windowMs), String(limit.limit), `${now}:${randomUUID()}`],
          })) === 1,
        () => local.hit(key, now),
      ),
  };
}

/**
 * De-duplication shared through Redis: `SET key NX PX retention` succeeds only for the first instance to see it.
 * @example
 * const dedup = redisUpdateDeduplicator(client, 24 * 3600_000, logger);
 * if (await dedup.firstSeen('telegram:update:123', clock.now())) handle(update);
 */
export function redisUpdateDeduplicator(
  client: RedisCommands,
  retentionMs: number,
  logger: Logger,
  prefix = 'fa:seen:',
  timeoutMs = DEFAULT_TIMEOUT_MS,
): UpdateDeduplicator {
  const local = memoryDeduplicator({ ttlMs: retentionMs });
  const run = withFallback('update de-duplication', logger, timeoutMs);
  return {
    firstSeen: (key, now) =>
      run(
        async () =>
          (await client.set(`${prefix}${key}`, String(now), {
            condition: 'NX',
            expiration: { type: 'PX', value: retentionMs },
          })) === 'OK',
        () => local.firstSeen(key, now),
      ),
  };
}
