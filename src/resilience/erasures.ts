/**
 * `/forget` reaches every instance's local cache: an erasure is published on a Redis channel and every instance
 * drops its cached copy of that user (see `resilient.ts`). Publishing is best effort — an instance that misses the
 * message (down at the time) still never serves the copy: a user missing from Redis is not read from the cache.
 */
import type { Logger } from '../types.ts';
import { closeRedisClient, openRedisClient } from './redis-client.ts';

/** The channel erasures travel on. */
const CHANNEL = 'fa:erased';

export interface ErasureBus {
  publish(userId: string): Promise<void>;
  /** Calls `handler` for every erasure published by any instance (this one included). */
  subscribe(handler: (userId: string) => void): Promise<void>;
  close(): Promise<void>;
}

/**
 * @example
 * const bus = await openErasureBus('redis://127.0.0.1:6379', logger);
 * await bus.subscribe((userId) => dropFromCache(userId));
 * await bus.publish('telegram:42');
 */
export async function openErasureBus(url: string, logger: Logger, channel = CHANNEL): Promise<ErasureBus> {
  // A subscribed connection can do nothing else: one client to publish, one to listen.
  const [publisher, subscriber] = await Promise.all([
    openRedisClient(url, logger, 'erasures'),
    openRedisClient(url, logger, 'erasure subscription'),
  ]);
  return {
    async publish(userId) {
      await publisher.publish(channel, userId);
    },
    async subscribe(handler) {
      // Once subscribed, the client re-subscribes by itself after a reconnection; until then, retry when it is ready.
      let subscribed = false;
      const attempt = async () => {
        if (subscribed) return;
        try {
          await subscriber.subscribe(channel, (userId) => handler(userId));
          subscribed = true;
        } catch (error) {
          logger.warn('erasures from other instances not received for now', { error: (error as Error).message });
        }
      };
      subscriber.on('ready', () => void attempt());
      await attempt();
    },
    async close() {
      closeRedisClient(publisher);
      closeRedisClient(subscriber);
    },
  };
}
