/**
 * Classical forecasting baselines: naive, seasonal naive and additive Holt-Winters with fitted smoothing
 * parameters. Pure functions over plain arrays; used as comparison methods in the backtest, as ensemble members
 * of the trained model and as the fallback when no trained model exists.
 */

/** The period of weekly data with a yearly season. */
export const WEEKS_PER_YEAR = 52;

/**
 * Repeats the last value.
 * @example
 * naiveForecast([3, 5, 4], 2); // [4, 4]
 */
export function naiveForecast(history: readonly number[], horizon: number): number[] {
  const last = history.at(-1);
  if (last === undefined) throw new Error('naiveForecast: empty history');
  return new Array<number>(horizon).fill(last);
}

/**
 * Repeats the value one season earlier: ŷ[T+h] = y[T+h−m·k] with k the smallest whole number of seasons that lands
 * in the history. Falls back to the naive forecast when the history is shorter than one season.
 * @example
 * seasonalNaiveForecast([1, 2, 3, 4], 3, 2); // [2, 3, 4]  (period 2: 3, 4 → next 3, 4 …)
 */
export function seasonalNaiveForecast(history: readonly number[], horizon: number, period = WEEKS_PER_YEAR): number[] {
  const n = history.length;
  if (n < period) return naiveForecast(history, horizon);
  const lastSeason = history.slice(n - period);
  return Array.from({ length: horizon }, (_, h) => lastSeason[h % period] ?? Number.NaN);
}

/** Smoothing parameters and final state of a fitted additive Holt-Winters model. */
export interface HoltWintersFit {
  alpha: number;
  beta: number;
  gamma: number;
  period: number;
  level: number;
  trend: number;
  /** The last `period` seasonal components; `season[i]` belongs to time `n − period + i`. */
  season: number[];
  /** In-sample sum of squared one-step errors. */
  sse: number;
}

/**
 * Initial level, trend and seasonal components from the first two seasons (the classical heuristic):
 * trend = (mean of season 2 − mean of season 1) / m, seasonal = mean deviation from the trend line.
 */
export function holtWintersInit(
  y: readonly number[],
  period: number,
): { level: number; trend: number; season: number[] } {
  if (y.length < 2 * period) throw new Error(`Holt-Winters needs two seasons (${2 * period} points), got ${y.length}`);
  const firstSeason = y.slice(0, period);
  const secondSeason = y.slice(period, 2 * period);
  const first = firstSeason.reduce((sum, v) => sum + v, 0) / period;
  const second = secondSeason.reduce((sum, v) => sum + v, 0) / period;
  const trend = (second - first) / period;
  // Season: the two seasons' deviations from their own detrended mean, averaged; level: the line through the
  // season means, taken at time −1 (the first season's mean sits at its middle, time (m − 1) / 2).
  const season = firstSeason.map((a, i) => {
    const line = trend * (i - (period - 1) / 2);
    return (a - first - line + (secondSeason[i] ?? second) - second - line) / 2;
  });
  return { level: first - trend * ((period + 1) / 2), trend, season };
}

/**
 * Runs the additive Holt-Winters recursions with given parameters over the whole history (the initial state
 * describes time −1) and returns the final state and the one-step SSE.
 */
export function holtWintersFilter(
  y: readonly number[],
  period: number,
  alpha: number,
  beta: number,
  gamma: number,
  init = holtWintersInit(y, period),
): HoltWintersFit {
  let level = init.level;
  let trend = init.trend;
  const season = init.season.slice();
  let sse = 0;
  // An index loop, not `entries()`: this runs inside every Nelder–Mead step. Reads stay within `y` and `season`.
  for (let t = 0; t < y.length; t += 1) {
    const value = y[t] ?? 0;
    const s = season[t % period] ?? 0;
    const error = value - (level + trend + s);
    sse += error * error;
    const previousLevel = level;
    level = alpha * (value - s) + (1 - alpha) * (level + trend);
    trend = beta * (level - previousLevel) + (1 - beta) * trend;
    season[t % period] = gamma * (value - level) + (1 - gamma) * s;
  }
  // Re-order so that `season[i]` belongs to time n − period + i.
  const ordered = Array.from({ length: period }, (_, i) => season[(y.length - period + i) % period] ?? 0);
  return { alpha, beta, gamma, period, level, trend, season: ordered, sse };
}

/**
 * Minimises `f` over the box [0, 1]^d with the Nelder–Mead simplex (parameters are clamped into the box).
 * Deterministic; stops after `maxEvaluations` or when the simplex values agree within `tolerance`.
 */
