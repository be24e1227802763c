/**
 * One way to open the raw Redis connections the locks and shared limits use: commands fail at once while Redis is away
 * (no offline queue), the client reconnects in the background forever, and opening never waits more than a moment —
 * an instance started while Redis is down must still start and answer from its fallbacks.
 */
import type { Logger } from '../types.ts';

/** How long opening waits for the first connection before going on without it. */
const CONNECT_WAIT_MS = 2000;

/**
 * @example
 * const client = await openRedisClient('redis://127.0.0.1:6379', logger, 'turn locks');
 * // … client.set(…) …
 * closeRedisClient(client);
 */
export async function openRedisClient(url: string, logger: Logger, purpose: string) {
  // Imported on first use: the client library costs a few hundred milliseconds of start-up without Redis.
  const { createClient } = await import('@keyv/redis');
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: CONNECT_WAIT_MS, reconnectStrategy: (n) => Math.min(n * 100, 2000) },
  });
  client.on('error', (error: Error) => logger.debug(`redis (${purpose}) connection error`, { error: error.message }));
  // `connect()` settles only once connected (it retries meanwhile): wait a moment, then let it go on in the background.
  const connected = client.connect().then(
    () => true,
    () => false,
  );
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CONNECT_WAIT_MS);
  });
  const ok = await Promise.race([connected, waited]);
  clearTimeout(timer);
  if (!ok) logger.warn(`redis (${purpose}) unreachable for now; retrying in the background`);
  return client;
}

/** A client `openRedisClient` opened. */
export type RedisClient = Awaited<ReturnType<typeof openRedisClient>>;

/** Drops the connection without waiting on a server that may be gone. */
export function closeRedisClient(client: RedisClient): void {
  if (client.isOpen) client.destroy();
}
