/**
 * Keeps the bot answering when the shared store (Redis) is unreachable: every state is also written to a local
 * SQLite cache; while the primary fails or times out, turns load from and save to the cache, and the users touched
 * meanwhile are copied back to the primary as soon as it answers again — with a clear log line for each transition.
 * A user missing from the primary (e.g. a Redis restarted without persistence) is served from the cache.
 */
import type { Logger, StateStore, UserState } from '../types.ts';
import { withTimeout } from '../util/async.ts';
import { LOCK_WAIT_MS } from './redis-lock.ts';

/** How often a degraded store checks whether the primary is back. */
const PROBE_MS = 1000;

/**
 * @example
 * const store = resilientStateStore(redisStore, sqliteCache, logger);
 */
export function resilientStateStore(
  primary: StateStore & { find(userId: string): Promise<UserState | undefined> },
  cache: StateStore & { find(userId: string): Promise<UserState | undefined> },
  logger: Logger,
  options: { timeoutMs?: number; lockWaitMs?: number } = {},
): StateStore & { readonly degraded: boolean; readonly pending: number } {
  const timeoutMs = options.timeoutMs ?? 800;
  // Waiting for a lock another instance holds is normal, not an outage: only a wait past the lock's own bound is.
  const lockTimeoutMs = (options.lockWaitMs ?? LOCK_WAIT_MS) + timeoutMs;
  /** Users whose latest state is only in the cache. */
  const dirty = new Set<string>();
  let degraded = false;
  let syncing: Promise<void> | undefined;

  let probe: NodeJS.Timeout | undefined;
  const fail = (operation: string, error: unknown) => {
    if (!degraded) {
      degraded = true;
      logger.error('shared state store unreachable: answering from the local cache until it is back', {
        operation,
        error: (error as Error).message,
      });
      // Catch up as soon as the primary answers, even if no turn comes to notice it.
      probe ??= setInterval(() => {
        withTimeout(primary.find('\u0000probe'), timeoutMs, 'probe')
          .then(() => recovered())
          .catch(() => undefined);
      }, PROBE_MS).unref();
    }
  };

  /** Copies the users changed during an outage back to the primary. */
  const sync = async () => {
    let copied = 0;
    for (const userId of [...dirty]) {
      await withTimeout(primary.save(await cache.load(userId)), timeoutMs, 'sync');
      dirty.delete(userId);
      copied++;
    }
    logger.info('shared state store is back: local changes copied', { users: copied });
  };

  const recovered = async () => {
    if (!degraded) return;
    degraded = false;
    clearInterval(probe);
    probe = undefined;
    if (dirty.size === 0) {
      logger.info('shared state store is back');
      return;
    }
    syncing ??= sync()
      .catch((error) => fail('sync', error))
      .finally(() => {
        syncing = undefined;
      });
    await syncing;
  };

  return {
    get degraded() {
      return degraded;
    },
    get pending() {
      return dirty.size;
    },
    async lock(userId) {
      // While degraded, turns run on the local cache of this instance: no shared lock to wait for.
      if (degraded) return async () => undefined;
      const pending = primary.lock(userId);
      try {
        return await withTimeout(pending, lockTimeoutMs, 'lock');
      } catch (error) {
        // A lock granted after we gave up must not stay held (and renewed) for ever.
        pending.then((release) => release()).catch(() => undefined);
        fail('lock', error);
        return async () => undefined;
      }
    },
    async load(userId) {
      if (dirty.has(userId)) return cache.load(userId);
      try {
        const state = await withTimeout(primary.find(userId), timeoutMs, 'load');
        await recovered();
        if (state) return state;
        // Not in the primary: a new user, or a primary that restarted without its data — the cache knows which.
        return cache.load(userId);
      } catch (error) {
        fail('load', error);
        return cache.load(userId);
      }
    },
    async save(state: UserState) {
      await cache.save(state);
      try {
        await withTimeout(primary.save(state), timeoutMs, 'save');
        dirty.delete(state.profile.userId);
        await recovered();
      } catch (error) {
        fail('save', error);
        dirty.add(state.profile.userId);
      }
    },
    async erase(userId) {
      await cache.erase(userId);
      dirty.delete(userId);
      await withTimeout(primary.erase(userId), timeoutMs * 4, 'erase');
    },
    async close() {
      clearInterval(probe);
      // Last chance to hand the cache's newer states back before this instance goes away.
      const deadline = Date.now() + timeoutMs * 4;
      while (dirty.size > 0 && Date.now() < deadline) {
        try {
          await sync();
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
      // A primary that is down may never answer a polite goodbye: give it a moment, then go.
      await Promise.allSettled([withTimeout(primary.close(), timeoutMs * 2, 'close'), cache.close()]);
    },
  };
}
