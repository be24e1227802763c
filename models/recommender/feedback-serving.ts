/**
 * Feedback at serving, for any catalogue: which items the shopper stands behind (newest last), near-duplicates of
 * a 👎'd item, and the explanation that names the feedback behind each recommended item ("because you liked the
 * black Manson blazer").
 */
import { latestVotes } from '../../src/ranking/votes.ts';
import type { Catalog, Item, Profile, ScoredItem, Signal } from '../../src/types.ts';

/** One item the shopper stands behind, and how they said so. */
export interface Positive {
  index: number;
  kind: 'liked' | 'saved' | 'asked';
}

/**
 * The items the shopper liked (👍, latest vote wins), saved, or asked to resemble ("more like the second one"),
 * oldest first: saves, then 👍 by time, then the items of this request. An item counts once, at its newest place;
 * an item whose latest vote is 👎 does not count.
 * @example
 * positivesOf(catalog, profile, ['hm:0108775015']).at(-1); // { index: 12, kind: 'asked' }
 */
export function positivesOf(catalog: Catalog, profile: Profile, seeds: readonly string[]): Positive[] {
  const votes = latestVotes(profile.feedback);
  const ordered: [string, Positive['kind']][] = [
    ...profile.wishlist.filter((id) => votes.get(id)?.value !== -1).map((id): [string, 'saved'] => [id, 'saved']),
    ...[...votes.values()]
      .filter((v) => v.value > 0)
      .sort((a, b) => a.at - b.at)
      .map((v): [string, 'liked'] => [v.itemId, 'liked']),
    ...seeds.map((id): [string, 'asked'] => [id, 'asked']),
  ];
  const newest = new Map<number, Positive>();
  for (const [id, kind] of ordered) {
    const index = catalog.indexOf(id);
    if (index < 0) continue;
    newest.delete(index);
    newest.set(index, { index, kind });
  }
  return [...newest.values()];
}

/** What identifies a product across its colours: H&M's product code (the article id's first 7 digits), else the name. */
export function productKey(item: Item): string {
  return item.source === 'hm' ? item.id.slice(0, 10) : `${item.source}:${item.name.toLowerCase()}`;
}

/**
 * Whether two catalogue items are near-duplicates: the same item, a colour variant of the same product, or the same
 * article type in the same main colour.
 * @example
 * nearDuplicate(catalog)(3, 4);
 */
export function nearDuplicate(catalog: Catalog): (a: number, b: number) => boolean {
  return (a, b) => {
    if (a === b) return true;
    const x = catalog.items[a];
    const y = catalog.items[b];
    if (!x || !y) return false;
    return (
      productKey(x) === productKey(y) ||
      (x.articleType === y.articleType && x.colors[0] !== undefined && x.colors[0] === y.colors[0])
    );
  };
}

/** How a positive is said in an explanation. */
const VERBS: Record<Positive['kind'], string> = { liked: 'liked', saved: 'saved', asked: 'asked for more like' };

/** "the black Manson blazer": the item's main colour and name. */
export function itemPhrase(item: Item): string {
  const color = item.colors[0];
  return `the ${color && !item.name.toLowerCase().includes(color) ? `${color} ` : ''}${item.name}`;
}

/** A positive named in a reason only when it relates to the item at least this share as much as the closest one. */
export const SECOND_REASON_SHARE = 0.5;

/**
 * The feedback signal of one recommended item: the positives it relates to most (by `relation`, e.g. same product,
 * co-purchase and learned similarity; at most two, the second only when it relates at least `SECOND_REASON_SHARE`
 * as much), named ("because you liked the black Manson blazer and the blue Bella jeans").
 * @example
 * feedbackReason(catalog, positives, index, (l, a) => similarity(l, a));
 */
export function feedbackReason(
  catalog: Catalog,
  positives: readonly Positive[],
  index: number,
  relation: (positive: number, item: number) => number,
): Signal | undefined {
  // an item shown again is there because of its own 👍 or save
  const own = positives.find((p) => p.index === index);
  const ranked = own
    ? [{ positive: own, strength: 1 }]
    : positives
        // newer feedback counts more, as in the ranking
        .map((positive, n) => ({ positive, strength: relation(positive.index, index) * (1 + n / positives.length) }))
        .filter((r) => r.strength > 0)
        .sort((x, y) => y.strength - x.strength);
  const best = ranked[0];
  if (!best) return undefined;
  const named = ranked.slice(0, 2).filter((r) => r.strength >= SECOND_REASON_SHARE * best.strength);
  // "liked A and B", "liked A and saved B": a verb is said again only when it changes
  const phrases = named.map(({ positive }, n) => {
    const liked = catalog.items[positive.index];
    const item = liked ? itemPhrase(liked) : 'an item';
    return n > 0 && named[n - 1]?.positive.kind === positive.kind ? item : `${VERBS[positive.kind]} ${item}`;
  });
  return { name: 'feedback', weight: best.strength, detail: `because you ${phrases.join(' and ')}` };
}

/**
 * The 👎 an item was kept clear of: set when a disliked item's near-duplicates were pushed away and this item is
 * of the same type (so the shopper can see why the list changed).
 */
export function dislikeReason(catalog: Catalog, disliked: readonly number[], index: number): Signal | undefined {
  const type = catalog.items[index]?.articleType;
  const avoided = [...disliked]
    .reverse()
    .map((i) => catalog.items[i])
    .find((d) => d !== undefined && d.articleType === type);
  if (!avoided || type === undefined) return undefined;
  return { name: 'feedback', weight: -0.01, detail: `kept away from ${itemPhrase(avoided)} you disliked` };
}

/**
 * Re-orders a ranked list so that near-duplicates of 👎'd items come after every other item (kept, in order, only
 * when nothing else fills the list), and cuts it to `k`.
 * @example
 * sinkNearDuplicates(catalog, ranked, [4], 12);
 */
export function sinkNearDuplicates(
  catalog: Catalog,
  ranked: readonly ScoredItem[],
  disliked: readonly number[],
  k: number,
): ScoredItem[] {
  if (disliked.length === 0) return ranked.slice(0, k);
  const near = nearDuplicate(catalog);
  const kept: ScoredItem[] = [];
  const sunk: ScoredItem[] = [];
  for (const s of ranked) {
    const index = catalog.indexOf(s.item.id);
    (disliked.some((d) => near(index, d)) ? sunk : kept).push(s);
  }
  return [...kept, ...sunk].slice(0, k);
}
