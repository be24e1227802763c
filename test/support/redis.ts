/** A connection to the real Redis for tests that need it; `reachable` is false without one, and those tests skip. */
import { createClient } from '@keyv/redis';
import { TEST_REDIS_URL } from '../../bench/support/fault-infra.ts';

/**
 * Connects once, failing fast (1 s, no reconnection) when Redis is down.
 * @example
 * const { admin, reachable } = await connectTestRedis();
 * describe.skipIf(!reachable)('…', () => { … });
 */
export async function connectTestRedis(url = TEST_REDIS_URL) {
  const admin = createClient({ url, socket: { connectTimeout: 1000, reconnectStrategy: false } });
  admin.on('error', () => undefined);
  const reachable = await admin
    .connect()
    .then(() => true)
    .catch(() => false);
  return { admin, reachable };
}
