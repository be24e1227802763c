/**
 * In-conversation feedback as a first-class input of the ranker, applied at once without retraining. A 👍 (or a
 * save, or "more like this one") brings in its co-purchase neighbours, its colour variants, the best sellers of
 * its type and department and the items nearest its learned vector; each candidate is described by how it relates
 * to the liked items (co-purchase, same product, type, department, colour, index group, learned similarity, price
 * band) next to the no-feedback model's score, and a small ranker learned by simulating the protocol on a training
 * day combines them. Recent likes weigh more. A 👎 sinks the item and its near-duplicates (same product code, or
 * same type and colour) below everything else.
 */

import { candidatesFor, FEATURE_COUNT } from './candidates.ts';
import { type ItemStats, type Similarity, sameKind } from './item-stats.ts';
import { type RankerWeights, rankerScore } from './ranker.ts';
import type { Purchase } from './transactions.ts';

/** Names of the feedback ranker's features, in vector order. */
export const FEEDBACK_FEATURES = [
  'model_score',
  'copurchase_weighted',
  'copurchase_max',
  'copurchase_last',
  'log_copurchase_count',
  'log_copurchase_rank',
  'log_copurchase_count_rank',
  'variant_weighted',
  'variant_last',
  'same_type_weighted',
  'same_type_last',
  'same_department_weighted',
  'same_colour_weighted',
  'same_group_weighted',
  'similarity_weighted',
  'similarity_max',
  'similarity_last',
  'log_price_ratio_last',
  'abs_log_price_ratio',
  'log_pop_last_day',
  'log_pop_last_3_days',
  'log_pop_all',
  'popularity_trend',
  'log_type_rank',
  'log_department_rank',
  'log_item_age',
  'log_likes',
  'log_history_length',
  'log_variant_copurchase',
  'log_copurchase_of_variants',
] as const;
/** Length of a feedback feature vector. */
export const FEEDBACK_FEATURE_COUNT = FEEDBACK_FEATURES.length;

/** How much a like's weight shrinks for each newer like after it (the newest weighs 1). */
export const RECENCY_DECAY = 0.6;

/** How many candidates each feedback source brings. */
export const FEEDBACK_LIMITS = {
  copurchase: 150,
  variants: 24,
  type: 12,
  department: 48,
  variantCopurchase: 48,
} as const;

/** Score subtracted from a disliked item's near-duplicates: below any score the rankers give. */
export const DISLIKE_PENALTY = 1000;

/** Best sellers right now per department id, and each item's place in its department's list. */
export interface DepartmentPopularity {
  lists: number[][];
  rank: Float32Array;
}

const departmentMemo = new WeakMap<ItemStats, DepartmentPopularity>();

/**
 * The best sellers of each department (by the stats' "popular right now" order), computed once per stats.
 * @example
 * popularByDepartment(stats).lists[stats.department[i]];
 */
export function popularByDepartment(stats: ItemStats): DepartmentPopularity {
  const cached = departmentMemo.get(stats);
  if (cached) return cached;
  const n = stats.department.length;
  const sold: number[] = [];
  for (let a = 0; a < n; a++) if ((stats.popAll[a] ?? 0) > 0 && (stats.department[a] ?? -1) >= 0) sold.push(a);
  sold.sort((a, b) => (stats.recency[b] ?? 0) - (stats.recency[a] ?? 0) || a - b);
  const lists: number[][] = [];
  const rank = new Float32Array(n).fill(2 * FEEDBACK_LIMITS.department);
  for (const a of sold) {
    const d = stats.department[a] ?? 0;
    const list = lists[d] ?? [];
    lists[d] = list;
    if (list.length >= FEEDBACK_LIMITS.department) continue;
    rank[a] = list.length;
    list.push(a);
  }
  const out = { lists, rank };
  departmentMemo.set(stats, out);
  return out;
}

/** One customer's or shopper's situation: purchase history (may be empty) and the items they liked, oldest first. */
export interface FeedbackInput {
  history: readonly Purchase[];
  likes: readonly number[];
  /** Items 👎'd: they and their near-duplicates sink. */
  dislikes?: readonly number[];
}

