/**
 * Serving the trained hybrid model over a whole catalogue: the same candidates, features and learned ranker as the
 * evaluation. H&M items get their learned vectors (id + content); every other item (Myntra, demo, H&M articles
 * newer than the model) gets a content vector from the learned word and attribute embeddings, so it lands near the
 * H&M articles it resembles. What the user liked, saved or asked about is their history, so feedback changes the
 * ranking at once, without retraining.
 */
import type { Catalog, Item, Recommender, RecommendRequest, ScoredItem, Signal } from '../../src/types.ts';
import type { Artifacts } from './artifacts.ts';
import { POPULARITY_WEIGHT } from './baseline.ts';
import { candidatesFor, FEATURE_COUNT } from './candidates.ts';
import { normalise, words } from './content.ts';
import { type FeedbackContext, feedbackCandidates, feedbackScores } from './feedback.ts';
import {
  dislikeReason,
  feedbackReason,
  nearDuplicate,
  type Positive,
  positivesOf,
  productKey,
} from './feedback-serving.ts';
import { dot, type ItemSpace, meanVector, principalSpace } from './item-space.ts';
import type { ItemStats } from './item-stats.ts';
import { type Preferences, preferenceScore, preferencesOf } from './preferences.ts';
import { scanTop, TopK } from './rank.ts';
import { type RankerWeights, rankerScore } from './ranker.ts';
import { explain } from './ranker-reasons.ts';
import { servingStats } from './serving.ts';
import { type History, historyOf, historyTerms } from './session-history.ts';
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

function contains(sorted: Uint32Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid] ?? 0;
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** A content term added to the ranker's score: cosine to some items' mean vector, weighted. */
interface Pull {
  vector: Float32Array;
  weight: number;
  signal: Signal['name'];
  detail: string;
}

/** What serving reads for every request: the catalogue, its item space and statistics, the rankers. */
interface Serving {
  catalog: Catalog;
  space: ItemSpace;
  stats: ItemStats;
  ranker: RankerWeights;
  similarity: (a: number, b: number) => number;
  /** How strongly a recommended item relates to one the shopper liked, to name the right one in "why?". */
  relation: (liked: number, item: number) => number;
  /** The feedback context, when the artifacts hold a feedback ranker. */
  feedback?: FeedbackContext;
}

/** One request as both paths read it: its constraints, the shopper's history and the dense scan's candidates. */
interface RequestView {
  k: number;
  history: History;
  preferences: Preferences;
  /** Whether an item may be recommended: it satisfies the query and was not 👎'd. */
  allow: (item: number) => boolean;
  /** The dense scan's best items, added to the candidates. */
  extra: number[];
  pulls: Pull[];
}

/** The weight a pull adds to one item's score. */
function pullWeight(serving: Serving, pull: Pull, index: number): number {
  const { dim, vectors } = serving.space;
  return pull.weight * dot(pull.vector, vectors, index * dim, dim);
}

/** Pushes the signals of the pulls that moved an item's score. */
function pushPullSignals(serving: Serving, pulls: readonly Pull[], index: number, signals: Signal[]): void {
  for (const pull of pulls) {
    const weight = pullWeight(serving, pull, index);
    if (Math.abs(weight) > 1e-3) signals.push({ name: pull.signal, weight, detail: pull.detail });
  }
}

/** Reads a request: history, preferences, allowed items, the dense scan, and the 👎 pull. */
function requestView(serving: Serving, request: RecommendRequest): RequestView {
  const { catalog, space } = serving;
  const k = Math.max(0, Math.floor(request.k));
  const history = historyOf(catalog, request.profile, request.seeds);
  const excluded = new Set(history.disliked);
  const preferences = preferencesOf(catalog, request.profile, request.query);
  const matched = catalog.match(request.query);
  const terms = { dense: historyTerms(space, history) };
  const dense = scanTop(space, matched, terms, excluded, preferences, Math.max(k, DENSE_CANDIDATES));
  // what purchases cannot teach the ranker: 👎 and "more like this" pull by content similarity
  const pulls: Pull[] = [];
  const disliked = meanVector(space, history.disliked);
  if (disliked)
    pulls.push({
      vector: disliked,
      weight: -DISLIKE_WEIGHT,
      signal: 'feedback',
      detail: `similar to ${history.disliked.length} item(s) you disliked`,
    });
  return {
    k,
    history,
    preferences,
    allow: (i) => !excluded.has(i) && contains(matched, i),
    extra: Array.from(dense.indices.subarray(0, dense.size)),
    pulls,
  };
}

