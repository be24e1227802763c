/** Ranking metrics at k, as in the H&M competition (MAP@12 divides by min(number bought, 12)). */

/** Mean metrics over a population of customers. */
export interface RankingMetrics {
  'map@12': number;
  'recall@12': number;
  'precision@12': number;
  'f1@12': number;
  'ndcg@12': number;
  /** Share of the catalogue's items recommended to at least one customer. */
  coverage: number;
}

/**
 * Average precision at k of one ranked list against the set of items actually bought.
 * @example
 * averagePrecision([5, 7, 9], new Set([7]), 12); // 0.5
 */
export function averagePrecision(predicted: readonly number[], actual: ReadonlySet<number>, k: number): number {
  if (actual.size === 0) return 0;
  let hits = 0;
  let sum = 0;
  const seen = new Set<number>();
  for (let i = 0; i < Math.min(k, predicted.length); i++) {
    const p = predicted[i] ?? -1;
    if (seen.has(p)) continue;
    seen.add(p);
    if (actual.has(p)) {
      hits++;
      sum += hits / (i + 1);
    }
  }
  return sum / Math.min(actual.size, k);
}

/**
 * Mean MAP, recall, precision, F1 and NDCG at k over `customers`, and catalogue coverage.
 * A customer without a prediction counts as a list with no hits.
 * @example
 * rankingMetrics(new Map([[1, [5, 7]]]), new Map([[1, new Set([7])]]), [1], 12, 1000)['map@12']; // 0.5
 */
export function rankingMetrics(
  predictions: ReadonlyMap<number, readonly number[]>,
  truth: ReadonlyMap<number, ReadonlySet<number>>,
  customers: readonly number[],
  k: number,
  catalogSize: number,
): RankingMetrics {
  let map = 0;
  let recall = 0;
  let precision = 0;
  let f1 = 0;
  let ndcg = 0;
  const recommended = new Set<number>();
  for (const c of customers) {
    const actual = truth.get(c) ?? new Set<number>();
    const predicted = (predictions.get(c) ?? []).slice(0, k);
    for (const p of predicted) recommended.add(p);
    map += averagePrecision(predicted, actual, k);
    let hits = 0;
    let dcg = 0;
    predicted.forEach((p, i) => {
      if (actual.has(p)) {
        hits++;
        dcg += 1 / Math.log2(i + 2);
      }
    });
    let idcg = 0;
    for (let i = 0; i < Math.min(actual.size, k); i++) idcg += 1 / Math.log2(i + 2);
    const r = actual.size > 0 ? hits / actual.size : 0;
    const p = hits / k;
    recall += r;
    precision += p;
    f1 += r + p > 0 ? (2 * r * p) / (r + p) : 0;
    ndcg += idcg > 0 ? dcg / idcg : 0;
  }
  const n = Math.max(1, customers.length);
  return {
    'map@12': map / n,
    'recall@12': recall / n,
    'precision@12': precision / n,
    'f1@12': f1 / n,
    'ndcg@12': ndcg / n,
    coverage: catalogSize > 0 ? recommended.size / catalogSize : 0,
  };
}
