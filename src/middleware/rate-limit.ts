/**
 * Rate limiting behind an interface, so that several instances can later share one limiter (Redis) without the
 * adapters changing. The in-memory limiter here is exact for one process.
 */

/** Counts hits per key inside a time window and says whether one more is allowed. */
export interface RateLimiter {
  /** Records a hit for `key` at `now` (ms) and resolves to `true` when it is within the limit. */
  hit(key: string, now: number): Promise<boolean>;
}

/** How many hits a key may make within a sliding window. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

/**
 * A sliding-window limiter held in memory. Memory stays bounded: keys idle for a whole window are dropped.
 * A refused hit is not counted, so a user who keeps typing is let in again as soon as old hits leave the window.
 * @example
 * const limiter = memoryRateLimiter({ limit: 20, windowMs: 10_000 });
 * await limiter.hit('telegram:42', clock.now()); // true for the first 20 hits in any 10 s
 */
export function memoryRateLimiter({ limit, windowMs }: RateLimit): RateLimiter {
  if (!(limit >= 1 && windowMs > 0))
    throw new RangeError(`rate limit needs limit ≥ 1 and windowMs > 0, got ${limit}/${windowMs}`);
  const hits = new Map<string, number[]>();
  let lastSweep = Number.NEGATIVE_INFINITY;

  const sweep = (now: number) => {
    if (now - lastSweep < windowMs) return;
    lastSweep = now;
    for (const [key, times] of hits) {
      const last = times.at(-1);
      if (last === undefined || last <= now - windowMs) hits.delete(key);
    }
  };

  return {
    async hit(key, now) {
      sweep(now);
      const times = hits.get(key) ?? [];
      while ((times[0] ?? Number.POSITIVE_INFINITY) <= now - windowMs) times.shift();
      const allowed = times.length < limit;
      if (allowed) times.push(now);
      hits.set(key, times);
      return allowed;
    },
  };
}
