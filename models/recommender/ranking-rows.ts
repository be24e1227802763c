/**
 * The ranker's training and validation rows: for each customer who bought something on a day, the candidates of
 * their history before it with features, labelled by what they bought; and ranking those groups into lists.
 */
import { fillUp } from './baselines.ts';
import { candidatesFor, FEATURE_COUNT } from './candidates.ts';
import type { HybridData } from './hybrid-data.ts';
import type { Similarity } from './item-stats.ts';
import { type RankerWeights, type RankingRows, rankerScore } from './ranker.ts';
import type { Snapshot } from './snapshot.ts';
import { purchasedOn } from './transactions.ts';

/** One customer's candidates and what they bought. */
export interface Group {
  customer: number;
  articles: number[];
  truth: Set<number>;
}

/**
 * Candidate rows of the customers who bought something on the `labelDays` days from the snapshot's day on and have a
 * history before it, labelled by those purchases.
 */
export function rowsForDay(
  data: HybridData,
  snapshot: Snapshot,
  similarity: Similarity | undefined,
  keep: (customer: number) => boolean,
  labelDays = 1,
): { rows: RankingRows; groups: Group[] } {
  const truthRaw = purchasedOn(data.transactions, snapshot.day, snapshot.day + labelDays - 1);
  const parts: Float32Array[] = [];
  const labels: number[] = [];
  const ranges: [number, number][] = [];
  const groups: Group[] = [];
  let n = 0;
  for (const [customer, bought] of truthRaw) {
    const history = snapshot.histories.get(customer);
    if (!history || !keep(customer)) continue;
    const truth = new Set([...bought].map((a) => data.articleIndex[a] ?? -1).filter((a) => a >= 0));
    const { articles, features } = candidatesFor(history, snapshot, similarity);
    parts.push(features);
    for (const a of articles) labels.push(truth.has(a) ? 1 : 0);
    ranges.push([n, n + articles.length]);
    groups.push({ customer, articles, truth });
    n += articles.length;
  }
  return {
    rows: {
      features: concat(parts, n * FEATURE_COUNT),
      labels: Uint8Array.from(labels),
      groups: ranges,
      inputs: FEATURE_COUNT,
    },
    groups,
  };
}

/** The rows of several parts, one after another, in one array of `length`. */
export function concat(parts: Float32Array[], length: number): Float32Array {
  const out = new Float32Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Joins the rows of several days. */
export function joinRows(list: RankingRows[]): RankingRows {
  const n = list.reduce((s, r) => s + r.labels.length, 0);
  const features = concat(
    list.map((r) => r.features),
    n * FEATURE_COUNT,
  );
  const labels = new Uint8Array(n);
  const groups: [number, number][] = [];
  let at = 0;
  for (const r of list) {
    labels.set(r.labels, at);
    for (const [from, to] of r.groups) groups.push([from + at, to + at]);
    at += r.labels.length;
  }
  return { features, labels, groups, inputs: FEATURE_COUNT };
}

/**
 * Ranks each group's candidates with the ranker and fills up to `k` with the snapshot's best sellers.
 * @example
 * const lists = rankGroups(ranker, rows, groups, snapshot.popular, 12);
 */
export function rankGroups(
  ranker: RankerWeights,
  rows: RankingRows,
  groups: Group[],
  popular: number[],
  k: number,
): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const scratch = new Float32Array(ranker.hidden);
  groups.forEach((group, g) => {
    const [from, to] = rows.groups[g] ?? [0, 0];
    const scored: [number, number][] = [];
    for (let r = from; r < to; r++) {
      scored.push([
        rankerScore(ranker, rows.features.subarray(r * FEATURE_COUNT, (r + 1) * FEATURE_COUNT), scratch),
        group.articles[r - from] ?? -1,
      ]);
    }
    scored.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    out.set(
      group.customer,
      fillUp(
        scored.map(([, a]) => a),
        popular,
        k,
      ),
    );
  });
  return out;
}
