/**
 * Variety across shoppers: the recommender ranks the same popular pieces first for everyone who asks alike, so every
 * shopper would get the same dress and the same boots. Dithering (Ted Dunning's "log rank plus noise") reorders a
 * ranked list a little, differently for each shopper: the best pieces still lead most lists, but the tail gets seen.
 * The noise is seeded by the shopper, so one shopper asking twice gets the same looks (and tests replay).
 */
import type { Profile } from '../types.ts';
import { seededRandom } from '../util/random.ts';

/**
 * Shoppers fall into this many variety buckets; shoppers of one bucket see one ordering (so cached answers are shared
 * within a bucket).
 */
export const VARIETY_BUCKETS = 4;

/** 32-bit FNV-1a hash of a string. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The shopper's variety bucket, in [0, VARIETY_BUCKETS): what dithering is seeded with, and what an answer cache must
 * key on next to the request.
 * @example
 * varietySeed({ userId: 'telegram:42', ... }) === varietySeed({ userId: 'telegram:42', ... }); // true
 */
export function varietySeed(profile: Pick<Profile, 'userId'>): number {
  return fnv1a(profile.userId) % VARIETY_BUCKETS;
}

/**
 * The shopper's own seed, for dithering done after every cache (a search list reordered from a cached ranking): one
 * shopper asking twice sees the same order, two shoppers rarely do.
 * @example
 * shopperSeed({ userId: 'telegram:42' }) === shopperSeed({ userId: 'telegram:42' }); // true
 */
export function shopperSeed(profile: Pick<Profile, 'userId'>): number {
  return fnv1a(profile.userId);
}

/** A standard normal draw (Box–Muller) from a uniform source. */
function gaussian(next: () => number): number {
  const u = Math.max(Number.EPSILON, next());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}

/**
 * Reorders a ranked list by `log(rank) + N(0, spread)`, with noise seeded by `seed` and `salt` (e.g. the slot), so that
 * one shopper's lists differ from another's while the head of the ranking stays likely at the head. A spread of 0
 * keeps the order.
 * @example
 * dither(['a', 'b', 'c', 'd'], 7, 'tops', 0.8); // e.g. ['a', 'c', 'b', 'd']
 */
export function dither<T>(ranked: readonly T[], seed: number, salt: string, spread: number): T[] {
  if (spread <= 0 || ranked.length < 2) return [...ranked];
  const random = seededRandom(fnv1a(`${seed}|${salt}`));
  const next = () => random.next();
  return ranked
    .map((value, rank) => ({ value, order: Math.log(rank + 1) + spread * gaussian(next) }))
    .sort((a, b) => a.order - b.order)
    .map(({ value }) => value);
}
