/**
 * Candidates and ranking features for one customer at one point in time: repurchase, co-purchase, colour
 * variants of bought products, popularity and content similarity. The same features feed the learned ranker in
 * training, in the temporal evaluation and (from in-chat history) in serving.
 */
import { CoPurchase, type Popularity, popularArticles } from './baselines.ts';
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

/** Item-to-item similarity of two articles (the learned embedding), when available. */
export type Similarity = (a: number, b: number) => number;

/** Co-purchase signal between two items. */
export interface CoSignal {
  /** Normalised co-purchase score (0 when never bought together). */
  score(a: number, b: number): number;
  /** Raw co-purchase count. */
  count(a: number, b: number): number;
  /** Items bought with any of `history`, best first (ties: most popular right now). */
  recommend(history: readonly Purchase[], limit: number, popularity?: Popularity): number[];
  /** Items bought with any of `history` by the most customers (raw counts summed; ties: most popular right now). */
  recommendByCount(history: readonly Purchase[], limit: number, popularity?: Popularity): number[];
}

/**
 * What the ranking features read about items at one point in time, indexed by item: the temporal evaluation builds
 * it from the purchases before the predicted day (a `Snapshot`), serving from the saved artifacts (catalogue order).
 */
export interface ItemStats {
  /** The day being predicted (purchase days count before it). */
  readonly day: number;
  /** Number of days of purchases behind the statistics. */
  readonly days: number;
  readonly popLastDay: Float32Array;
  readonly popLast3: Float32Array;
  readonly popAll: Float32Array;
  /** Units of the last 3 days, ties broken by all units: the "popular right now" order baselines use too. */
  readonly recency: Float32Array;
  /** Share of an item's buyers who bought it more than once (smoothed). */
  readonly repeatRate: Float32Array;
  /** Mean price paid per item (0 when not sold). */
  readonly meanPrice: Float32Array;
  /** Share of an item's units sold online (smoothed). */
  readonly onlineShare: Float32Array;
  /** Days between the first sale in the window and `day` (0 when not sold). */
  readonly age: Float32Array;
  /** Product type id per item (-1 none). */
  readonly type: Int32Array;
  /** Index group id (ladieswear, menswear, …) per item (-1 none). */
  readonly group: Int32Array;
  /** Department id per item (-1 none). */
  readonly department: Int32Array;
  /** Colour group id per item (-1 none). */
  readonly colour: Int32Array;
  /** Repeat rate by product type id. */
  readonly typeRepeat: Float32Array;
  /** Best sellers of the last two days, best first. */
  readonly popular: number[];
  /** Per product type id, its best sellers right now, best first. */
  readonly popularByType: number[][];
  /** An item's place in its type's `popularByType` list (2 × TYPE_POPULAR when not in it). */
  readonly typeRank: Float32Array;
  readonly co: CoSignal;
  /** Colour variants (same product) of an item, the item included. */
  variantsOf(item: number): readonly number[];
}

/** What is known at one point in time: purchase histories before `day` and the item statistics. */
export interface Snapshot extends ItemStats {
  /** Per customer, their purchases before `day` (article = article index of `HmArticles`). */
  readonly histories: Map<number, Purchase[]>;
  readonly co: CoPurchase;
}

/** Product type, index group, department and colour ids of the H&M articles (from their `hm-…:` tokens). */
export interface ArticleKinds {
  type: Int32Array;
  group: Int32Array;
  department: Int32Array;
  colour: Int32Array;
  types: string[];
  groups: string[];
}

/**
 * Numbers the product types and index groups of the articles.
 * @example
 * const kinds = articleKinds(hm); kinds.types[kinds.type[0]]; // 'vest top'
 */
export function articleKinds(hm: HmArticles): ArticleKinds {
  const typeIds = new Map<string, number>();
  const groupIds = new Map<string, number>();
  const departmentIds = new Map<string, number>();
  const colourIds = new Map<string, number>();
  const n = hm.ids.length;
  const type = new Int32Array(n).fill(-1);
  const group = new Int32Array(n).fill(-1);
  const department = new Int32Array(n).fill(-1);
  const colour = new Int32Array(n).fill(-1);
  const id = (ids: Map<string, number>, value: string) => {
    let v = ids.get(value);
    if (v === undefined) {
      v = ids.size;
      ids.set(value, v);
    }
    return v;
  };
  for (let a = 0; a < n; a++) {
    for (const token of hm.tokens[a] ?? []) {
      if (token.startsWith('hm-type:')) type[a] = id(typeIds, token.slice(8));
      else if (token.startsWith('hm-index:')) group[a] = id(groupIds, token.slice(9));
      else if (token.startsWith('hm-dept:')) department[a] = id(departmentIds, token.slice(8));
      else if (token.startsWith('hm-color:')) colour[a] = id(colourIds, token.slice(9));
    }
  }
  return { type, group, department, colour, types: [...typeIds.keys()], groups: [...groupIds.keys()] };
}