/** What ranking with feedback reads: the item statistics, learned similarity and the two rankers. */
export interface FeedbackContext {
  stats: ItemStats;
  similarity: Similarity;
  /** The no-feedback model (history → next purchases). */
  base: RankerWeights;
  /** The combiner of feedback features; without it, the list is the base model's. */
  feedback?: RankerWeights;
  /** Whether item `a` is a near-duplicate of `b` (same product, or same type and colour). */
  nearDuplicate?: (a: number, b: number) => boolean;
}

/** The weight of each like: the newest 1, each older one `RECENCY_DECAY` times the next, normalised to sum 1. */
export function likeWeights(count: number): number[] {
  const raw = Array.from({ length: count }, (_, i) => RECENCY_DECAY ** (count - 1 - i));
  const sum = raw.reduce((s, w) => s + w, 0);
  return raw.map((w) => w / sum);
}

/**
 * Whether `a` is a near-duplicate of `b` under item statistics: a colour variant (same product code), or the same
 * product type in the same colour.
 * @example
 * statsNearDuplicate(stats)(7, 12);
 */
export function statsNearDuplicate(stats: ItemStats): (a: number, b: number) => boolean {
  return (a, b) =>
    a === b || stats.variantsOf(b).includes(a) || (sameKind(stats.type, a, b) && sameKind(stats.color, a, b));
}

/** Candidates with both feature vectors: the no-feedback model's and the feedback ranker's. */
export interface FeedbackCandidates {
  articles: number[];
  /** Rows of `FEEDBACK_FEATURE_COUNT`. */
  features: Float32Array;
}

/** What the features read about the likes of one request, computed once for all its candidates. */
interface LikeSummary {
  likes: number[];
  /** Each like's weight (`likeWeights`), in `likes` order. */
  weights: number[];
  /** The newest like. */
  last?: number;
  /** Each like's colour variants. */
  variantSets: Set<number>[];
  /** Places in the likes' co-purchase lists, by normalised score and by raw count. */
  coRank: Map<number, number>;
  countRank: Map<number, number>;
  /** The likes' co-purchase neighbours (by raw count, then by score). */
  neighbours: number[];
  /** The likes' colour variants, what was bought with those variants, the best sellers of their types and departments. */
  related: number[];
  /** Each like's colour variants other than itself (at most `FEEDBACK_LIMITS.variants`). */
  otherVariants: number[][];
  prices: number[];
  departments: DepartmentPopularity;
}

/** Summarizes the likes (deduplicated, oldest first) and gathers the candidates they bring. */
function summarizeLikes(stats: ItemStats, likes: readonly number[]): LikeSummary {
  const unique = [...new Set(likes)];
  const likePurchases: Purchase[] = unique.map((article) => ({ article, count: 1, lastDay: stats.day - 1 }));
  const coList = stats.co.recommend(likePurchases, FEEDBACK_LIMITS.copurchase, stats.recency);
  const countList = stats.co.recommendByCount(likePurchases, FEEDBACK_LIMITS.copurchase, stats.recency);
  const departments = popularByDepartment(stats);
  const otherVariants = unique.map((l) =>
    stats
      .variantsOf(l)
      .filter((v) => v !== l)
      .slice(0, FEEDBACK_LIMITS.variants),
  );
  // a product's colours are bought with the same things: its other colours' co-purchases densify the like's own
  const variantPurchases: Purchase[] = otherVariants
    .flat()
    .map((article) => ({ article, count: 1, lastDay: stats.day - 1 }));
  const related: number[] = stats.co.recommendByCount(
    variantPurchases,
    FEEDBACK_LIMITS.variantCopurchase,
    stats.recency,
  );
  for (const l of unique) {
    related.push(...stats.variantsOf(l).slice(0, FEEDBACK_LIMITS.variants));
    related.push(...(stats.popularByType[stats.type[l] ?? -1] ?? []).slice(0, FEEDBACK_LIMITS.type));
    related.push(...(departments.lists[stats.department[l] ?? -1] ?? []));
  }
  return {
    likes: unique,
    weights: likeWeights(unique.length),
    last: unique.at(-1),
    variantSets: unique.map((l) => new Set(stats.variantsOf(l))),
    coRank: new Map(coList.map((a, i) => [a, i])),
    countRank: new Map(countList.map((a, i) => [a, i])),
    neighbours: [...countList, ...coList],
    related,
    otherVariants,
    prices: unique.map((l) => stats.meanPrice[l] ?? 0),
    departments,
  };
}

