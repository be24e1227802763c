import { describe, expect, it } from 'vitest';
import { memoryRateLimiter } from '../../src/middleware/rate-limit.ts';

describe('memoryRateLimiter', () => {
  it('allows `limit` hits per sliding window and lets the user in again as old hits leave it', async () => {
    const limiter = memoryRateLimiter({ limit: 3, windowMs: 1000 });
    const results: boolean[] = [];
    for (const t of [0, 100, 200, 300, 999]) results.push(await limiter.hit('a', t));
    expect(results).toEqual([true, true, true, false, false]);
    expect(await limiter.hit('a', 1000)).toBe(true); // the hit at 0 left the window
    expect(await limiter.hit('a', 1050)).toBe(false);
    expect(await limiter.hit('b', 1050)).toBe(true); // keys are independent
  });

  it('refuses a nonsensical limit', () => {
    expect(() => memoryRateLimiter({ limit: 0, windowMs: 10 })).toThrow(/limit/);
  });
});
