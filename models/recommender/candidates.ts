/**
 * Candidates and ranking features for one customer at one point in time: repurchase, co-purchase, colour
 * variants of bought products, popularity and content similarity. The same features feed the learned ranker in
 * training, in the temporal evaluation and (from in-chat history) in serving.
 */
import { CoPurchase, popularArticles } from './baselines.ts';
import type { HmArticles } from './hm-articles.ts';
import type { Purchase, Transactions } from './transactions.ts';

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
] as const;
export const FEATURE_COUNT = FEATURES.length;

/** Item-to-item similarity of two articles (the learned embedding), when available. */
export type Similarity = (a: number, b: number) => number;

/** What is known at one point in time: purchase histories before `day`, popularity, co-purchases. */
export interface Snapshot {
  /** The day being predicted (day number of the transactions). */
  readonly day: number;
  /** Per customer, their purchases before `day` (article = article index of `HmArticles`). */
  readonly histories: Map<number, Purchase[]>;
  readonly co: CoPurchase;
  readonly popLastDay: Float32Array;
  readonly popLast3: Float32Array;
  readonly popAll: Float32Array;
  /** Most popular articles of the last two days, best first. */
  readonly popular: number[];
  /** Share of an article's buyers who bought it more than once (smoothed). */
  readonly repeatRate: Float32Array;
  /** The same by product type token. */
  readonly typeRepeat: Map<string, number>;
  /** Mean price paid per article (0 when not sold). */
  readonly meanPrice: Float32Array;
  /** Number of days in the snapshot. */
  readonly days: number;
}

/** Maps each transaction article number to its index in `HmArticles` (-1 when unknown). */
export function articleIndexOf(t: Transactions, articles: HmArticles): Int32Array {
  return Int32Array.from(t.articles, (id) => articles.index.get(id) ?? -1);
}

/**
 * The state of knowledge for predicting `day`, from the purchases on days `[fromDay, day - 1]`.
 * @example
 * const snapshot = snapshotAt(transactions, articleIndex, articles, 0, 6);
 */
export function snapshotAt(
  t: Transactions,
  articleIndex: Int32Array,
  hm: HmArticles,
  fromDay: number,
  day: number,
): Snapshot {
  const articleCount = hm.ids.length;
  const byCustomer = new Map<number, Map<number, Purchase>>();
  const popLastDay = new Float32Array(articleCount);
  const popLast3 = new Float32Array(articleCount);
  const popAll = new Float32Array(articleCount);
  for (let r = 0; r < t.size; r++) {
    const d = t.day[r];
    if (d < fromDay || d >= day) continue;
    const a = articleIndex[t.article[r]];
    if (a < 0) continue;
    popAll[a]++;
    if (d >= day - 3) popLast3[a]++;
    if (d === day - 1) popLastDay[a]++;
    let purchases = byCustomer.get(t.customer[r]);
    if (!purchases) {
      purchases = new Map();
      byCustomer.set(t.customer[r], purchases);
    }
    const p = purchases.get(a);
    if (p) {
      p.count++;
      p.lastDay = Math.max(p.lastDay, d);
    } else purchases.set(a, { article: a, count: 1, lastDay: d });
  }
  const priceSum = new Float32Array(articleCount);
  for (let r = 0; r < t.size; r++) {
    const d = t.day[r];
    const a = articleIndex[t.article[r]];
    if (d >= fromDay && d < day && a >= 0) priceSum[a] += t.price[r];
  }
  const meanPrice = priceSum.map((sum, a) => (popAll[a] > 0 ? sum / popAll[a] : 0));
  const histories = new Map([...byCustomer].map(([c, m]) => [c, [...m.values()]]));
  const buyers = new Float32Array(articleCount);
  const repeaters = new Float32Array(articleCount);
  for (const history of histories.values()) {
    for (const p of history) {
      buyers[p.article]++;
      if (p.count > 1) repeaters[p.article]++;
    }
  }
  let totalBuyers = 0;
  let totalRepeaters = 0;
  for (let a = 0; a < articleCount; a++) {
    totalBuyers += buyers[a];
    totalRepeaters += repeaters[a];
  }
  const prior = totalBuyers > 0 ? totalRepeaters / totalBuyers : 0;
  const repeatRate = buyers.map((b, a) => (repeaters[a] + 5 * prior) / (b + 5));
  const typeCounts = new Map<string, [number, number]>();
  for (let a = 0; a < articleCount; a++) {
    if (buyers[a] === 0) continue;
    const type = hm.tokens[a]?.[0];
    if (!type) continue;
    const c = typeCounts.get(type) ?? [0, 0];
    c[0] += buyers[a];
    c[1] += repeaters[a];
    typeCounts.set(type, c);
  }
  const typeRepeat = new Map([...typeCounts].map(([type, [b, r]]) => [type, (r + 20 * prior) / (b + 20)]));
  const recent = popularArticles(t, Math.max(fromDay, day - 2), day - 1)
    .map((a) => articleIndex[a])
    .filter((a) => a >= 0);
  return {
    day,
    histories,
    co: new CoPurchase(histories.values()),
    popLastDay,
    popLast3,
    popAll,
    popular: recent.slice(0, 100),
    repeatRate,
    typeRepeat,
    meanPrice,
    days: day - fromDay,
  };
}

