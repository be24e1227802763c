/**
 * Serving the trained hybrid model over a whole catalogue: the same candidates, features and learned ranker as the
 * evaluation. H&M items get their learned vectors (id + content); every other item (Myntra, demo, H&M articles
 * newer than the model) gets a content vector from the learned word and attribute embeddings, so it lands near the
 * H&M articles it resembles. What the user liked, saved or asked about is their history, so feedback changes the
 * ranking at once, without retraining.
 */
import type { Catalog, Item, Recommender, ScoredItem, Signal } from '../../src/types.ts';
import type { Artifacts } from './artifacts.ts';
import { POPULARITY_WEIGHT } from './baseline.ts';
import { candidatesFor, FEATURE_COUNT, FEATURES } from './candidates.ts';
import { normalise, words } from './content.ts';
import { type FeedbackContext, feedbackCandidates, feedbackScores } from './feedback.ts';
import { dislikeReason, feedbackReason, nearDuplicate, positivesOf, productKey } from './feedback-serving.ts';
import { dot, type ItemSpace, meanVector, principalSpace } from './item-space.ts';
import type { ItemStats } from './item-stats.ts';
import { preferenceScore, preferencesOf } from './preferences.ts';
import { scanTop, TopK } from './rank.ts';
import { type RankerWeights, rankerContributions, rankerScore } from './ranker.ts';
import { servingStats } from './serving.ts';
import { historyOf, historyTerms } from './session-history.ts';
import type { Purchase } from './transactions.ts';

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
      for (let j = 0; j < dim; j++) v[j] = (v[j] ?? 0) + (tokenTable[t * dim + j] ?? 0);
    }
    normalise(v);
  });
  return { space: principalSpace({ dim, vectors, prior, priorSignal: 'popularity' }), learned };
}

/** How many items the dense scan (prior + preferences + feedback vectors) adds to the ranker's candidates. */
export const DENSE_CANDIDATES = 32;

/** Weight of the 👎 term (cosine to the disliked items' mean vector) added to the ranker's score at serving. */
export const DISLIKE_WEIGHT = 0.8;

/** Weight of the "more like this" term (cosine to the seed items' mean vector) added to the ranker's score. */
export const SEED_WEIGHT = 1.5;

/** Which signal each ranking feature stands for in explanations (customer-level features explain no item). */
const FEATURE_SIGNALS: Partial<Record<(typeof FEATURES)[number], { signal: Signal['name']; detail: string }>> = {};
const SIGNAL_GROUPS: [Signal['name'], string, (typeof FEATURES)[number][]][] = [
  [
    'collaborative',
    'often bought together with items you liked',
    [
      'copurchase_sum',
      'copurchase_max',
      'log_copurchase_count',
      'copurchase_recency',
      'log_copurchase_rank',
      'copurchase_last_day',
    ],
  ],
  [
    'feedback',
    'an item you liked or saved, or a colour variant of one',
    [
      'bought',
      'log_units',
      'bought_last_day',
      'recency',
      'own_online_share',
      'own_days_since',
      'own_log_paid_ratio',
      'log_variants',
      'variant_recency',
    ],
  ],
  [
    'content',
    'similar to items you liked (learned item vectors)',
    [
      'embedding_max',
      'embedding_mean',
      'embedding_recent',
      'same_type_share',
      'same_index_share',
      'same_department_share',
      'same_colour_share',
    ],
  ],
  [
    'popularity',
    'selling well right now',
    [
      'log_pop_last_day',
      'log_pop_last_3_days',
      'log_pop_all',
      'popularity_trend',
      'log_item_age',
      'log_type_rank',
      'item_repeat_rate',
      'type_repeat_rate',
      'item_online_share',
      'log_price_ratio',
    ],
  ],
];
for (const [signal, detail, names] of SIGNAL_GROUPS)
  for (const name of names) FEATURE_SIGNALS[name] = { signal, detail };

/** The signals that raised one item's ranker score: its feature contributions grouped by signal, positive ones. */
function explain(ranker: RankerWeights, x: Float32Array): Signal[] {
  const parts = rankerContributions(ranker, x);
  const sums = new Map<Signal['name'], { weight: number; detail: string }>();
  FEATURES.forEach((name, i) => {
    const group = FEATURE_SIGNALS[name];
    if (!group) return;
    const entry = sums.get(group.signal) ?? { weight: 0, detail: group.detail };
    entry.weight += parts[i]!;
    sums.set(group.signal, entry);
  });
  const signals: Signal[] = [];
  // the reasons an item ranks high: signals that raised its score above an average candidate's
  for (const [name, { weight, detail }] of sums) if (weight > 1e-3) signals.push({ name, weight, detail });
  return signals;
}

