/**
 * Redis implementations of the `RateLimiter` and `UpdateDeduplicator` interfaces, so that several instances behind
 * one bot token share limits and never handle a redelivered update twice. When Redis does not answer (error or
 * timeout), each falls back to its in-memory twin (exact for this process) rather than blocking or dropping turns,
 * with one log line when the fallback starts and one when Redis answers again.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../types.ts';
import { withTimeout } from '../util/async.ts';
import { type ClaimOutcome, memoryDeduplicator, type UpdateDeduplicator } from './dedup.ts';
import { memoryRateLimiter, type RateLimit, type RateLimiter } from './rate-limit.ts';

/** The Redis command these need (a `createClient()` client from `@keyv/redis` has them). */
export interface RedisCommands {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
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

/** Claims a key: a new lease when free (`claimed`), else `done` or `busy` (a live lease; values other than a lease are done). */
const CLAIM = `
local value = redis.call('get', KEYS[1])
if not value then
  redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 'claimed'
end
if string.sub(value, 1, 6) == 'lease:' then return 'busy' end
return 'done'`;

/** Extends a lease still held by this owner. */
const RENEW = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0`;

/** Marks a key done for the retention time, whoever holds it. */
const COMPLETE = `redis.call('set', KEYS[1], 'done', 'PX', ARGV[1]) return 1`;

/**
 * De-duplication leases shared through Redis: one key per update, `lease:<owner>` with a short expiry while a turn
 * runs (renewed by its holder), `done` with the long retention once it completed. A claim on a key whose lease
 * expired (its instance died) succeeds, so the redelivered update runs. While Redis is away claims are made in this
 * process's memory; every completion is also remembered locally, so a redelivery to this instance during an outage
 * is still recognised.
 * @example
 * const dedup = redisUpdateDeduplicator(client, { retentionMs: 3600_000, leaseMs: 30_000 }, logger);
 * const claim = await dedup.claim('telegram:42:7', clock.now());
 */
export function redisUpdateDeduplicator(
  client: RedisCommands,
  { retentionMs, leaseMs }: { retentionMs: number; leaseMs: number },
  logger: Logger,
  prefix = 'fa:seen:',
  timeoutMs = DEFAULT_TIMEOUT_MS,
): UpdateDeduplicator {
  const local = memoryDeduplicator({ ttlMs: retentionMs, leaseMs });
  const run = withFallback('update de-duplication', logger, timeoutMs);
  const script = (source: string, key: string, args: string[]) =>
    withTimeout(client.eval(source, { keys: [`${prefix}${key}`], arguments: args }), timeoutMs, 'update lease');

  const sharedClaim = async (key: string): Promise<ClaimOutcome> => {
    const owner = `lease:${randomUUID()}`;
    const found = await client.eval(CLAIM, { keys: [`${prefix}${key}`], arguments: [owner, String(leaseMs)] });
    if (found !== 'claimed') return found === 'busy' ? 'busy' : 'done';
    return {
      renew: async () => (await script(RENEW, key, [owner, String(leaseMs)]).catch(() => 0)) === 1,
      async complete(now) {
        local.markDone(key, now);
        await script(COMPLETE, key, [String(retentionMs)]).catch((error: Error) =>
          logger.warn('could not mark an update done on Redis; remembered in this process only', {
            error: error.message,
          }),
        );
      },
    };
  };

  return {
    leaseMs,
    claim: async (key, now) =>
      local.knownDone(key, now)
        ? 'done'
        : run(
            () => sharedClaim(key),
            () => local.claim(key, now),
          ),
  };
}