/** The list under the feedback ranker, whose input is what the shopper liked, saved or asked to resemble. */
function rankWithLikes(
  serving: Serving,
  feedback: FeedbackContext,
  view: RequestView,
  positives: readonly Positive[],
): ScoredItem[] {
  const { catalog } = serving;
  const { history, preferences, pulls } = view;
  const likes = positives.map((p) => p.index);
  const candidates = feedbackCandidates(feedback, { history: [], likes }, view.allow, view.extra);
  const scores = feedbackScores(feedback, candidates, history.disliked, true);
  const top = new TopK(view.k);
  candidates.articles.forEach((index, c) => {
    let score = (scores[c] ?? 0) + preferenceScore(index, preferences);
    for (const pull of pulls) score += pullWeight(serving, pull, index);
    top.push(score, index);
  });
  const out: ScoredItem[] = [];
  for (let r = 0; r < top.size; r++) {
    const index = top.indices[r] ?? -1;
    const item = catalog.items[index];
    if (!item) continue;
    const signals: Signal[] = [];
    const because = feedbackReason(catalog, positives, index, serving.relation);
    if (because) signals.push(because);
    pushPullSignals(serving, pulls, index, signals);
    const avoided = dislikeReason(catalog, history.disliked, index);
    if (avoided) signals.push(avoided);
    preferenceScore(index, preferences, signals);
    out.push({ item, score: top.scores[r] ?? 0, signals });
  }
  return out;
}

/**
 * The list under the no-feedback ranker, with liked, saved and asked-about items as purchases of the last day and
 * a pull towards the items asked about; each item explained on first read.
 */
function rankAsPurchases(serving: Serving, view: RequestView): ScoredItem[] {
  const { catalog, space, stats, ranker } = serving;
  const { history, preferences } = view;
  const positiveIndices = [...new Set([...history.liked, ...history.saved, ...history.seeds])];
  const purchases: Purchase[] = positiveIndices.map((article) => ({ article, count: 1, lastDay: stats.day - 1 }));
  const { articles, features } = candidatesFor(purchases, stats, serving.similarity, view.allow, view.extra);
  const pulls = [...view.pulls];
  const seeds = meanVector(space, history.seeds);
  if (seeds)
    pulls.push({
      vector: seeds,
      weight: SEED_WEIGHT,
      signal: 'content',
      detail: 'similar to the item(s) you asked about',
    });
  const scratch = new Float32Array(ranker.hidden);
  const top = new TopK(view.k);
  articles.forEach((index, c) => {
    let score = rankerScore(ranker, features.subarray(c * FEATURE_COUNT, (c + 1) * FEATURE_COUNT), scratch);
    score += preferenceScore(index, preferences);
    for (const pull of pulls) score += pullWeight(serving, pull, index);
    top.push(score, index);
  });
  const at = new Map(articles.map((a, c) => [a, c]));
  const out: ScoredItem[] = [];
  for (let r = 0; r < top.size; r++) {
    const index = top.indices[r] ?? -1;
    const item = catalog.items[index];
    const c = at.get(index);
    if (!item || c === undefined) continue;
    // Explained on first read: callers that rank deep and keep a few (the composer) explain only those.
    // The row is copied (a few dozen floats): a cached answer must not keep every candidate's features alive.
    const row = features.slice(c * FEATURE_COUNT, (c + 1) * FEATURE_COUNT);
    let signals: Signal[] | undefined;
    const reasons = () => {
      if (signals) return signals;
      signals = explain(ranker, row);
      pushPullSignals(serving, pulls, index, signals);
      preferenceScore(index, preferences, signals);
      signals.sort((x, y) => Math.abs(y.weight) - Math.abs(x.weight));
      return signals;
    };
    out.push({
      item,
      score: top.scores[r] ?? 0,
      get signals() {
        return reasons();
      },
    });
  }
  return out;
}

/** The name of the hybrid recommender built from artifacts of this metadata (the turn log records it). */
export const hybridName = (metadata: Pick<Artifacts['metadata'], 'dataHash'>): string =>
  `hybrid-tfjs@${metadata.dataHash}`;

/**
 * The hybrid recommender over a catalogue (name `hybridName`: `hybrid-tfjs@<data hash>`): the models `eval recommender` and
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
  const { dim, vectors } = space;
  const similarity = (a: number, b: number) => {
    let s = 0;
    for (let j = 0, x = a * dim, y = b * dim; j < dim; j++) s += (vectors[x + j] ?? 0) * (vectors[y + j] ?? 0);
    return s;
  };
  const keys = catalog.items.map(productKey);
  const serving: Serving = {
    catalog,
    space,
    stats,
    ranker: artifacts.ranker,
    similarity,
    relation: (liked, item) =>
      (keys[liked] === keys[item] ? 1 : 0) + 2 * stats.co.score(liked, item) + Math.max(0, similarity(liked, item)),
    feedback: artifacts.feedback
      ? {
          stats,
          similarity,
          base: artifacts.ranker,
          feedback: artifacts.feedback,
          nearDuplicate: nearDuplicate(catalog),
        }
      : undefined,
  };
  return {
    name: hybridName(artifacts.metadata),
    rank(request) {
      const view = requestView(serving, request);
      const positives = positivesOf(catalog, request.profile, request.seeds ?? []);
      if (serving.feedback && positives.length > 0) return rankWithLikes(serving, serving.feedback, view, positives);
      return rankAsPurchases(serving, view);
    },
  };
}
