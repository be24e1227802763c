/**
 * Update de-duplication as a lease: platforms redeliver (a webhook retried after a failure or a timeout, polling
 * restarted before the offset was confirmed), and a redelivered update must run once — but only once it really ran.
 * An update is claimed for a short lease while its turn runs (renewed while it keeps running) and marked done for a
 * long retention once the turn completed: a redelivery that finds it done is not run again, one that finds a live
 * lease waits, and one that finds the lease expired (the instance handling it died) runs it.
 */

/** A held claim on one update: renew it while the turn runs, then complete it. */
export interface UpdateClaim {
  /** Extends the lease; `false` when it was lost (expired and claimed elsewhere, or the store is gone). */
  renew(now: number): Promise<boolean>;
  /** Marks the update handled for the retention time: every later redelivery is a duplicate. */
  complete(now: number): Promise<void>;
}

/** What a claim finds: the lease is ours, the update was handled already, or another holder's lease is alive. */
export type ClaimOutcome = UpdateClaim | 'done' | 'busy';

export interface UpdateDeduplicator {
  /** How long a claim lasts unless renewed. */
  readonly leaseMs: number;
  /** Claims `key` for `leaseMs`, unless it is done or held by a live lease. */
  claim(key: string, now: number): Promise<ClaimOutcome>;
}

/** Retention and lease times (and the most keys remembered in memory). */
export interface DedupOptions {
  /** How long a handled update is remembered (default 10 min). */
  ttlMs?: number;
  /** How long a claim lasts unless renewed (default 30 s). */
  leaseMs?: number;
  maxKeys?: number;
}

/** A memory deduplicator that can also record an update done without a claim (the Redis fallback's local copy). */
export interface MemoryDeduplicator extends UpdateDeduplicator {
  markDone(key: string, now: number): void;
  /** Whether `key` is remembered as handled. */
  knownDone(key: string, now: number): boolean;
}

/**
 * Remembers claims and handled keys in memory, at most `maxKeys` of them (oldest forgotten first).
 * @example
 * const dedup = memoryDeduplicator();
 * const claim = await dedup.claim(`telegram:${messageId}`, clock.now());
 * if (typeof claim !== 'string') { await runTurn(); await claim.complete(clock.now()); }
 */
export function memoryDeduplicator({
  ttlMs = 10 * 60_000,
  leaseMs = 30_000,
  maxKeys = 100_000,
}: DedupOptions = {}): MemoryDeduplicator {
  /** `owner` is set while leased; a done key has none. */
  const entries = new Map<string, { until: number; owner?: symbol }>();

  const put = (key: string, until: number, now: number, owner?: symbol) => {
    entries.delete(key);
    entries.set(key, { until, owner });
    for (const [oldest, entry] of entries) {
      if (entries.size <= maxKeys && entry.until > now) break;
      entries.delete(oldest);
    }
  };
  const held = (key: string, owner: symbol, now: number) => {
    const entry = entries.get(key);
    return entry?.owner === owner && entry.until > now;
  };
  const markDone = (key: string, now: number) => put(key, now + ttlMs, now);

  return {
    leaseMs,
    markDone,
    knownDone(key, now) {
      const entry = entries.get(key);
      return entry !== undefined && !entry.owner && entry.until > now;
    },
    async claim(key, now) {
      const entry = entries.get(key);
      if (entry && entry.until > now) return entry.owner ? 'busy' : 'done';
      const owner = Symbol(key);
      put(key, now + leaseMs, now, owner);
      return {
        async renew(at) {
          if (!held(key, owner, at)) return false;
          put(key, at + leaseMs, at, owner);
          return true;
        },
        async complete(at) {
          markDone(key, at);
        },
      };
    },
  };
}
