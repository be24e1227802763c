/**
 * The in-session view of a profile (👍, saves, 👎, items asked to resemble) and the dense user terms it gives a scan.
 */
import { latestVotes } from '../../src/ranking/votes.ts';
import type { Catalog, Profile, Signal } from '../../src/types.ts';
import { type ItemSpace, meanVector } from './item-space.ts';

/** A user-side term scored by a dot product with item vectors. */
export interface DenseTerm {
  signal: Signal['name'];
  weight: number;
  vector: Float32Array;
  detail: string;
}

/** What the ranker knows about the user for one request. */
export interface UserTerms {
  dense: DenseTerm[];
}

/** The in-session view of a profile: items liked (👍, wishlist), disliked (👎) and asked to resemble (seeds). */
export interface History {
  liked: number[];
  saved: number[];
  disliked: number[];
  seeds: number[];
}

/**
 * The latest 👍/👎 per item wins; returns catalogue positions. Unknown ids are ignored.
 * @example
 * historyOf(catalog, profile, ['hm:0108775015']); // { liked: [12], saved: [], disliked: [40], seeds: [3] }
 */
export function historyOf(catalog: Catalog, profile: Profile, seeds: readonly string[] = []): History {
  const latest = latestVotes(profile.feedback);
  const positions = (ids: Iterable<string>) => {
    const out: number[] = [];
    for (const id of ids) {
      const index = catalog.indexOf(id);
      if (index >= 0) out.push(index);
    }
    return out;
  };
  const liked = [...latest.values()].filter((e) => e.value > 0).map((e) => e.itemId);
  const disliked = [...latest.values()].filter((e) => e.value < 0).map((e) => e.itemId);
  return {
    liked: positions(liked),
    saved: positions(profile.wishlist),
    disliked: positions(disliked),
    seeds: positions(seeds),
  };
}

/** Dense terms from an in-session history: 👍 and saves pull similar items up, 👎 pushes them down, seeds pull. */
export function historyTerms(
  space: ItemSpace,
  history: History,
  weights = { liked: 1, saved: 0.6, disliked: 0.8, seeds: 1 },
): DenseTerm[] {
  const terms: DenseTerm[] = [];
  const add = (signal: Signal['name'], weight: number, indices: number[], detail: string) => {
    const vector = meanVector(space, indices);
    if (vector) terms.push({ signal, weight, vector, detail });
  };
  add('feedback', weights.liked, history.liked, `similar to ${history.liked.length} item(s) you liked`);
  add('feedback', weights.saved, history.saved, `similar to ${history.saved.length} saved item(s)`);
  add('feedback', -weights.disliked, history.disliked, `similar to ${history.disliked.length} item(s) you disliked`);
  add('content', weights.seeds, history.seeds, 'similar to the item(s) you asked about');
  return terms;
}