export function nelderMead(
  f: (x: number[]) => number,
  start: number[],
  { step = 0.1, maxEvaluations = 400, tolerance = 1e-9 } = {},
): { x: number[]; value: number } {
  const clamp = (x: number[]) => x.map((v) => Math.min(1, Math.max(0, v)));
  const d = start.length;
  let evaluations = 0;
  const evaluate = (x: number[]) => {
    evaluations += 1;
    const c = clamp(x);
    return { x: c, value: f(c) };
  };
  let simplex = [evaluate(start)];
  for (const [i, v] of start.entries()) {
    const x = start.slice();
    x[i] = v + (v + step <= 1 ? step : -step);
    simplex.push(evaluate(x));
  }
  while (evaluations < maxEvaluations) {
    simplex.sort((a, b) => a.value - b.value);
    const best = simplex[0];
    const worst = simplex[d];
    const nextWorst = simplex[d - 1];
    if (!best || !worst || !nextWorst) break; // d = 0: nothing to minimise over
    if (Math.abs(worst.value - best.value) <= tolerance * (Math.abs(best.value) + tolerance)) break;
    const kept = simplex.slice(0, d);
    const centroid = start.map((_, j) => kept.reduce((sum, p) => sum + (p.x[j] ?? 0) / d, 0));
    const along = (t: number) => centroid.map((c, j) => c + t * ((worst.x[j] ?? c) - c));
    const reflected = evaluate(along(-1));
    if (reflected.value < best.value) {
      const expanded = evaluate(along(-2));
      simplex[d] = expanded.value < reflected.value ? expanded : reflected;
    } else if (reflected.value < nextWorst.value) {
      simplex[d] = reflected;
    } else {
      const contracted = evaluate(along(reflected.value < worst.value ? -0.5 : 0.5));
      if (contracted.value < Math.min(reflected.value, worst.value)) simplex[d] = contracted;
      else
        simplex = simplex.map((p, i) =>
          i === 0 ? p : evaluate(p.x.map((v, j) => (best.x[j] ?? v) + 0.5 * (v - (best.x[j] ?? v)))),
        );
    }
  }
  const [best = evaluate(start)] = simplex.sort((a, b) => a.value - b.value);
  return best;
}

/**
 * Fits additive Holt-Winters (additive trend and season) by minimising the in-sample one-step SSE over
 * alpha, beta, gamma ∈ [0, 1]: a coarse grid, then Nelder–Mead from the best grid point.
 * @example
 * const fit = fitHoltWinters(weekly, 52); holtWintersForecast(fit, 12);
 */
export function fitHoltWinters(y: readonly number[], period = WEEKS_PER_YEAR): HoltWintersFit {
  const init = holtWintersInit(y, period);
  const sse = ([alpha = 0, beta = 0, gamma = 0]: number[]) =>
    holtWintersFilter(y, period, alpha, beta, gamma, init).sse;
  let start = [0.5, 0.05, 0.1];
  let bestValue = Number.POSITIVE_INFINITY;
  for (const alpha of [0.1, 0.3, 0.6, 0.9]) {
    for (const beta of [0, 0.05, 0.2]) {
      for (const gamma of [0, 0.1, 0.4]) {
        const value = sse([alpha, beta, gamma]);
        if (value < bestValue) {
          bestValue = value;
          start = [alpha, beta, gamma];
        }
      }
    }
  }
  const {
    x: [alpha = 0, beta = 0, gamma = 0],
  } = nelderMead(sse, start, { step: 0.05 });
  return holtWintersFilter(y, period, alpha, beta, gamma, init);
}

/**
 * Forecasts `horizon` steps from a fitted model: ŷ[n+h] = level + h·trend + season[(h−1) mod m].
 * @example
 * holtWintersForecast(fitHoltWinters(y), 4);
 */
export function holtWintersForecast(fit: HoltWintersFit, horizon: number): number[] {
  return Array.from({ length: horizon }, (_, h) => fit.level + (h + 1) * fit.trend + (fit.season[h % fit.period] ?? 0));
}

/** Holt-Winters forecast of a history, or seasonal naive when the history is shorter than two seasons. */
export function holtWintersOrSeasonalNaive(
  history: readonly number[],
  horizon: number,
  period = WEEKS_PER_YEAR,
): number[] {
  return history.length >= 2 * period
    ? holtWintersForecast(fitHoltWinters(history, period), horizon)
    : seasonalNaiveForecast(history, horizon, period);
}