function contains(sorted: Uint32Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * The hybrid recommender over a catalogue (name `hybrid-tfjs@<data hash>`): the models `eval recommender` and
 * `eval feedback` measure. With the learned feedback ranker, what the shopper liked, saved or asked to resemble
 * (newest weighing most) is its input: candidates (their co-purchase neighbours, colour variants, best sellers of
 * their types and departments, the best items of a dense scan) that satisfy the query are scored on how they
 * relate to those items, and each names the liked item that brought it. Without it (older artifacts), those items
 * stand in for purchases of the last day under the no-feedback ranker. Profile preferences and 👎 (the item left
 * out, its near-duplicates sunk, similar items lowered) apply on top.
 * @example
 * const recommender = createHybridRecommender(catalog, await loadArtifacts(dir));
 * // `state`: what serving derives from the catalogue and artifacts, when it is at hand (`servingState`)
 */
export function createHybridRecommender(
  catalog: Catalog,
  artifacts: Artifacts,
  state: { space: ItemSpace; stats: ItemStats } = {
    space: hybridSpace(catalog, artifacts).space,
    stats: servingStats(catalog, artifacts),
  },
): Recommender {
  const { space, stats } = state;
  const { ranker } = artifacts;
  const { dim, vectors } = space;
  const similarity = (a: number, b: number) => {
    let s = 0;
    for (let j = 0, x = a * dim, y = b * dim; j < dim; j++) s += (vectors[x + j] ?? 0) * (vectors[y + j] ?? 0);
    return s;
  };
  const scratch = new Float32Array(ranker.hidden);
  const keys = catalog.items.map(productKey);
  // how strongly a recommended item relates to one the shopper liked, to name the right one in "why?"
  const relation = (liked: number, item: number) =>
    (keys[liked] === keys[item] ? 1 : 0) + 2 * stats.co.score(liked, item) + Math.max(0, similarity(liked, item));
  const feedback: FeedbackContext | undefined = artifacts.feedback
    ? {
        stats,
        similarity,
        base: ranker,
        feedback: artifacts.feedback,
        nearDuplicate: nearDuplicate(catalog),
      }
    : undefined;
  return {
    name: `hybrid-tfjs@${artifacts.metadata.dataHash}`,
    rank(request) {
      const k = Math.max(0, Math.floor(request.k));
      const history = historyOf(catalog, request.profile, request.seeds);
      const excluded = new Set(history.disliked);
      const preferences = preferencesOf(catalog, request.profile, request.query);
      const matched = catalog.match(request.query);
      const terms = { dense: historyTerms(space, history) };
      const dense = scanTop(space, matched, terms, excluded, preferences, Math.max(k, DENSE_CANDIDATES));
      const extra = Array.from(dense.indices.subarray(0, dense.size));
      const allow = (i: number) => !excluded.has(i) && contains(matched, i);
      const positives = positivesOf(catalog, request.profile, request.seeds ?? []);
      // what purchases cannot teach the ranker: 👎 and "more like this" pull by content similarity
      const pulls: { vector: Float32Array; weight: number; signal: Signal['name']; detail: string }[] = [];
      const disliked = meanVector(space, history.disliked);
      if (disliked)
        pulls.push({
          vector: disliked,
          weight: -DISLIKE_WEIGHT,
          signal: 'feedback',
          detail: `similar to ${history.disliked.length} item(s) you disliked`,
        });
      if (feedback && positives.length > 0) {
        const candidates = feedbackCandidates(
          feedback,
          { history: [], likes: positives.map((p) => p.index) },
          allow,
          extra,
        );
        const scores = feedbackScores(feedback, candidates, history.disliked, true);
        const top = new TopK(k);
        candidates.articles.forEach((index, c) => {
          let score = scores[c]! + preferenceScore(index, preferences);
          for (const pull of pulls) score += pull.weight * dot(pull.vector, vectors, index * dim, dim);
          top.push(score, index);
        });
        const out: ScoredItem[] = [];
        for (let r = 0; r < top.size; r++) {
          const index = top.indices[r]!;
          const signals: Signal[] = [];
          const because = feedbackReason(catalog, positives, index, relation);
          if (because) signals.push(because);
          for (const pull of pulls) {
            const weight = pull.weight * dot(pull.vector, vectors, index * dim, dim);
            if (Math.abs(weight) > 1e-3) signals.push({ name: pull.signal, weight, detail: pull.detail });
          }
          const avoided = dislikeReason(catalog, history.disliked, index);
          if (avoided) signals.push(avoided);
          preferenceScore(index, preferences, signals);
          out.push({ item: catalog.items[index]!, score: top.scores[r]!, signals });
        }
        return out;
      }
      const positiveIndices = [...new Set([...history.liked, ...history.saved, ...history.seeds])];
      const purchases: Purchase[] = positiveIndices.map((article) => ({ article, count: 1, lastDay: stats.day - 1 }));
      const { articles, features } = candidatesFor(purchases, stats, similarity, allow, extra);
      const seeds = meanVector(space, history.seeds);
      if (seeds)
        pulls.push({
          vector: seeds,
          weight: SEED_WEIGHT,
          signal: 'content',
          detail: 'similar to the item(s) you asked about',
        });
      const top = new TopK(k);
      for (let c = 0; c < articles.length; c++) {
        const index = articles[c]!;
        let score = rankerScore(ranker, features.subarray(c * FEATURE_COUNT, (c + 1) * FEATURE_COUNT), scratch);
        score += preferenceScore(index, preferences);
        for (const pull of pulls) score += pull.weight * dot(pull.vector, vectors, index * dim, dim);
        top.push(score, index);
      }
      const at = new Map(articles.map((a, c) => [a, c]));
      const out: ScoredItem[] = [];
      for (let r = 0; r < top.size; r++) {
        const index = top.indices[r]!;
        const c = at.get(index)!;
        // Explained on first read: callers that rank deep and keep a few (the composer) explain only those.
        // The row is copied (a few dozen floats): a cached answer must not keep every candidate's features alive.
        const row = features.slice(c * FEATURE_COUNT, (c + 1) * FEATURE_COUNT);
        let signals: Signal[] | undefined;
        const reasons = () => {
          if (signals) return signals;
          signals = explain(ranker, row);
          for (const pull of pulls) {
            const weight = pull.weight * dot(pull.vector, vectors, index * dim, dim);
            if (Math.abs(weight) > 1e-3) signals.push({ name: pull.signal, weight, detail: pull.detail });
          }
          preferenceScore(index, preferences, signals);
          signals.sort((x, y) => Math.abs(y.weight) - Math.abs(x.weight));
          return signals;
        };
        out.push({
          item: catalog.items[index]!,
          score: top.scores[r]!,
          get signals() {
            return reasons();
          },
        });
      }
      return out;
    },
  };
}
