/**
 * The state of knowledge for predicting one day of H&M purchases: every customer's purchases before it and the
 * item statistics (popularity, prices, repeat rates, kinds, best sellers per type, colour variants) built from them.
 */
import { CoPurchase, popularArticles } from './baselines.ts';
import type { HmArticles } from './hm-articles.ts';
import type { ItemStats } from './item-stats.ts';
import type { Purchase, Transactions } from './transactions.ts';

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
  color: Int32Array;
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
  const colorIds = new Map<string, number>();
  const n = hm.ids.length;
  const type = new Int32Array(n).fill(-1);
  const group = new Int32Array(n).fill(-1);
  const department = new Int32Array(n).fill(-1);
  const color = new Int32Array(n).fill(-1);
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
      else if (token.startsWith('hm-color:')) color[a] = id(colorIds, token.slice(9));
    }
  }
  return { type, group, department, color, types: [...typeIds.keys()], groups: [...groupIds.keys()] };
}

/** Maps each transaction article number to its index in `HmArticles` (-1 when unknown). */
export function articleIndexOf(t: Transactions, articles: HmArticles): Int32Array {
  return Int32Array.from(t.articles, (id) => articles.index.get(id) ?? -1);
}

/** Best sellers kept per product type. */
export const TYPE_POPULAR = 12;

/** Units, money and first sales per article, and per customer their purchases, over days `[fromDay, day - 1]`. */
interface Tally {
  byCustomer: Map<number, Map<number, Purchase>>;
  popLastDay: Float32Array;
  popLast3: Float32Array;
  popAll: Float32Array;
  priceSum: Float32Array;
  onlineUnits: Float32Array;
  /** Share of all units sold online. */
  onlinePrior: number;
  /** Per article, its first day of sale (`day` when not sold). */
  first: Int32Array;
}

/** Counts the purchases of days `[fromDay, day - 1]` (one pass over the transactions). */
function tallyPurchases(t: Transactions, articleIndex: Int32Array, articleCount: number, fromDay: number, day: number) {
  const tally: Tally = {
    byCustomer: new Map(),
    popLastDay: new Float32Array(articleCount),
    popLast3: new Float32Array(articleCount),
    popAll: new Float32Array(articleCount),
    priceSum: new Float32Array(articleCount),
    onlineUnits: new Float32Array(articleCount),
    onlinePrior: 0.5,
    first: new Int32Array(articleCount).fill(day),
  };
  const { byCustomer, popLastDay, popLast3, popAll, priceSum, onlineUnits, first } = tally;
  let onlineTotal = 0;
  let unitsTotal = 0;
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
  if (unitsTotal > 0) tally.onlinePrior = onlineTotal / unitsTotal;
  return tally;
}

/**
 * Per article, the share of its buyers who bought it more than once, and the same per product type (both smoothed
 * towards the overall share).
 */
function repeatRates(
  histories: Iterable<readonly Purchase[]>,
  kinds: ArticleKinds,
  articleCount: number,
): { repeatRate: Float32Array; typeRepeat: Float32Array } {
  const buyers = new Float32Array(articleCount);
  const repeaters = new Float32Array(articleCount);
  for (const history of histories) {
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
  return { repeatRate, typeRepeat };
}

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
  const tally = tallyPurchases(t, articleIndex, hm.ids.length, fromDay, day);
  const { popAll, popLast3, onlinePrior } = tally;
  const onlineShare = tally.onlineUnits.map((o, a) => (o + 5 * onlinePrior) / ((popAll[a] ?? 0) + 5));
  const meanPrice = tally.priceSum.map((sum, a) => {
    const units = popAll[a] ?? 0;
    return units > 0 ? sum / units : 0;
  });
  let maxAll = 0;
  for (const units of popAll) maxAll = Math.max(maxAll, units);
  const recency = popLast3.map((units, a) => units + (popAll[a] ?? 0) / (maxAll + 1));
  const histories = new Map([...tally.byCustomer].map(([c, m]) => [c, [...m.values()]]));
  const recent = popularArticles(t, Math.max(fromDay, day - 2), day - 1)
    .map((a) => articleIndex[a] ?? -1)
    .filter((a) => a >= 0);
  return {
    day,
    days: day - fromDay,
    histories,
    co: new CoPurchase(histories.values()),
    popLastDay: tally.popLastDay,
    popLast3,
    popAll,
    recency,
    popular: recent.slice(0, 100),
    ...popularByType(recency, kinds.type, kinds.types.length),
    ...repeatRates(histories.values(), kinds, hm.ids.length),
    meanPrice,
    onlineShare,
    age: Float32Array.from(tally.first, (f) => day - f),
    type: kinds.type,
    group: kinds.group,
    department: kinds.department,
    color: kinds.color,
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