/** The features of how candidate `a` relates to the likes, each like weighted (features 1–18). */
function likeRelationFeatures(
  f: Float32Array,
  a: number,
  like: LikeSummary,
  stats: ItemStats,
  similarity: Similarity,
): void {
  const { last } = like;
  let coWeighted = 0;
  let coMax = 0;
  let coCount = 0;
  let variant = 0;
  let sameType = 0;
  let sameDepartment = 0;
  let sameColor = 0;
  let sameGroup = 0;
  let simWeighted = 0;
  let simMax = -1;
  let priceGap = 0;
  const price = stats.meanPrice[a] ?? 0;
  like.likes.forEach((l, n) => {
    const w = like.weights[n] ?? 0;
    const co = stats.co.score(l, a);
    coWeighted += w * co;
    coMax = Math.max(coMax, co);
    coCount += stats.co.count(l, a);
    if (like.variantSets[n]?.has(a)) variant += w;
    if (sameKind(stats.type, a, l)) sameType += w;
    if (sameKind(stats.department, a, l)) sameDepartment += w;
    if (sameKind(stats.color, a, l)) sameColor += w;
    if (sameKind(stats.group, a, l)) sameGroup += w;
    const sim = similarity(l, a);
    simWeighted += w * sim;
    simMax = Math.max(simMax, sim);
    const likePrice = like.prices[n] ?? 0;
    if (price > 0 && likePrice > 0) priceGap += w * Math.abs(Math.log(price / likePrice));
  });
  const lastPrice = last === undefined ? 0 : (stats.meanPrice[last] ?? 0);
  const noRank = 2 * FEEDBACK_LIMITS.copurchase;
  f[1] = coWeighted;
  f[2] = coMax;
  f[3] = last === undefined ? 0 : stats.co.score(last, a);
  f[4] = Math.log1p(coCount);
  f[5] = Math.log1p(like.coRank.get(a) ?? noRank);
  f[6] = Math.log1p(like.countRank.get(a) ?? noRank);
  f[7] = variant;
  f[8] = like.variantSets.at(-1)?.has(a) ? 1 : 0;
  f[9] = sameType;
  f[10] = last !== undefined && sameKind(stats.type, a, last) ? 1 : 0;
  f[11] = sameDepartment;
  f[12] = sameColor;
  f[13] = sameGroup;
  f[14] = simWeighted;
  f[15] = like.likes.length > 0 ? simMax : 0;
  f[16] = last === undefined ? 0 : similarity(last, a);
  f[17] = price > 0 && lastPrice > 0 ? Math.log(price / lastPrice) : 0;
  f[18] = priceGap;
}

/** The features of candidate `a` itself and of the request (features 19–29). */
function itemFeatures(f: Float32Array, a: number, like: LikeSummary, historyLength: number, stats: ItemStats): void {
  variantFeatures(f, a, like, stats);
  const popLastDay = stats.popLastDay[a] ?? 0;
  const popAll = stats.popAll[a] ?? 0;
  f[19] = Math.log1p(popLastDay);
  f[20] = Math.log1p(stats.popLast3[a] ?? 0);
  f[21] = Math.log1p(popAll);
  f[22] = Math.log((popLastDay + 1) / (popAll / Math.max(1, stats.days) + 1));
  f[23] = Math.log1p(stats.typeRank[a] ?? 0);
  f[24] = Math.log1p(like.departments.rank[a] ?? 0);
  f[25] = Math.log1p(stats.age[a] ?? 0);
  f[26] = Math.log1p(like.likes.length);
  f[27] = Math.log1p(historyLength);
}

/**
 * The features of co-purchase at the product level (features 28–29): how often `a` was bought with the likes'
 * other colours, and how often the likes were bought with `a`'s other colours.
 */
