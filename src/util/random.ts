/** Deterministic clocks and random sources (nothing reads a global clock or `Math.random`). */
import type { Clock, Random } from '../types.ts';

/**
 * A seeded PRNG (mulberry32).
 * @example
 * const random = seededRandom(42); random.next(); // 0.6011…
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to (tests, replays). */
export function fixedClock(start: number, step = 0): Clock & { advance(ms: number): void } {
  let t = start;
  return {
    now() {
      const current = t;
      t += step;
      return current;
    },
    advance(ms: number) {
      t += ms;
    },
  };
}