/** Maps each transaction article number to its index in `HmArticles` (-1 when unknown). */
export function articleIndexOf(t: Transactions, articles: HmArticles): Int32Array {
  return Int32Array.from(t.articles, (id) => articles.index.get(id) ?? -1);
}

/** Best sellers kept per product type. */
export const TYPE_POPULAR = 12;

/**
 * The state of knowledge for predicting `day`, from the purchases on days `[fromDay, day - 1]`.
 * @example
 * const snapshot = snapshotAt(transactions, articleIndex, articles, 0, 6, kinds, variants);
 */
export function snapshotAt(
  t: Transactions,
  articleIndex: Int32Array,
  hm: HmArticles,
  fromDay: number,
  day: number,
  kinds: ArticleKinds = articleKinds(hm),
  variants: Map<number, number[]> = variantIndex(hm),
): Snapshot {
  const articleCount = hm.ids.length;
  const byCustomer = new Map<number, Map<number, Purchase>>();
  const popLastDay = new Float32Array(articleCount);
  const popLast3 = new Float32Array(articleCount);
  const popAll = new Float32Array(articleCount);
  const priceSum = new Float32Array(articleCount);
  const onlineUnits = new Float32Array(articleCount);
  let onlineTotal = 0;
  let unitsTotal = 0;
  const first = new Int32Array(articleCount).fill(day);
  for (let r = 0; r < t.size; r++) {
    const d = t.day[r] ?? -1;
    if (d < fromDay || d >= day) continue;
    const a = articleIndex[t.article[r] ?? -1] ?? -1;
    if (a < 0) continue;
    const price = t.price[r] ?? 0;
    const online = t.online[r] ?? 0;
    const customer = t.customer[r] ?? -1;
    popAll[a] = (popAll[a] ?? 0) + 1;
    priceSum[a] = (priceSum[a] ?? 0) + price;
    onlineUnits[a] = (onlineUnits[a] ?? 0) + online;
    onlineTotal += online;
    unitsTotal++;
    if (d < (first[a] ?? day)) first[a] = d;
    if (d >= day - 3) popLast3[a] = (popLast3[a] ?? 0) + 1;
    if (d === day - 1) popLastDay[a] = (popLastDay[a] ?? 0) + 1;
    let purchases = byCustomer.get(customer);
    if (!purchases) {
      purchases = new Map();
      byCustomer.set(customer, purchases);
    }
    const p = purchases.get(a);
    if (p) {
      p.count++;
      p.online = (p.online ?? 0) + online;
      p.lastDay = Math.max(p.lastDay, d);
      p.paid = (p.paid ?? 0) + price;
    } else purchases.set(a, { article: a, count: 1, lastDay: d, online, paid: price });
  }
  const onlinePrior = unitsTotal > 0 ? onlineTotal / unitsTotal : 0.5;
  const onlineShare = onlineUnits.map((o, a) => (o + 5 * onlinePrior) / ((popAll[a] ?? 0) + 5));
  const meanPrice = priceSum.map((sum, a) => {
    const units = popAll[a] ?? 0;
    return units > 0 ? sum / units : 0;
  });
  const age = Float32Array.from(first, (f) => day - f);
  let maxAll = 0;
  for (const units of popAll) maxAll = Math.max(maxAll, units);
  const recency = popLast3.map((units, a) => units + (popAll[a] ?? 0) / (maxAll + 1));
  const histories = new Map([...byCustomer].map(([c, m]) => [c, [...m.values()]]));
  const buyers = new Float32Array(articleCount);
  const repeaters = new Float32Array(articleCount);
  for (const history of histories.values()) {
    for (const p of history) {
      buyers[p.article] = (buyers[p.article] ?? 0) + 1;
      if (p.count > 1) repeaters[p.article] = (repeaters[p.article] ?? 0) + 1;
    }
  }
  let totalBuyers = 0;
  let totalRepeaters = 0;
  for (let a = 0; a < articleCount; a++) {
    totalBuyers += buyers[a] ?? 0;
    totalRepeaters += repeaters[a] ?? 0;
  }
  const prior = totalBuyers > 0 ? totalRepeaters / totalBuyers : 0;
  const repeatRate = buyers.map((b, a) => ((repeaters[a] ?? 0) + 5 * prior) / (b + 5));
  const typeBuyers = new Float32Array(kinds.types.length);
  const typeRepeaters = new Float32Array(kinds.types.length);
  for (let a = 0; a < articleCount; a++) {
    const type = kinds.type[a] ?? -1;
    const b = buyers[a] ?? 0;
    if (b === 0 || type < 0) continue;
    typeBuyers[type] = (typeBuyers[type] ?? 0) + b;
    typeRepeaters[type] = (typeRepeaters[type] ?? 0) + (repeaters[a] ?? 0);
  }
  const typeRepeat = typeBuyers.map((b, type) => ((typeRepeaters[type] ?? 0) + 20 * prior) / (b + 20));
  const recent = popularArticles(t, Math.max(fromDay, day - 2), day - 1)
    .map((a) => articleIndex[a] ?? -1)
    .filter((a) => a >= 0);
  return {
    day,
    days: day - fromDay,
    histories,
    co: new CoPurchase(histories.values()),
    popLastDay,
    popLast3,
    popAll,
    recency,
    popular: recent.slice(0, 100),
    ...popularByType(recency, kinds.type, kinds.types.length),
    repeatRate,
    typeRepeat,
    meanPrice,
    onlineShare,
    age,
    type: kinds.type,
    group: kinds.group,
    department: kinds.department,
    colour: kinds.colour,
    variantsOf: (a) => variants.get(hm.productCode[a] ?? -1) ?? [a],
  };
}

