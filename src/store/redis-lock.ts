/**
 * Per-user turn locks in Redis (SET NX PX + compare-and-delete), so that two instances handling turns of the same
 * user never lose an update. A lock that cannot be had within `waitMs` is logged and the turn goes ahead — the bot
 * keeps answering rather than stalling.
 */
import { randomUUID } from 'node:crypto';
import { createClient } from '@keyv/redis';
import type { Logger } from '../types.ts';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

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
  options: { ttlMs?: number; waitMs?: number } = {},
): Promise<RedisLocks> {
  const ttlMs = options.ttlMs ?? 10_000;
  const waitMs = options.waitMs ?? 5_000;
  // Without the offline queue a command fails at once while Redis is away, instead of waiting for it to return.
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 2000, reconnectStrategy: (n) => Math.min(n * 100, 2000) },
  });
  client.on('error', (error: Error) => logger.debug('redis lock connection error', { error: error.message }));
  await client
    .connect()
    .catch((error: Error) => logger.warn('redis locks unavailable for now', { error: error.message }));
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  return {
    async lock(userId) {
      const key = `fa:lock:${userId}`;
      const token = randomUUID();
      const deadline = Date.now() + waitMs;
      for (let attempt = 0; ; attempt++) {
        try {
          if ((await client.set(key, token, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } })) === 'OK') {
            return async () => {
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
      if (client.isOpen) client.destroy();
    },
  };
}
