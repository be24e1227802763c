/**
 * Keeps the bot answering when the shared store (Redis) is unreachable: every state is also written to a local
 * SQLite cache; while the primary fails or times out, turns load from and save to the cache, and the users touched
 * meanwhile are copied back to the primary as soon as it answers again — with a clear log line for each transition.
 * A user the primary does not have is new, or was erased (`/forget`) through another instance: their cached copy is
 * dropped, never served — so Redis must persist its data (a Redis restarted empty keeps only what changed during the
 * outage, copied back from the caches).
 * Two instances may both serve a user during an outage: each copies back its own changes merged (three-way, from the
 * state its turn started with) into what Redis holds by then, so neither instance's profile changes are lost.
 * With `erasures`, an erasure through any instance also drops the user from this instance's cache and copy-back list.
 * With `dirtyFile`, the list of users whose latest state is only in the cache survives the process (even `kill -9`):
 * the next start serves them from the cache and copies them back as soon as the primary answers.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { ErasureBus } from '../resilience/erasures.ts';
import { mergeProfile } from '../resilience/merge.ts';
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
  options: { timeoutMs?: number; lockWaitMs?: number; dirtyFile?: string; erasures?: ErasureBus } = {},
): StateStore & { readonly degraded: boolean; readonly pending: number } {
  const timeoutMs = options.timeoutMs ?? 800;
  // Waiting for a lock another instance holds is normal, not an outage: only a wait past the lock's own bound is.
  const lockTimeoutMs = (options.lockWaitMs ?? LOCK_WAIT_MS) + timeoutMs;
  const { dirtyFile } = options;
  /** Users whose latest state is only in the cache (kept in `dirtyFile` as a JSON array). */
  const dirty = new Set<string>(dirtyFile && existsSync(dirtyFile) ? JSON.parse(readFileSync(dirtyFile, 'utf8')) : []);
  const persist = () => {
    if (!dirtyFile) return;
    writeFileSync(`${dirtyFile}.tmp`, JSON.stringify([...dirty]), { mode: 0o600 });
    renameSync(`${dirtyFile}.tmp`, dirtyFile);
  };
  const markDirty = (userId: string) => {
    if (dirty.has(userId)) return;
    dirty.add(userId);
    persist();
  };
  const markClean = (userId: string) => {
    if (dirty.delete(userId)) persist();
  };
  let degraded = false;
  let syncing: Promise<void> | undefined;

  /**
   * A per-user mutex in this process, held by a turn (from `lock` to its release) and by the copy-back of that user:
   * without it a copy of an older cached state could land in the primary after a newer turn's save.
   */
  const held = new Map<string, Promise<void>>();
  const holdUser = async (userId: string): Promise<() => void> => {
    const previous = held.get(userId) ?? Promise.resolve();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const mine = previous.then(() => gate);
    held.set(userId, mine);
    await previous;
    return () => {
      release();
      if (held.get(userId) === mine) held.delete(userId);
    };
  };

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

  /** The primary's lock, bounded; a lock granted after we gave up is released at once (it would be renewed for ever). */
  const sharedLock = async (userId: string) => {
    const pending = primary.lock(userId);
    try {
      return await withTimeout(pending, lockTimeoutMs, 'lock');
    } catch (error) {
      pending.then((release) => release()).catch(() => undefined);
      throw error;
    }
  };

  /** The state each user's current turn started from: the base of a merge, should the turn's save fail. */
  const loaded = new Map<string, UserState>();
  const remember = (state: UserState) => {
    loaded.set(state.profile.userId, structuredClone(state));
    return state;
  };
  /** Where a dirty user's base is kept in the cache (so it survives a restart too). */
  const baseKey = (userId: string) => `${userId}\u0000base`;
  const asBase = (userId: string, { profile, session }: UserState): UserState => ({
    profile: { ...profile, userId: baseKey(userId) },
    session: { ...session, userId: baseKey(userId) },
  });

  /**
   * Copies one user's outage changes to the primary, merged into what it holds now when their base is known. The
   * caller holds the user (this process's mutex and, unless degraded, the shared lock).
   */
  const copyBack = async (userId: string): Promise<UserState> => {
    const local = await cache.load(userId);
    const base = await cache.find(baseKey(userId));
    const current = base && (await withTimeout(primary.find(userId), timeoutMs, 'sync'));
    const state: UserState =
      base && current
        ? { profile: { ...mergeProfile(base.profile, local.profile, current.profile), userId }, session: local.session }
        : local;
    await withTimeout(primary.save(state), timeoutMs, 'sync');
    await cache.save(state);
    await cache.erase(baseKey(userId));
    markClean(userId);
    return state;
  };

  /** Copies every user changed during an outage back to the primary. */
  const sync = async () => {
    let copied = 0;
    for (const userId of [...dirty]) {
      const release = await holdUser(userId);
      let releaseShared: (() => Promise<void>) | undefined;
      try {
        // A turn may have copied this user back meanwhile.
        if (!dirty.has(userId)) continue;
        releaseShared = await sharedLock(userId);
        await copyBack(userId);
        copied++;
      } finally {
        await releaseShared?.();
        release();
      }
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

  const { erasures } = options;
  void erasures?.subscribe(async (userId) => {
    const release = await holdUser(userId);
    try {
      markClean(userId);
      await cache.erase(userId);
      await cache.erase(baseKey(userId));
    } catch (error) {
      logger.error('could not drop an erased user from the local cache', { error: (error as Error).message });
    } finally {
      release();
    }
  });

  if (dirty.size > 0) {
    // Left by a previous run of this instance that ended (or was killed) during an outage.
    logger.warn('users changed during an earlier outage are only in the local cache: copying them back', {
      users: dirty.size,
    });
    degraded = true;
    void recovered();
  }

  return {
    get degraded() {
      return degraded;
    },
    get pending() {
      return dirty.size;
    },
    async lock(userId) {
      const releaseHere = await holdUser(userId);
      // While degraded, turns run on the local cache of this instance: no shared lock to wait for.
      if (degraded) return async () => releaseHere();
      try {
        const releaseShared = await sharedLock(userId);
        return async () => {
          try {
            await releaseShared();
          } finally {
            releaseHere();
          }
        };
      } catch (error) {
        fail('lock', error);
        return async () => releaseHere();
      }
    },
    async load(userId) {
      if (dirty.has(userId)) {
        if (degraded) return remember(await cache.load(userId));
        try {
          // Back online: this user's outage changes go back (merged) before the turn builds on them.
          return remember(await copyBack(userId));
        } catch (error) {
          fail('load', error);
          return remember(await cache.load(userId));
        }
      }
      try {
        const state = await withTimeout(primary.find(userId), timeoutMs, 'load');
        void recovered();
        if (state) return remember(state);
        // A new user, or one erased on another instance: an older copy in this cache must not come back.
        await cache.erase(userId);
        return remember(await cache.load(userId));
      } catch (error) {
        fail('load', error);
        return remember(await cache.load(userId));
      }
    },
    async save(state: UserState) {
      const userId = state.profile.userId;
      const base = loaded.get(userId);
      loaded.delete(userId);
      await cache.save(state);
      // Not copied back yet: writing it now would overwrite what other instances changed meanwhile.
      if (dirty.has(userId)) return;
      try {
        await withTimeout(primary.save(state), timeoutMs, 'save');
        void recovered();
      } catch (error) {
        fail('save', error);
        if (base) await cache.save(asBase(userId, base));
        markDirty(userId);
      }
    },
    async erase(userId) {
      await Promise.all([cache.erase(userId), cache.erase(baseKey(userId))]);
      markClean(userId);
      await withTimeout(primary.erase(userId), timeoutMs * 4, 'erase');
      // Other instances drop their cached copies (and must not copy one back).
      await erasures?.publish(userId).catch((error: Error) => {
        logger.warn('other instances not told about an erasure; they drop it when the user returns', {
          error: error.message,
        });
      });
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
      await Promise.allSettled([
        withTimeout(primary.close(), timeoutMs * 2, 'close'),
        cache.close(),
        erasures?.close(),
      ]);
    },
  };
}
