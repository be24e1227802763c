/**
 * A linear ranker over standardised features, fitted as a conditional logit: for each question, the softmax over its
 * candidates' scores should put its mass on the right one. Plain TypeScript (a few dozen weights, Adam, L2).
 */

/** Standardisation and weights of a fitted ranker (JSON-serialisable). */
export interface LinearRanker {
  features: string[];
  mean: number[];
  std: number[];
  weights: number[];
}

/** A training group: candidate feature rows and the index of the right one. */
export interface RankingGroup {
  rows: Float64Array[];
  answer: number;
}

/** Options of `fitRanker`. */
export interface FitOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
}

/** Score of one feature row. */
export function rankScore(ranker: LinearRanker, row: ArrayLike<number>): number {
  let s = 0;
  // every array has one entry per feature, so `?? 0` / `?? 1` never apply to a well-formed ranker and row
  for (let j = 0; j < ranker.weights.length; j++)
    s += ((ranker.weights[j] ?? 0) * ((row[j] ?? 0) - (ranker.mean[j] ?? 0))) / (ranker.std[j] ?? 1);
  return s;
}

/**
 * Fits a conditional-logit ranker by full-batch Adam.
 * @example
 * const ranker = fitRanker(['pmi_type'], groups); rankScore(ranker, row);
 */
export function fitRanker(features: string[], groups: readonly RankingGroup[], options: FitOptions = {}): LinearRanker {
  const d = features.length;
  const epochs = options.epochs ?? 300;
  const rate = options.learningRate ?? 0.05;
  const l2 = options.l2 ?? 1e-3;
  // all vectors below have `d` entries and every row has one per feature: `?? 0` / `?? 1` never apply
  const mean = new Array<number>(d).fill(0);
  const sq = new Array<number>(d).fill(0);
  let n = 0;
  for (const g of groups) {
    for (const row of g.rows) {
      n++;
      for (let j = 0; j < d; j++) {
        const x = row[j] ?? 0;
        mean[j] = (mean[j] ?? 0) + x;
        sq[j] = (sq[j] ?? 0) + x * x;
      }
    }
  }
  for (let j = 0; j < d; j++) {
    const mu = n > 0 ? (mean[j] ?? 0) / n : 0;
    mean[j] = mu;
    const variance = n > 0 ? (sq[j] ?? 0) / n - mu * mu : 0;
    sq[j] = variance > 1e-12 ? Math.sqrt(variance) : 1;
  }
  const ranker: LinearRanker = { features, mean, std: sq, weights: new Array<number>(d).fill(0) };
  const standardized = groups.map((g) => ({
    answer: g.answer,
    rows: g.rows.map((row) => Float64Array.from(row, (v, j) => (v - (mean[j] ?? 0)) / (sq[j] ?? 1))),
  }));
  const m = new Float64Array(d);
  const v = new Float64Array(d);
  const w = ranker.weights;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const grad = new Float64Array(d);
    for (const g of standardized) {
      const scores = g.rows.map((row) => row.reduce((s, x, j) => s + x * (w[j] ?? 0), 0));
      const top = Math.max(...scores);
      const exps = scores.map((s) => Math.exp(s - top));
      const z = exps.reduce((a, b) => a + b, 0);
      g.rows.forEach((row, k) => {
        const p = (exps[k] ?? 0) / z - (k === g.answer ? 1 : 0);
        for (let j = 0; j < d; j++) grad[j] = (grad[j] ?? 0) + p * (row[j] ?? 0);
      });
    }
    for (let j = 0; j < d; j++) {
      const wj = w[j] ?? 0;
      const gj = (grad[j] ?? 0) / Math.max(1, standardized.length) + l2 * wj;
      const mj = 0.9 * (m[j] ?? 0) + 0.1 * gj;
      const vj = 0.999 * (v[j] ?? 0) + 0.001 * gj * gj;
      m[j] = mj;
      v[j] = vj;
      const mh = mj / (1 - 0.9 ** epoch);
      const vh = vj / (1 - 0.999 ** epoch);
      w[j] = wj - (rate * mh) / (Math.sqrt(vh) + 1e-8);
    }
  }
  return ranker;
}
