/**
 * Candidates and ranking features for one customer at one point in time: repurchase, co-purchase, colour
 * variants of bought products, popularity and content similarity. The same features feed the learned ranker in
 * training, in the temporal evaluation and (from in-chat history) in serving.
 */
import type { ItemStats, Similarity } from './item-stats.ts';
import type { Purchase } from './transactions.ts';

/** Names of the ranking features, in vector order. */
export const FEATURES = [
  'bought',
  'log_units',
  'bought_last_day',
  'recency',
  'copurchase_sum',
  'copurchase_max',
  'log_copurchase_count',
  'log_variants',
  'log_pop_last_day',
  'log_pop_last_3_days',
  'log_pop_all',
  'log_history_length',
  'embedding_max',
  'embedding_mean',
  'same_type_share',
  'item_repeat_rate',
  'type_repeat_rate',
  'customer_active_days',
  'customer_recency',
  'log_price_ratio',
  'popularity_trend',
  'variant_recency',
  'copurchase_recency',
  'embedding_recent',
  'same_index_share',
  'log_item_age',
  'log_type_rank',
  'log_copurchase_rank',
  'copurchase_last_day',
  'log_customer_units',
  'customer_online_share',
  'item_online_share',
  'same_department_share',
  'same_colour_share',
  'own_online_share',
  'own_days_since',
  'own_log_paid_ratio',
] as const;
export const FEATURE_COUNT = FEATURES.length;
/** How many candidates of each kind to take. */
export const CANDIDATE_LIMITS = { copurchase: 150, variantsPerItem: 12, popular: 48, types: 4 } as const;

/** What the features read about a customer's history, gathered in one pass over it. */
interface HistorySummary {
  own: Map<number, Purchase>;
  /** Colour variants of the history's items, in the order they were found (repeats included). */
  variants: number[];
  variantCount: Map<number, number>;
  variantRecency: Map<number, number>;
  types: Map<number, number>;
  groups: Map<number, number>;
  departments: Map<number, number>;
  colors: Map<number, number>;
  activeDays: number;
  /** The customer's last purchase day (-1 for an empty history). */
  lastActive: number;
  /** Mean price of the items bought (0 when none has a price). */
  customerPrice: number;
  units: number;
  onlineUnits: number;
  /** Items bought on the customer's last active day. */
  recentItems: number[];
}

/** Summarizes a history for the features (see `HistorySummary`). */
function summarizeHistory(history: readonly Purchase[], stats: ItemStats): HistorySummary {
  const day = stats.day;
  const s: HistorySummary = {
    own: new Map(history.map((p) => [p.article, p])),
    variants: [],
    variantCount: new Map(),
    variantRecency: new Map(),
    types: new Map(),
    groups: new Map(),
    departments: new Map(),
    colors: new Map(),
    activeDays: 0,
    lastActive: -1,
    customerPrice: 0,
    units: 0,
    onlineUnits: 0,
    recentItems: [],
  };
  const activeDays = new Set<number>();
  let priceSum = 0;
  let priced = 0;
  for (const p of history) {
    s.units += p.count;
    s.onlineUnits += p.online ?? p.count;
    let taken = 0;
    for (const v of stats.variantsOf(p.article)) {
      if (v === p.article) continue;
      if (taken++ >= CANDIDATE_LIMITS.variantsPerItem) break;
      s.variants.push(v);
      s.variantCount.set(v, (s.variantCount.get(v) ?? 0) + 1);
      s.variantRecency.set(v, Math.max(s.variantRecency.get(v) ?? 0, 1 / (day - p.lastDay)));
    }
    countKind(s.types, stats.type[p.article]);
    countKind(s.groups, stats.group[p.article]);
    countKind(s.departments, stats.department[p.article]);
    countKind(s.colors, stats.color[p.article]);
    activeDays.add(p.lastDay);
    s.lastActive = Math.max(s.lastActive, p.lastDay);
    const price = stats.meanPrice[p.article] ?? 0;
    if (price > 0) {
      priceSum += price;
      priced++;
    }
  }
  s.activeDays = activeDays.size;
  s.customerPrice = priced > 0 ? priceSum / priced : 0;
  s.recentItems = history.filter((p) => p.lastDay === s.lastActive).map((p) => p.article);
  return s;
}

/**
 * The candidates in the order they are found (own items, co-purchased items, colour variants, best sellers, best
 * sellers of the history's top types, `extra`), each once, those that pass `allow`.
 */
function candidateList(
  summary: HistorySummary,
  coList: readonly number[],
  stats: ItemStats,
  allow: (item: number) => boolean,
  extra: readonly number[],
): number[] {
  const set = new Set<number>();
  const add = (a: number) => {
    if (!set.has(a) && allow(a)) set.add(a);
  };
  for (const a of summary.own.keys()) add(a);
  for (const a of coList) add(a);
  for (const a of summary.variants) add(a);
  for (const a of stats.popular.slice(0, CANDIDATE_LIMITS.popular)) add(a);
  const topTypes = [...summary.types].sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, CANDIDATE_LIMITS.types);
  for (const [type] of topTypes) for (const a of stats.popularByType[type] ?? []) add(a);
  for (const a of extra) add(a);
  return [...set];
}

