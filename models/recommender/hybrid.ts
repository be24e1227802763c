/**
 * Serving the trained hybrid model over a whole catalogue. H&M items get their learned vectors (id + content);
 * every other item (Myntra, demo, H&M articles newer than the model) gets a content vector from the learned
 * word and attribute embeddings, so it lands near the H&M articles it resembles. The user is the mean vector of
 * what they liked, saved or asked about (minus what they disliked), so feedback changes the ranking at once;
 * co-purchase neighbours of those items add the collaborative signal; popularity is the prior.
 */
import type { Catalog, Item, Recommender } from '../../src/types.ts';
import type { Artifacts } from './artifacts.ts';
import { POPULARITY_WEIGHT } from './baseline.ts';
import { normalise, words } from './content.ts';
import { historyOf, historyTerms, type ItemSpace, rankWithSpace, type SparseTerm } from './rank.ts';

/** Weight of the co-purchase term at serving. */
export const COLLABORATIVE_WEIGHT = 0.8;

/** Learned tokens an item of any source maps to: its words, type and colours as words, H&M-style attributes. */
export function servingTokens(item: Item): string[] {
  const text = `${item.name} ${item.description ?? ''} ${item.articleType.replace(/-/g, ' ')} ${item.colors.join(' ')} ${item.pattern ?? ''}`;
  return words(text, 32).map((w) => `word:${w}`);
}

/**
 * The item space of a catalogue under trained artifacts; also tells how many items got a learned vector.
 * @example
 * const { space, learned } = hybridSpace(catalog, artifacts);
 */
export function hybridSpace(catalog: Catalog, artifacts: Artifacts): { space: ItemSpace; learned: number } {
  const dim = artifacts.metadata.dim;
  const { tokenTable } = artifacts.embedding;
  const hmRow = new Map(artifacts.vocab.hmArticles.map((id, i) => [id, i]));
  const tokenRow = new Map(artifacts.vocab.tokens.map((t, i) => [t, i + 1]));
  const vectors = new Float32Array(catalog.size * dim);
  const prior = new Float32Array(catalog.size);
  let maxPopularity = 0;
  for (const item of catalog.items) maxPopularity = Math.max(maxPopularity, item.popularity);
  const scale = maxPopularity > 0 ? POPULARITY_WEIGHT / Math.log1p(maxPopularity) : 0;
  let learned = 0;
  catalog.items.forEach((item, i) => {
    const v = vectors.subarray(i * dim, (i + 1) * dim);
    prior[i] = scale * Math.log1p(item.popularity);
    const row = item.source === 'hm' ? hmRow.get(item.id.slice(3)) : undefined;
    if (row !== undefined) {
      v.set(artifacts.itemVectors.subarray(row * dim, (row + 1) * dim));
      learned++;
      return;
    }
    for (const token of servingTokens(item)) {
      const t = tokenRow.get(token);
      if (t === undefined) continue;
      for (let j = 0; j < dim; j++) v[j] += tokenTable[t * dim + j];
    }
    normalise(v);
  });
  return { space: { dim, vectors, prior, priorSignal: 'popularity' }, learned };
}

/**
 * The hybrid recommender over a catalogue. Name: `hybrid-tfjs@<data hash>`.
 * @example
 * const recommender = createHybridRecommender(catalog, await loadArtifacts(dir));
 */
export function createHybridRecommender(catalog: Catalog, artifacts: Artifacts): Recommender {
  const { space } = hybridSpace(catalog, artifacts);
  const neighbours = new Map<number, [number, number][]>();
  for (const [id, list] of Object.entries(artifacts.copurchase)) {
    const index = catalog.indexOf(`hm:${id}`);
    if (index < 0) continue;
    const mapped: [number, number][] = [];
    for (const [other, score] of list) {
      const j = catalog.indexOf(`hm:${other}`);
      if (j >= 0) mapped.push([j, score]);
    }
    neighbours.set(index, mapped);
  }
  return {
    name: `hybrid-tfjs@${artifacts.metadata.dataHash}`,
    rank(request) {
      const history = historyOf(catalog, request.profile, request.seeds);
      const positives = [...history.liked, ...history.saved, ...history.seeds];
      const scores = new Map<number, number>();
      for (const index of positives) {
        for (const [j, s] of neighbours.get(index) ?? []) scores.set(j, (scores.get(j) ?? 0) + s);
      }
      const sparse: SparseTerm[] =
        scores.size > 0
          ? [
              {
                signal: 'collaborative',
                weight: COLLABORATIVE_WEIGHT,
                scores,
                detail: 'often bought together with items you liked',
              },
            ]
          : [];
      return rankWithSpace(catalog, space, request, { dense: historyTerms(space, history), sparse }, history);
    },
  };
}
