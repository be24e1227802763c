/**
 * Update de-duplication: platforms redeliver (a webhook retried after a timeout, polling restarted before the offset was
 * confirmed). Behind an interface so several instances can later share it (Redis `SET NX EX`).
 */

export interface UpdateDeduplicator {
  /** Resolves to `true` the first time `key` is seen within the retention time, `false` after. */
  firstSeen(key: string, now: number): Promise<boolean>;
}

/**
 * Remembers keys in memory for `ttlMs`, at most `maxKeys` of them (oldest forgotten first).
 * @example
 * const dedup = memoryDeduplicator();
 * if (!(await dedup.firstSeen(`telegram:update:${update.update_id}`, clock.now()))) return;
 */
export function memoryDeduplicator({ ttlMs = 10 * 60_000, maxKeys = 100_000 } = {}): UpdateDeduplicator {
  const seen = new Map<string, number>();
  return {
    async firstSeen(key, now) {
      const at = seen.get(key);
      if (at !== undefined && now - at < ttlMs) return false;
      seen.delete(key);
      seen.set(key, now);
      for (const [oldest, time] of seen) {
        if (seen.size <= maxKeys && now - time < ttlMs) break;
        seen.delete(oldest);
      }
      return true;
    },
  };
}
