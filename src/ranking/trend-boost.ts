/**
 * Leans a recommender towards what is rising: each candidate may get a bounded `trend` signal (from the trend
 * predictor) added to its score, visible in explanations. The boost re-ranks a wider candidate list, then cuts to k.
 */
import type { Item, Recommender, Signal } from '../types.ts';

/** How many more candidates than asked for the boost may reorder. */
const WIDEN = 3;

/**
 * @example
 * const recommender = withTrendBoost(base, (item) => trendSignal(trends, item, { weight: 0.05 }));
 */
export function withTrendBoost(recommender: Recommender, boost: (item: Item) => Signal | undefined): Recommender {
  return {
    name: `${recommender.name}+trend`,
    rank(request) {
      const ranked = recommender.rank({ ...request, k: request.k * WIDEN });
      return ranked
        .map((scored) => {
          const signal = boost(scored.item);
          return signal
            ? { ...scored, score: scored.score + signal.weight, signals: [...scored.signals, signal] }
            : scored;
        })
        .sort((a, b) => b.score - a.score)
        .slice(0, request.k);
    },
  };
}