/** Colour variants (same product code) of every article. */
export function variantIndex(articles: HmArticles): Map<number, number[]> {
  const byCode = new Map<number, number[]>();
  articles.productCode.forEach((code, a) => {
    const list = byCode.get(code);
    if (list) list.push(a);
    else byCode.set(code, [a]);
  });
  return byCode;
}

/** How many candidates of each kind to take. */
export const CANDIDATE_LIMITS = { copurchase: 80, variantsPerItem: 8, popular: 24 } as const;

/**
 * The candidate articles for a history (its own articles, co-purchased articles, colour variants, recent best
 * sellers) and their feature vectors (rows of `FEATURE_COUNT`).
 * @example
 * const { articles, features } = candidatesFor(history, snapshot, hm, variants);
 */
export function candidatesFor(
  history: readonly Purchase[],
  snapshot: Snapshot,
  hm: HmArticles,
  variants: Map<number, number[]>,
  similarity?: Similarity,
): { articles: number[]; features: Float32Array } {
  const own = new Map(history.map((p) => [p.article, p]));
  const set = new Set<number>(own.keys());
  for (const a of snapshot.co.recommend(history, CANDIDATE_LIMITS.copurchase)) set.add(a);
  const variantCount = new Map<number, number>();
  const variantRecency = new Map<number, number>();
  for (const p of history) {
    const list = variants.get(hm.productCode[p.article]) ?? [];
    for (const v of list.slice(0, CANDIDATE_LIMITS.variantsPerItem + 1)) {
      if (v === p.article) continue;
      set.add(v);
      variantCount.set(v, (variantCount.get(v) ?? 0) + 1);
      variantRecency.set(v, Math.max(variantRecency.get(v) ?? 0, 1 / (snapshot.day - p.lastDay)));
    }
  }
  for (const a of snapshot.popular.slice(0, CANDIDATE_LIMITS.popular)) set.add(a);
  const articles = [...set];
  const features = new Float32Array(articles.length * FEATURE_COUNT);
  const historyTypes = new Map<string, number>();
  const activeDays = new Set<number>();
  let lastActive = -1;
  let priceSum = 0;
  let priced = 0;
  for (const p of history) {
    const type = hm.tokens[p.article]?.[0];
    if (type) historyTypes.set(type, (historyTypes.get(type) ?? 0) + 1);
    activeDays.add(p.lastDay);
    lastActive = Math.max(lastActive, p.lastDay);
    if (snapshot.meanPrice[p.article] > 0) {
      priceSum += snapshot.meanPrice[p.article];
      priced++;
    }
  }
  const customerPrice = priced > 0 ? priceSum / priced : 0;
  const logLength = Math.log1p(history.length);
  articles.forEach((a, i) => {
    const f = features.subarray(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT);
    const p = own.get(a);
    if (p) {
      f[0] = 1;
      f[1] = Math.log1p(p.count);
      f[2] = p.lastDay === snapshot.day - 1 ? 1 : 0;
      f[3] = 1 / (snapshot.day - p.lastDay);
    }
    let coSum = 0;
    let coMax = 0;
    let coCount = 0;
    let coRecency = 0;
    let simMax = 0;
    let simSum = 0;
    for (const h of history) {
      if (h.article === a) continue;
      const s = snapshot.co.score(h.article, a);
      coSum += s;
      coMax = Math.max(coMax, s);
      coCount += snapshot.co.count(h.article, a);
      coRecency += s / (snapshot.day - h.lastDay);
      if (similarity) {
        const sim = similarity(h.article, a);
        simMax = Math.max(simMax, sim);
        simSum += sim;
      }
    }
    f[4] = coSum;
    f[5] = coMax;
    f[6] = Math.log1p(coCount);
    f[7] = Math.log1p(variantCount.get(a) ?? 0);
    f[8] = Math.log1p(snapshot.popLastDay[a]);
    f[9] = Math.log1p(snapshot.popLast3[a]);
    f[10] = Math.log1p(snapshot.popAll[a]);
    f[11] = logLength;
    f[12] = simMax;
    f[13] = history.length > 0 ? simSum / history.length : 0;
    const type = hm.tokens[a]?.[0];
    f[14] = type && history.length > 0 ? (historyTypes.get(type) ?? 0) / history.length : 0;
    f[15] = snapshot.repeatRate[a];
    f[16] = type ? (snapshot.typeRepeat.get(type) ?? 0) : 0;
    f[17] = activeDays.size;
    f[18] = lastActive >= 0 ? 1 / (snapshot.day - lastActive) : 0;
    f[19] = customerPrice > 0 && snapshot.meanPrice[a] > 0 ? Math.log(snapshot.meanPrice[a] / customerPrice) : 0;
    f[20] = Math.log((snapshot.popLastDay[a] + 1) / (snapshot.popAll[a] / Math.max(1, snapshot.days) + 1));
    f[21] = variantRecency.get(a) ?? 0;
    f[22] = coRecency;
  });
  return { articles, features };
}
