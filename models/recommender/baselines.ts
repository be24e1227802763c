/**
 * The simple methods the model is compared with on the temporal split: global popularity of the last days,
 * repurchase + popularity, and item-to-item co-purchase combined with repurchase.
 */
import type { Purchase, Transactions } from './transactions.ts';

/**
 * Articles by units sold on days `[fromDay, toDay]`, best first; ties go to the article that sold more units on all
 * days up to `toDay`, then to the lower article number.
 * @example
 * popularArticles(transactions, 3, 5).slice(0, 12);
 */
export function popularArticles(t: Transactions, fromDay: number, toDay: number): number[] {
  const counts = new Map<number, number>();
  const before = new Map<number, number>();
  for (let r = 0; r < t.size; r++) {
    const day = t.day[r] ?? -1;
    const a = t.article[r] ?? -1;
    if (day > toDay) continue;
    before.set(a, (before.get(a) ?? 0) + 1);
    if (day >= fromDay) counts.set(a, (counts.get(a) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (before.get(b[0]) ?? 0) - (before.get(a[0]) ?? 0) || a[0] - b[0])
    .map(([a]) => a);
}

/** How popular each article is right now (higher first); baselines break ties with it. */
export type Popularity = ArrayLike<number>;

/**
 * A customer's own articles, most recent first, then most units, then the most popular right now.
 * @example
 * repurchaseOrder([{ article: 4, count: 1, lastDay: 2 }, { article: 9, count: 3, lastDay: 5 }]); // [9, 4]
 */
export function repurchaseOrder(history: readonly Purchase[], popularity?: Popularity): number[] {
  const pop = (a: number) => popularity?.[a] ?? 0;
  return [...history]
    .sort(
      (a, b) => b.lastDay - a.lastDay || b.count - a.count || pop(b.article) - pop(a.article) || a.article - b.article,
    )
    .map((p) => p.article);
}

/** Appends `fill` to `list` (skipping duplicates) up to `k` items. */
export function fillUp(list: readonly number[], fill: readonly number[], k: number): number[] {
  const out = list.slice(0, k);
  const seen = new Set(out);
  for (const a of fill) {
    if (out.length >= k) break;
    if (!seen.has(a)) {
      seen.add(a);
      out.push(a);
    }
  }
  return out;
}

/**
 * Item-to-item co-purchase counts: two articles co-occur when one customer bought both during the training days.
 * Scores are normalised as count / sqrt(n_a · n_b) (cosine of the customer sets).
 */
export class CoPurchase {
  private readonly neighbours = new Map<number, Map<number, number>>();
  private readonly buyers = new Map<number, number>();

  /** Customers with more than `maxItems` distinct articles are left out (bulk buyers add noise, cost quadratic time). */
  constructor(histories: Iterable<readonly Purchase[]>, maxItems = 60) {
    for (const history of histories) {
      if (history.length > maxItems) continue;
      for (const p of history) this.buyers.set(p.article, (this.buyers.get(p.article) ?? 0) + 1);
      history.forEach(({ article: a }, i) => {
        let row = this.neighbours.get(a);
        if (!row) {
          row = new Map();
          this.neighbours.set(a, row);
        }
        for (let j = 0; j < history.length; j++) {
          const b = history[j]?.article;
          if (i === j || b === undefined) continue;
          row.set(b, (row.get(b) ?? 0) + 1);
        }
      });
    }
  }

  /** Customers who bought an article (at least 1 for any article with a co-purchase, which is all this is asked about). */
  private buyersOf(a: number): number {
    return this.buyers.get(a) ?? 1;
  }

  /** Normalised co-purchase score of two articles (0 when never bought together). */
  score(a: number, b: number): number {
    const count = this.neighbours.get(a)?.get(b);
    if (!count) return 0;
    return count / Math.sqrt(this.buyersOf(a) * this.buyersOf(b));
  }

  /** Raw co-purchase count of two articles. */
  count(a: number, b: number): number {
    return this.neighbours.get(a)?.get(b) ?? 0;
  }

  /** Articles bought with `a`, with their normalised scores. */
  neighboursOf(a: number): [number, number][] {
    const row = this.neighbours.get(a);
    if (!row) return [];
    const na = this.buyersOf(a);
    return [...row].map(([b, count]) => [b, count / Math.sqrt(na * this.buyersOf(b))]);
  }

  /** Articles bought with any of `history`, by normalised co-purchase score (see `neighbourRecommendations`). */
  recommend(history: readonly Purchase[], limit: number, popularity?: Popularity): number[] {
    return neighbourRecommendations(history, limit, (a) => this.neighboursOf(a), popularity);
  }

  /** Articles bought with any of `history`, by how many customers bought them together (raw counts). */
  recommendByCount(history: readonly Purchase[], limit: number, popularity?: Popularity): number[] {
    return neighbourRecommendations(history, limit, (a) => this.neighbours.get(a) ?? [], popularity);
  }
}

/**
 * Articles bought with any of `history`, scored by the sum of their co-purchase scores, best first (ties: the most
 * popular right now, when `popularity` is given, then the lower index); the history's own articles are left out.
 * @example
 * neighbourRecommendations(history, 12, (a) => copurchase.neighboursOf(a), popularity);
 */
export function neighbourRecommendations(
  history: readonly Purchase[],
  limit: number,
  neighboursOf: (article: number) => Iterable<readonly [number, number]>,
  popularity?: Popularity,
): number[] {
  const own = new Set(history.map((p) => p.article));
  const scores = new Map<number, number>();
  for (const p of history) {
    for (const [b, s] of neighboursOf(p.article)) {
      if (!own.has(b)) scores.set(b, (scores.get(b) ?? 0) + s);
    }
  }
  const pop = (a: number) => popularity?.[a] ?? 0;
  return [...scores]
    .sort((x, y) => y[1] - x[1] || pop(y[0]) - pop(x[0]) || x[0] - y[0])
    .slice(0, limit)
    .map(([b]) => b);
}
