/**
 * The baseline recommender: popularity + content. Items are hashed content vectors (type, colours, pattern,
 * materials, gender, usage, words, weighted by rarity); the user is the mean of the items they liked, saved
 * or asked about, minus those they disliked. Needs no training and works for every catalogue item.
 */
import type { Catalog, Recommender } from '../../src/types.ts';
import { contentTokens, hashTokens, type WeightedToken } from './content.ts';
import { dislikeReason, feedbackReason, positivesOf, sinkNearDuplicates } from './feedback-serving.ts';
import { dot, type ItemSpace, principalSpace } from './item-space.ts';
import { rankWithSpace } from './rank.ts';
import { historyOf, historyTerms } from './session-history.ts';

/** Dimension of the hashed content vectors. */
export const CONTENT_DIM = 32;

/** Weight of popularity in the baseline (log-scaled, 1 for the best seller). */
export const POPULARITY_WEIGHT = 0.3;

/**
 * Builds the hashed content space of a catalogue: tokens weighted by inverse document frequency.
 * @example
 * const space = contentSpace(catalog); space.vectors.length === catalog.size * CONTENT_DIM;
 */
export function contentSpace(catalog: Catalog, dim = CONTENT_DIM): ItemSpace {
  const n = catalog.size;
  const tokens: WeightedToken[][] = catalog.items.map((item) => contentTokens(item));
  const df = new Map<string, number>();
  let maxPopularity = 0;
  catalog.items.forEach((item, i) => {
    for (const { token } of tokens[i] ?? []) df.set(token, (df.get(token) ?? 0) + 1);
    maxPopularity = Math.max(maxPopularity, item.popularity);
  });
  const idf = (token: string) => Math.log((n + 1) / ((df.get(token) ?? 0) + 1)) + 1;
  const vectors = new Float32Array(n * dim);
  const prior = new Float32Array(n);
  const scale = maxPopularity > 0 ? POPULARITY_WEIGHT / Math.log1p(maxPopularity) : 0;
  catalog.items.forEach((item, i) => {
    hashTokens(tokens[i] ?? [], vectors.subarray(i * dim, (i + 1) * dim), idf);
    prior[i] = scale * Math.log1p(item.popularity);
  });
  return { dim, vectors, prior, priorSignal: 'popularity' };
}

/**
 * The popularity + content recommender (no trained artifacts needed). Hard constraints of the query always hold;
 * 👍/👎, saves, seeds and profile colours/gender/budget change the ranking at once; a 👎'd item's near-duplicates
 * sink below the rest, and each item names the liked item it resembles most.
 * @example
 * const recommender = createBaselineRecommender(catalog);
 * recommender.rank({ query: { categories: ['dress'], colors: ['red'] }, profile, k: 12 });
 */
export function createBaselineRecommender(catalog: Catalog): Recommender {
  const space = principalSpace(contentSpace(catalog));
  return {
    name: 'popularity+content',
    rank(request) {
      const history = historyOf(catalog, request.profile, request.seeds);
      const k = Math.max(0, Math.floor(request.k));
      // room for the near-duplicates of 👎'd items to sink below the rest
      const depth = history.disliked.length > 0 ? 2 * k + 12 : k;
      const ranked = rankWithSpace(
        catalog,
        space,
        { ...request, k: depth },
        { dense: historyTerms(space, history) },
        history,
      );
      const positives = positivesOf(catalog, request.profile, request.seeds ?? []);
      const { dim, vectors } = space;
      const relation = (a: number, b: number) => dot(vectors.subarray(a * dim, (a + 1) * dim), vectors, b * dim, dim);
      for (const scored of ranked) {
        const index = catalog.indexOf(scored.item.id);
        // the named feedback replaces the anonymous "similar to N item(s) you liked / disliked" of the same term
        const named = [
          feedbackReason(catalog, positives, index, relation),
          dislikeReason(catalog, history.disliked, index),
        ];
        for (const reason of named) {
          if (!reason) continue;
          const sign = Math.sign(reason.weight);
          const term = scored.signals.find((x) => x.name === 'feedback' && Math.sign(x.weight) === sign);
          if (term) term.detail = reason.detail;
          else scored.signals.unshift(reason);
        }
      }
      return sinkNearDuplicates(catalog, ranked, history.disliked, k);
    },
  };
}