/** The features of how candidate `a` relates to the history's items: co-purchase and learned similarity. */
function relationFeatures(
  f: Float32Array,
  a: number,
  history: readonly Purchase[],
  recentItems: readonly number[],
  stats: ItemStats,
  similarity?: Similarity,
): void {
  const day = stats.day;
  let coSum = 0;
  let coMax = 0;
  let coCount = 0;
  let coRecency = 0;
  let simMax = 0;
  let simSum = 0;
  for (const h of history) {
    if (h.article === a) continue;
    const s = stats.co.score(h.article, a);
    if (s > 0) {
      coSum += s;
      coMax = Math.max(coMax, s);
      coCount += stats.co.count(h.article, a);
      coRecency += s / (day - h.lastDay);
    }
    if (similarity) {
      const sim = similarity(h.article, a);
      simMax = Math.max(simMax, sim);
      simSum += sim;
    }
  }
  let simRecent = 0;
  let coLast = 0;
  for (const h of recentItems) {
    if (h === a) continue;
    if (similarity) simRecent = Math.max(simRecent, similarity(h, a));
    coLast += stats.co.score(h, a);
  }
  f[4] = coSum;
  f[5] = coMax;
  f[6] = Math.log1p(coCount);
  f[12] = simMax;
  f[13] = history.length > 0 ? simSum / history.length : 0;
  f[22] = coRecency;
  f[23] = simRecent;
  f[28] = coLast;
}

/** The features of candidate `a` the customer bought before (left 0 when they did not). */
function ownFeatures(f: Float32Array, a: number, p: Purchase | undefined, stats: ItemStats): void {
  if (!p) return;
  const day = stats.day;
  f[0] = 1;
  f[1] = Math.log1p(p.count);
  f[2] = p.lastDay === day - 1 ? 1 : 0;
  f[3] = 1 / (day - p.lastDay);
  f[34] = (p.online ?? p.count) / p.count;
  f[35] = day - p.lastDay;
  const price = stats.meanPrice[a] ?? 0;
  f[36] = p.paid !== undefined && price > 0 ? Math.log(p.paid / p.count / price) : 0;
}

/** The features of candidate `a` itself (popularity, price, age) and of how it fits the history's kinds. */
function itemFeatures(
  f: Float32Array,
  a: number,
  historyLength: number,
  summary: HistorySummary,
  stats: ItemStats,
  coRank: ReadonlyMap<number, number>,
): void {
  const popLastDay = stats.popLastDay[a] ?? 0;
  const popAll = stats.popAll[a] ?? 0;
  const price = stats.meanPrice[a] ?? 0;
  const type = stats.type[a] ?? -1;
  f[7] = Math.log1p(summary.variantCount.get(a) ?? 0);
  f[8] = Math.log1p(popLastDay);
  f[9] = Math.log1p(stats.popLast3[a] ?? 0);
  f[10] = Math.log1p(popAll);
  f[11] = Math.log1p(historyLength);
  f[14] = shareOf(summary.types, type, historyLength);
  f[15] = stats.repeatRate[a] ?? 0;
  f[16] = stats.typeRepeat[type] ?? 0;
  f[17] = summary.activeDays;
  f[18] = summary.lastActive >= 0 ? 1 / (stats.day - summary.lastActive) : 0;
  f[19] = summary.customerPrice > 0 && price > 0 ? Math.log(price / summary.customerPrice) : 0;
  f[20] = Math.log((popLastDay + 1) / (popAll / Math.max(1, stats.days) + 1));
  f[21] = summary.variantRecency.get(a) ?? 0;
  f[24] = shareOf(summary.groups, stats.group[a] ?? -1, historyLength);
  f[25] = Math.log1p(stats.age[a] ?? 0);
  f[26] = Math.log1p(stats.typeRank[a] ?? 0);
  const c = coRank.get(a);
  f[27] = Math.log1p(c ?? 2 * CANDIDATE_LIMITS.copurchase);
  f[29] = Math.log1p(summary.units);
  f[30] = summary.units > 0 ? summary.onlineUnits / summary.units : 0;
  f[31] = stats.onlineShare[a] ?? 0;
  f[32] = shareOf(summary.departments, stats.department[a] ?? -1, historyLength);
  f[33] = shareOf(summary.colors, stats.color[a] ?? -1, historyLength);
}

/**
 * The candidate items for a history (its own items, co-purchased items, colour variants, recent best sellers
 * overall and of the history's product types, plus `extra`) that pass `allow`, and their feature vectors (rows of
 * `FEATURE_COUNT`).
 * @example
 * const { articles, features } = candidatesFor(history, snapshot, similarity);
 */
export function candidatesFor(
  history: readonly Purchase[],
  stats: ItemStats,
  similarity?: Similarity,
  allow: (item: number) => boolean = () => true,
  extra: readonly number[] = [],
): { articles: number[]; features: Float32Array } {
  const summary = summarizeHistory(history, stats);
  const coList = stats.co.recommend(history, CANDIDATE_LIMITS.copurchase, stats.recency);
  const coRank = new Map(coList.map((a, i) => [a, i]));
  const articles = candidateList(summary, coList, stats, allow, extra);
  const features = new Float32Array(articles.length * FEATURE_COUNT);
  articles.forEach((a, i) => {
    const f = features.subarray(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT);
    ownFeatures(f, a, summary.own.get(a), stats);
    relationFeatures(f, a, history, summary.recentItems, stats, similarity);
    itemFeatures(f, a, history.length, summary, stats, coRank);
  });
  return { articles, features };
}

/** Adds one to the count of `kind` (an id, or -1/undefined for none). */
function countKind(counts: Map<number, number>, kind: number | undefined): void {
  if (kind !== undefined && kind >= 0) counts.set(kind, (counts.get(kind) ?? 0) + 1);
}

/** The share of a history of `length` items whose kind is `kind` (0 for no kind or an empty history). */
function shareOf(counts: Map<number, number>, kind: number, length: number): number {
  return kind >= 0 && length > 0 ? (counts.get(kind) ?? 0) / length : 0;
}
