/**
 * Per-user turn locks in Redis (SET NX PX + compare-and-delete), so that two instances handling turns of the same
 * user never lose an update. A held lock is renewed while its turn runs, so its time to live can be short: the lock of
 * an instance killed mid-turn frees itself within `ttlMs`, and a waiter (`waitMs` > `ttlMs`) outlives it. A lock
 * that cannot be had within `waitMs` is logged and the turn goes ahead — the bot keeps answering rather than stalling.
 */
import { randomUUID } from 'node:crypto';
import { closeRedisClient, openRedisClient } from '../resilience/redis-client.ts';
import type { Logger } from '../types.ts';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/** Lock timing defaults: a dead holder's lock lasts at most `ttlMs`; a waiter gives up after `waitMs`. */
export const LOCK_TTL_MS = 3000;
export const LOCK_WAIT_MS = 4000;

export interface RedisLocks {
  lock(userId: string): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/**
 * @example
 * const locks = await openRedisLocks('redis://127.0.0.1:6379', logger);
 * const release = await locks.lock('telegram:42'); try { … } finally { await release(); }
 */
export async function openRedisLocks(
  url: string,
  logger: Logger,
  options: { ttlMs?: number; waitMs?: number; prefix?: string } = {},
): Promise<RedisLocks> {
  const ttlMs = options.ttlMs ?? LOCK_TTL_MS;
  const waitMs = options.waitMs ?? LOCK_WAIT_MS;
  const prefix = options.prefix ?? 'fa:lock:';
  const client = await openRedisClient(url, logger, 'turn locks');
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  return {
    async lock(userId) {
      const key = `${prefix}${userId}`;
      const token = randomUUID();
      const deadline = Date.now() + waitMs;
      for (let attempt = 0; ; attempt++) {
        try {
          if ((await client.set(key, token, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } })) === 'OK') {
            const renew = setInterval(() => {
              client.eval(RENEW, { keys: [key], arguments: [token, String(ttlMs)] }).catch(() => undefined);
            }, ttlMs / 3);
            renew.unref();
            return async () => {
              clearInterval(renew);
              await client.eval(RELEASE, { keys: [key], arguments: [token] }).catch(() => undefined);
            };
          }
        } catch (error) {
          logger.warn('turn lock unavailable; answering without it', { error: (error as Error).message });
          return async () => undefined;
        }
        if (Date.now() > deadline) {
          logger.warn('turn lock wait timed out; answering without it', { userId });
          return async () => undefined;
        }
        await sleep(Math.min(5 * 2 ** attempt, 50));
      }
    },
    async close() {
      // Never wait on a server that may be gone: locks expire by themselves.
      closeRedisClient(client);
    },
  };
}
