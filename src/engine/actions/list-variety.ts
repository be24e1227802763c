/**
 * Variety in search lists: a plain search ranks the same popular pieces first for everyone who asks alike, so every
 * shopper asking for "a black dress" would see the same five. The list shown is drawn from a deeper ranking instead:
 * dithered per shopper (see `outfits/variety.ts`; seeded by the shopper, after the ranking cache, so it costs no cache
 * misses), then taken greedily so that a kind of piece or a colour already listed gives way to another when the
 * request names neither (maximal marginal relevance over type and colour).
 */
import { dither } from '../../outfits/variety.ts';
import type { ScoredItem } from '../../types.ts';

/** Spread of the per-shopper dithering of a search list (log-rank units). */
export const LIST_SPREAD = 4;
/** How many places a piece gives way for each listed piece of its type, and of its main colour. */
const SAME_TYPE_PENALTY = 3;
const SAME_COLOR_PENALTY = 1.5;

/**
 * `k` pieces of a ranked list (one row per product already), dithered by `seed` and `salt`, spread over types and
 * colours.
 * @example
 * spreadList(ranked, 5, shopperSeed(profile), 'dress|black'); // 5 of `ranked`, another five for another shopper
 */
export function spreadList(ranked: readonly ScoredItem[], k: number, seed: number, salt: string): ScoredItem[] {
  if (ranked.length <= k) return [...ranked];
  const left = dither(ranked, seed, salt, LIST_SPREAD).map((scored, position) => ({ scored, position }));
  const types = new Map<string, number>();
  const colors = new Map<string, number>();
  const out: ScoredItem[] = [];
  while (out.length < k && left.length > 0) {
    let best = 0;
    let bestValue = Number.POSITIVE_INFINITY;
    left.forEach(({ scored, position }, index) => {
      const { articleType, colors: own } = scored.item;
      const value =
        position +
        SAME_TYPE_PENALTY * (types.get(articleType) ?? 0) +
        SAME_COLOR_PENALTY * (own[0] === undefined ? 0 : (colors.get(own[0]) ?? 0));
      if (value < bestValue) {
        bestValue = value;
        best = index;
      }
    });
    const [picked] = left.splice(best, 1);
    if (!picked) break;
    const { scored } = picked;
    out.push(scored);
    types.set(scored.item.articleType, (types.get(scored.item.articleType) ?? 0) + 1);
    const color = scored.item.colors[0];
    if (color !== undefined) colors.set(color, (colors.get(color) ?? 0) + 1);
  }
  return out;
}
