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

/** A state store that can also tell a missing user from a new one. */
type FindingStore = StateStore & { find(userId: string): Promise<UserState | undefined> };

/** Tuning and companions of the resilient store. */
export interface ResilientOptions {
  /** Longest wait for one primary call before the primary counts as down (default 800 ms). */
  timeoutMs?: number;
  /** Longest wait for another instance's lock (default `LOCK_WAIT_MS`). */
  lockWaitMs?: number;
  /** Where the users changed during an outage are listed, to survive a restart. */
  dirtyFile?: string;
  /** Erasures through other instances. */
  erasures?: ErasureBus;
}

/** A resilient store also says whether it runs on its cache and how many users wait to be copied back. */
export type ResilientStateStore = StateStore & { readonly degraded: boolean; readonly pending: number };

/** Users whose latest state is only in the cache, kept in a JSON file (when given) so that a restart knows them. */
class DirtyUsers {
  readonly #file: string | undefined;
  readonly #users: Set<string>;

  constructor(file: string | undefined) {
    this.#file = file;
    this.#users = new Set<string>(file && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : []);
  }

  get size(): number {
    return this.#users.size;
  }

  has(userId: string): boolean {
    return this.#users.has(userId);
  }

  list(): string[] {
    return [...this.#users];
  }

  add(userId: string): void {
    if (this.#users.has(userId)) return;
    this.#users.add(userId);
    this.#persist();
  }

  delete(userId: string): void {
    if (this.#users.delete(userId)) this.#persist();
  }

  #persist(): void {
    if (!this.#file) return;
    writeFileSync(`${this.#file}.tmp`, JSON.stringify([...this.#users]), { mode: 0o600 });
    renameSync(`${this.#file}.tmp`, this.#file);
  }
}

/**
 * A per-user mutex in this process, held by a turn (from `lock` to its release) and by the copy-back of that user:
 * without it a copy of an older cached state could land in the primary after a newer turn's save.
 */
class UserMutex {
  readonly #held = new Map<string, Promise<void>>();

  /** Waits for the user to be free, takes them, and resolves to the release function. */
  async hold(userId: string): Promise<() => void> {
    const previous = this.#held.get(userId) ?? Promise.resolve();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const mine = previous.then(() => gate);
    this.#held.set(userId, mine);
    await previous;
    return () => {
      release();
      if (this.#held.get(userId) === mine) this.#held.delete(userId);
    };
  }
}

/** Where a dirty user's base is kept in the cache (so it survives a restart too). */
const baseKey = (userId: string) => `${userId}\u0000base`;

/** A state stored under the base key of `userId`. */
const asBase = (userId: string, { profile, session }: UserState): UserState => ({
  profile: { ...profile, userId: baseKey(userId) },
  session: { ...session, userId: baseKey(userId) },
});

/** The store itself (see the module comment); `resilientStateStore` makes one. */
class Resilient implements ResilientStateStore {
  readonly #primary: FindingStore;
  readonly #cache: FindingStore;
  readonly #logger: Logger;
  readonly #timeoutMs: number;
  readonly #lockTimeoutMs: number;
  readonly #erasures: ErasureBus | undefined;
  readonly #dirty: DirtyUsers;
  readonly #users = new UserMutex();
  /** The state each user's current turn started from: the base of a merge, should the turn's save fail. */
  readonly #loaded = new Map<string, UserState>();
  #degraded = false;
  #syncing: Promise<void> | undefined;
  #probe: NodeJS.Timeout | undefined;

  constructor(primary: FindingStore, cache: FindingStore, logger: Logger, options: ResilientOptions) {
    this.#primary = primary;
    this.#cache = cache;
    this.#logger = logger;
    this.#timeoutMs = options.timeoutMs ?? 800;
    // Waiting for a lock another instance holds is normal, not an outage: only a wait past the lock's own bound is.
    this.#lockTimeoutMs = (options.lockWaitMs ?? LOCK_WAIT_MS) + this.#timeoutMs;
    this.#erasures = options.erasures;
    this.#dirty = new DirtyUsers(options.dirtyFile);
    void this.#erasures?.subscribe((userId) => this.#dropErased(userId));
    if (this.#dirty.size > 0) {
      // Left by a previous run of this instance that ended (or was killed) during an outage.
      logger.warn('users changed during an earlier outage are only in the local cache: copying them back', {
        users: this.#dirty.size,
      });
      this.#degraded = true;
      void this.#recovered();
    }
  }

  get degraded(): boolean {
    return this.#degraded;
  }

  get pending(): number {
    return this.#dirty.size;
  }

  async lock(userId: string): Promise<() => Promise<void>> {
    const releaseHere = await this.#users.hold(userId);
    // While degraded, turns run on the local cache of this instance: no shared lock to wait for.
    if (this.#degraded) return async () => releaseHere();
    try {
      const releaseShared = await this.#sharedLock(userId);
      return async () => {
        try {
          await releaseShared();
        } finally {
          releaseHere();
        }
      };
    } catch (error) {
      this.#fail('lock', error);
      return async () => releaseHere();
    }
  }

  async load(userId: string): Promise<UserState> {
    if (this.#dirty.has(userId)) {
      if (this.#degraded) return this.#remember(await this.#cache.load(userId));
      try {
        // Back online: this user's outage changes go back (merged) before the turn builds on them.
        return this.#remember(await this.#copyBack(userId));
      } catch (error) {
        this.#fail('load', error);
        return this.#remember(await this.#cache.load(userId));
      }
    }
    try {
      const state = await withTimeout(this.#primary.find(userId), this.#timeoutMs, 'load');
      void this.#recovered();
      if (state) return this.#remember(state);
      // A new user, or one erased on another instance: an older copy in this cache must not come back.
      await this.#cache.erase(userId);
      return this.#remember(await this.#cache.load(userId));
    } catch (error) {
      this.#fail('load', error);
      return this.#remember(await this.#cache.load(userId));
    }
  }

  async save(state: UserState): Promise<void> {
    const userId = state.profile.userId;
    const base = this.#loaded.get(userId);
    this.#loaded.delete(userId);
    await this.#cache.save(state);
    // Not copied back yet: writing it now would overwrite what other instances changed meanwhile.
    if (this.#dirty.has(userId)) return;
    try {
      await withTimeout(this.#primary.save(state), this.#timeoutMs, 'save');
      void this.#recovered();
    } catch (error) {
      this.#fail('save', error);
      if (base) await this.#cache.save(asBase(userId, base));
      this.#dirty.add(userId);
    }
  }

  async erase(userId: string): Promise<void> {
    await Promise.all([this.#cache.erase(userId), this.#cache.erase(baseKey(userId))]);
    this.#dirty.delete(userId);
    await withTimeout(this.#primary.erase(userId), this.#timeoutMs * 4, 'erase');
    // Other instances drop their cached copies (and must not copy one back).
    await this.#erasures?.publish(userId).catch((error: Error) => {
      this.#logger.warn('other instances not told about an erasure; they drop it when the user returns', {
        error: error.message,
      });
    });
  }

  async close(): Promise<void> {
    clearInterval(this.#probe);
    // Last chance to hand the cache's newer states back before this instance goes away.
    const deadline = Date.now() + this.#timeoutMs * 4;
    while (this.#dirty.size > 0 && Date.now() < deadline) {
      try {
        await this.#sync();
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    // A primary that is down may never answer a polite goodbye: give it a moment, then go.
    await Promise.allSettled([
      withTimeout(this.#primary.close(), this.#timeoutMs * 2, 'close'),
      this.#cache.close(),
      this.#erasures?.close(),
    ]);
  }

  #remember(state: UserState): UserState {
    this.#loaded.set(state.profile.userId, structuredClone(state));
    return state;
  }

  /** Goes degraded on the first failure, and probes the primary until it answers, even if no turn comes. */
  #fail(operation: string, error: unknown): void {
    if (this.#degraded) return;
    this.#degraded = true;
    this.#logger.error('shared state store unreachable: answering from the local cache until it is back', {
      operation,
      error: (error as Error).message,
    });
    this.#probe ??= setInterval(() => {
      withTimeout(this.#primary.find('\u0000probe'), this.#timeoutMs, 'probe')
        .then(() => this.#recovered())
        .catch(() => undefined);
    }, PROBE_MS).unref();
  }

  /** The primary's lock, bounded; a lock granted after we gave up is released at once (it would be renewed for ever). */
  async #sharedLock(userId: string): Promise<() => Promise<void>> {
    const pending = this.#primary.lock(userId);
    try {
      return await withTimeout(pending, this.#lockTimeoutMs, 'lock');
    } catch (error) {
      pending.then((release) => release()).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Copies one user's outage changes to the primary, merged into what it holds now when their base is known. The
   * caller holds the user (this process's mutex and, unless degraded, the shared lock).
   */
  async #copyBack(userId: string): Promise<UserState> {
    const local = await this.#cache.load(userId);
    const base = await this.#cache.find(baseKey(userId));
    const current = base && (await withTimeout(this.#primary.find(userId), this.#timeoutMs, 'sync'));
    const state: UserState =
      base && current
        ? { profile: { ...mergeProfile(base.profile, local.profile, current.profile), userId }, session: local.session }
        : local;
    await withTimeout(this.#primary.save(state), this.#timeoutMs, 'sync');
    await this.#cache.save(state);
    await this.#cache.erase(baseKey(userId));
    this.#dirty.delete(userId);
    return state;
  }

  /** Copies every user changed during an outage back to the primary. */
  async #sync(): Promise<void> {
    let copied = 0;
    for (const userId of this.#dirty.list()) {
      const release = await this.#users.hold(userId);
      let releaseShared: (() => Promise<void>) | undefined;
      try {
        // A turn may have copied this user back meanwhile.
        if (!this.#dirty.has(userId)) continue;
        releaseShared = await this.#sharedLock(userId);
        await this.#copyBack(userId);
        copied++;
      } finally {
        await releaseShared?.();
        release();
      }
    }
    this.#logger.info('shared state store is back: local changes copied', { users: copied });
  }

  async #recovered(): Promise<void> {
    if (!this.#degraded) return;
    this.#degraded = false;
    clearInterval(this.#probe);
    this.#probe = undefined;
    if (this.#dirty.size === 0) {
      this.#logger.info('shared state store is back');
      return;
    }
    this.#syncing ??= this.#sync()
      .catch((error) => this.#fail('sync', error))
      .finally(() => {
        this.#syncing = undefined;
      });
    await this.#syncing;
  }

  /** An erasure through another instance: this cache and copy-back list drop the user too. */
  async #dropErased(userId: string): Promise<void> {
    const release = await this.#users.hold(userId);
    try {
      this.#dirty.delete(userId);
      await this.#cache.erase(userId);
      await this.#cache.erase(baseKey(userId));
    } catch (error) {
      this.#logger.error('could not drop an erased user from the local cache', { error: (error as Error).message });
    } finally {
      release();
    }
  }
}

/**
 * Wraps a shared `primary` store with a local `cache` that serves while the primary is unreachable.
 * @example
 * const store = resilientStateStore(redisStore, sqliteCache, logger);
 */
export function resilientStateStore(
  primary: FindingStore,
  cache: FindingStore,
  logger: Logger,
  options: ResilientOptions = {},
): ResilientStateStore {
  return new Resilient(primary, cache, logger, options);
}
