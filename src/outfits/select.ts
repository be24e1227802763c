/**
 * Choosing the looks of one answer from the composed ones: maximal marginal relevance trades each look's score
 * against its likeness to the looks already taken, and one answer never shows a piece twice when the candidates allow.
 */
import { productKey } from '../catalog/variants.ts';
import type { Category, Item } from '../types.ts';
import { type Composed, itemsOf } from './beam.ts';

/** A chosen look and how different it is from those before it (1 = nothing in common). */
export interface Chosen {
  outfit: Composed;
  diversity: number;
}

/** Rounds a score for display (four decimals). */
export function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/**
 * Similarity of two outfits in [0, 1]: shared pieces (the anchor aside), same template, shared article types.
 * @example
 * outfitSimilarity(a, a); // 1
 */
export function outfitSimilarity(
  a: { template: string; items: readonly Item[] },
  b: { template: string; items: readonly Item[] },
  anchorId?: string,
): number {
  const idsA = new Set(a.items.filter((i) => i.id !== anchorId).map((i) => i.id));
  const idsB = b.items.filter((i) => i.id !== anchorId).map((i) => i.id);
  const shared = idsB.filter((id) => idsA.has(id)).length;
  const pieces = Math.max(1, Math.min(idsA.size, idsB.length));
  const typesA = new Set(a.items.map((i) => `${i.articleType}:${i.colors[0]}`));
  const sharedTypes = b.items.filter((i) => typesA.has(`${i.articleType}:${i.colors[0]}`)).length;
  const typeShare = sharedTypes / Math.max(1, Math.min(a.items.length, b.items.length));
  const overlap = shared / pieces;
  return Math.min(
    1,
    0.6 * overlap + (overlap > 0.5 ? 0.25 : 0) + 0.15 * typeShare + (a.template === b.template ? 0.1 : 0),
  );
}

/**
 * Whether a look shares a piece (or a color of it) other than the anchor with any of some looks.
 * @example
 * sharesPiece(look, [], undefined); // false
 */
export function sharesPiece(look: Composed, others: readonly Chosen[], anchorId: string | undefined): boolean {
  const keys = new Set(others.flatMap((o) => o.outfit.picks.map((p) => productKey(p.item))));
  return look.picks.some((p) => p.item.id !== anchorId && keys.has(productKey(p.item)));
}

/** Categories of the pieces that make a look; two looks of one answer never share one. */
const MAIN = new Set<Category>(['top', 'bottom', 'dress', 'suit', 'outerwear']);

/** The best-scored look of each set of pieces. */
function uniqueLooks(composed: readonly Composed[]): Composed[] {
  const unique = new Map<string, Composed>();
  for (const c of composed) {
    const key = c.picks
      .map((p) => p.item.id)
      .sort()
      .join('|');
    const seen = unique.get(key);
    if (!seen || seen.score < c.score) unique.set(key, c);
  }
  return [...unique.values()];
}

/**
 * Maximal marginal relevance: repeatedly takes the outfit with the best `lambda · score − (1 − lambda) · similarity`
 * to those already taken (scores are not rescaled, so near-copies lose to a different good outfit), among the
 * candidates that share no piece (other than the anchor) with those taken when there are any.
 * @example
 * selectDiverse(candidates, 3, 0.7).length; // ≤ 3
 */
export function selectDiverse(composed: readonly Composed[], k: number, lambda: number, anchorId?: string): Chosen[] {
  type Look = { c: Composed; view: { template: string; items: Item[] } };
  const left: Look[] = uniqueLooks(composed).map((c) => ({ c, view: { template: c.template, items: itemsOf(c) } }));
  const chosen: (Chosen & { view: Look['view'] })[] = [];
  const used = new Set<string>();
  // No piece (the anchor aside) in two looks of one answer when the candidates allow it; else no main piece (a
  // top, bottom, dress, suit or coat) twice; only a catalogue too small for either repeats main pieces.
  const shares = (candidate: Look, pieces: (item: Item) => boolean) =>
    candidate.view.items.some((item) => item.id !== anchorId && used.has(productKey(item)) && pieces(item));
  const tiers = [() => true, (item: Item) => MAIN.has(item.category), () => false];
  while (chosen.length < k && left.length > 0) {
    const forbidden = tiers.find((tier) => left.some((c) => !shares(c, tier))) ?? (() => false);
    let best = -1;
    let bestValue = -Infinity;
    let bestSimilarity = 0;
    left.forEach((candidate, index) => {
      if (shares(candidate, forbidden)) return;
      const similarity = Math.max(0, ...chosen.map((o) => outfitSimilarity(candidate.view, o.view, anchorId)));
      const value = lambda * candidate.c.score - (1 - lambda) * similarity;
      if (value > bestValue) {
        bestValue = value;
        best = index;
        bestSimilarity = similarity;
      }
    });
    const [picked] = left.splice(best, 1);
    if (!picked) break;
    for (const item of picked.view.items) used.add(productKey(item));
    chosen.push({ outfit: picked.c, diversity: round(1 - bestSimilarity), view: picked.view });
  }
  return chosen.map(({ outfit, diversity }) => ({ outfit, diversity }));
}