function variantFeatures(f: Float32Array, a: number, like: LikeSummary, stats: ItemStats): void {
  let withVariants = 0;
  let ofVariants = 0;
  const aVariants = stats.variantsOf(a);
  like.likes.forEach((l, n) => {
    const w = like.weights[n] ?? 0;
    for (const v of like.otherVariants[n] ?? []) withVariants += w * stats.co.count(v, a);
    let taken = 0;
    for (const u of aVariants) {
      if (u === a) continue;
      if (taken++ >= FEEDBACK_LIMITS.variants) break;
      ofVariants += w * stats.co.count(l, u);
    }
  });
  f[28] = Math.log1p(withVariants);
  f[29] = Math.log1p(ofVariants);
}

/**
 * The candidates for a history plus likes (those of the history's model, the likes' co-purchase neighbours, colour
 * variants, best sellers of their types and departments, and `extra`) that pass `allow`, with feedback features.
 * Liked items themselves are left out: the next list is about what else to show.
 * @example
 * const { articles, features } = feedbackCandidates(context, { history: [], likes: [42] });
 */
export function feedbackCandidates(
  context: FeedbackContext,
  input: FeedbackInput,
  allow: (item: number) => boolean = () => true,
  extra: readonly number[] = [],
): FeedbackCandidates {
  const { stats, similarity, base } = context;
  const like = summarizeLikes(stats, input.likes);
  const liked = new Set(like.likes);
  const { articles, features: baseFeatures } = candidatesFor(
    input.history,
    stats,
    similarity,
    (a) => !liked.has(a) && allow(a),
    [...like.neighbours, ...extra, ...like.related],
  );
  const scratch = new Float32Array(base.hidden);
  const features = new Float32Array(articles.length * FEEDBACK_FEATURE_COUNT);
  articles.forEach((a, i) => {
    const f = features.subarray(i * FEEDBACK_FEATURE_COUNT, (i + 1) * FEEDBACK_FEATURE_COUNT);
    f[0] = rankerScore(base, baseFeatures.subarray(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT), scratch);
    likeRelationFeatures(f, a, like, stats, similarity);
    itemFeatures(f, a, like, input.history.length, stats);
  });
  return { articles, features };
}

/**
 * Scores feedback candidates: the feedback ranker when there is one and the shopper liked something, else the
 * no-feedback model's score (feature 0); a 👎'd item's near-duplicates sink by `DISLIKE_PENALTY`.
 * @example
 * const scores = feedbackScores(context, candidates, input.dislikes ?? [], input.likes.length > 0);
 */
export function feedbackScores(
  context: FeedbackContext,
  candidates: FeedbackCandidates,
  dislikes: readonly number[],
  useFeedback: boolean,
): Float32Array {
  const ranker = useFeedback ? context.feedback : undefined;
  const scratch = new Float32Array(ranker?.hidden ?? 0);
  const near = context.nearDuplicate ?? statsNearDuplicate(context.stats);
  const { articles, features } = candidates;
  return Float32Array.from(articles, (a, i) => {
    const f = features.subarray(i * FEEDBACK_FEATURE_COUNT, (i + 1) * FEEDBACK_FEATURE_COUNT);
    let score = ranker ? rankerScore(ranker, f, scratch) : (f[0] ?? 0);
    for (const d of dislikes) if (near(a, d)) score -= DISLIKE_PENALTY;
    return score;
  });
}

/**
 * The ranked list (best first, at most `k`, all candidates when `k` is Infinity) for a history plus feedback.
 * @example
 * rankWithFeedback(context, { history: [], likes: [42], dislikes: [7] }, 12);
 */
export function rankWithFeedback(
  context: FeedbackContext,
  input: FeedbackInput,
  k: number,
  allow?: (item: number) => boolean,
  extra?: readonly number[],
): number[] {
  const candidates = feedbackCandidates(context, input, allow, extra);
  const scores = feedbackScores(context, candidates, input.dislikes ?? [], input.likes.length > 0);
  const order = candidates.articles.map((_, i) => i);
  const { articles } = candidates;
  order.sort((x, y) => (scores[y] ?? 0) - (scores[x] ?? 0) || (articles[x] ?? 0) - (articles[y] ?? 0));
  return order.slice(0, Math.min(k, order.length)).map((i) => articles[i] ?? -1);
}