/**
 * Per product type, the `TYPE_POPULAR` items with the highest `recency` (sold items only), best first, and each
 * item's place in its list.
 * @example
 * const { popularByType: lists, typeRank } = popularByType(stats.recency, stats.type, types.length);
 */
export function popularByType(
  recency: Float32Array,
  type: Int32Array,
  types: number,
): { popularByType: number[][]; typeRank: Float32Array } {
  const lists: number[][] = Array.from({ length: types }, () => []);
  const typeRank = new Float32Array(recency.length).fill(2 * TYPE_POPULAR);
  const sold: number[] = [];
  for (let a = 0; a < recency.length; a++) {
    const t = type[a] ?? -1;
    if ((recency[a] ?? 0) > 0 && t >= 0 && t < types) sold.push(a);
  }
  sold.sort((a, b) => (recency[b] ?? 0) - (recency[a] ?? 0) || a - b);
  for (const a of sold) {
    const list = lists[type[a] ?? -1];
    if (!list || list.length >= TYPE_POPULAR) continue;
    typeRank[a] = list.length;
    list.push(a);
  }
  return { popularByType: lists, typeRank };
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
export const CANDIDATE_LIMITS = { copurchase: 150, variantsPerItem: 12, popular: 48, types: 4 } as const;

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
  const day = stats.day;
  const own = new Map(history.map((p) => [p.article, p]));
  const set = new Set<number>();
  const add = (a: number) => {
    if (!set.has(a) && allow(a)) set.add(a);
  };
  for (const a of own.keys()) add(a);
  const coList = stats.co.recommend(history, CANDIDATE_LIMITS.copurchase, stats.recency);
  const coRank = new Map(coList.map((a, i) => [a, i]));
  for (const a of coList) add(a);
  const variantCount = new Map<number, number>();
  const variantRecency = new Map<number, number>();
  const historyTypes = new Map<number, number>();
  const historyGroups = new Map<number, number>();
  const historyDepartments = new Map<number, number>();
  const historyColours = new Map<number, number>();
  const activeDays = new Set<number>();
  let lastActive = -1;
  let priceSum = 0;
  let priced = 0;
  let units = 0;
  let onlineUnits = 0;
  for (const p of history) {
    units += p.count;
    onlineUnits += p.online ?? p.count;
    let taken = 0;
    for (const v of stats.variantsOf(p.article)) {
      if (v === p.article) continue;
      if (taken++ >= CANDIDATE_LIMITS.variantsPerItem) break;
      add(v);
      variantCount.set(v, (variantCount.get(v) ?? 0) + 1);
      variantRecency.set(v, Math.max(variantRecency.get(v) ?? 0, 1 / (day - p.lastDay)));
    }
    countKind(historyTypes, stats.type[p.article]);
    countKind(historyGroups, stats.group[p.article]);
    countKind(historyDepartments, stats.department[p.article]);
    countKind(historyColours, stats.colour[p.article]);
    activeDays.add(p.lastDay);
    lastActive = Math.max(lastActive, p.lastDay);
    const price = stats.meanPrice[p.article] ?? 0;
    if (price > 0) {
      priceSum += price;
      priced++;
    }
  }
  for (const a of stats.popular.slice(0, CANDIDATE_LIMITS.popular)) add(a);
  const topTypes = [...historyTypes].sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, CANDIDATE_LIMITS.types);
  for (const [type] of topTypes) for (const a of stats.popularByType[type] ?? []) add(a);
  for (const a of extra) add(a);
  const articles = [...set];
  const features = new Float32Array(articles.length * FEATURE_COUNT);
  const recentItems = history.filter((p) => p.lastDay === lastActive).map((p) => p.article);
  const customerPrice = priced > 0 ? priceSum / priced : 0;
  const logLength = Math.log1p(history.length);
  const noRank = Math.log1p(2 * CANDIDATE_LIMITS.copurchase);
  articles.forEach((a, i) => {
    const f = features.subarray(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT);
    const p = own.get(a);
    if (p) {
      f[0] = 1;
      f[1] = Math.log1p(p.count);
      f[2] = p.lastDay === day - 1 ? 1 : 0;
      f[3] = 1 / (day - p.lastDay);
      f[34] = (p.online ?? p.count) / p.count;
      f[35] = day - p.lastDay;
      const price = stats.meanPrice[a] ?? 0;
      f[36] = p.paid !== undefined && price > 0 ? Math.log(p.paid / p.count / price) : 0;
    }
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
    f[7] = Math.log1p(variantCount.get(a) ?? 0);
    const popLastDay = stats.popLastDay[a] ?? 0;
    const popAll = stats.popAll[a] ?? 0;
    const price = stats.meanPrice[a] ?? 0;
    f[8] = Math.log1p(popLastDay);
    f[9] = Math.log1p(stats.popLast3[a] ?? 0);
    f[10] = Math.log1p(popAll);
    f[11] = logLength;
    f[12] = simMax;
    f[13] = history.length > 0 ? simSum / history.length : 0;
    const type = stats.type[a] ?? -1;
    f[14] = shareOf(historyTypes, type, history.length);
    f[15] = stats.repeatRate[a] ?? 0;
    f[16] = stats.typeRepeat[type] ?? 0;
    f[17] = activeDays.size;
    f[18] = lastActive >= 0 ? 1 / (day - lastActive) : 0;
    f[19] = customerPrice > 0 && price > 0 ? Math.log(price / customerPrice) : 0;
    f[20] = Math.log((popLastDay + 1) / (popAll / Math.max(1, stats.days) + 1));
    f[21] = variantRecency.get(a) ?? 0;
    f[22] = coRecency;
    f[23] = simRecent;
    f[24] = shareOf(historyGroups, stats.group[a] ?? -1, history.length);
    f[25] = Math.log1p(stats.age[a] ?? 0);
    f[26] = Math.log1p(stats.typeRank[a] ?? 0);
    const c = coRank.get(a);
    f[27] = c === undefined ? noRank : Math.log1p(c);
    f[28] = coLast;
    f[29] = Math.log1p(units);
    f[30] = units > 0 ? onlineUnits / units : 0;
    f[31] = stats.onlineShare[a] ?? 0;
    f[32] = shareOf(historyDepartments, stats.department[a] ?? -1, history.length);
    f[33] = shareOf(historyColours, stats.colour[a] ?? -1, history.length);
  });
  return { articles, features };
}

/**
 * Whether items `a` and `b` have the same kind (product type, colour, department, …) in `kinds`, a kind being an
 * id ≥ 0 (-1: none).
 * @example
 * sameKind(stats.type, 7, 12);
 */
export function sameKind(kinds: Int32Array, a: number, b: number): boolean {
  const kind = kinds[a] ?? -1;
  return kind >= 0 && kind === kinds[b];
}

/** Adds one to the count of `kind` (an id, or -1/undefined for none). */
function countKind(counts: Map<number, number>, kind: number | undefined): void {
  if (kind !== undefined && kind >= 0) counts.set(kind, (counts.get(kind) ?? 0) + 1);
}

/** The share of a history of `length` items whose kind is `kind` (0 for no kind or an empty history). */
function shareOf(counts: Map<number, number>, kind: number, length: number): number {
  return kind >= 0 && length > 0 ? (counts.get(kind) ?? 0) / length : 0;
}
