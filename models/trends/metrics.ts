/** Forecast accuracy measures of the backtest (MASE, sMAPE, direction accuracy). */
import { WEEKS_PER_YEAR } from './baselines.ts';

/**
 * In-sample mean absolute error of the seasonal-naive forecast (y[t] vs y[t − period]); the MASE denominator.
 * Undefined when the history is not longer than one period.
 * @example
 * seasonalNaiveScale([1, 2, 4, 3], 2); // (|4 − 1| + |3 − 2|) / 2 = 2
 */
export function seasonalNaiveScale(history: readonly number[], period = WEEKS_PER_YEAR): number | undefined {
  if (history.length <= period) return undefined;
  let sum = 0;
  history.slice(period).forEach((v, k) => {
    sum += Math.abs(v - (history[k] ?? Number.NaN)); // k = t − period, always inside the history
  });
  return sum / (history.length - period);
}

/** Mean absolute error. */
export function meanAbsoluteError(actual: readonly number[], forecast: readonly number[]): number {
  if (actual.length !== forecast.length || actual.length === 0) throw new Error('MAE: lengths differ or are zero');
  return actual.reduce((sum, a, i) => sum + Math.abs(a - (forecast[i] ?? Number.NaN)), 0) / actual.length;
}

/**
 * Mean absolute scaled error: MAE over the horizon ÷ the in-sample seasonal-naive MAE. Undefined when the scale
 * is zero or cannot be computed (a constant history).
 * @example
 * mase([5, 5], [4, 6], [1, 2, 4, 3], 2); // 1 / 2 = 0.5
 */
export function mase(
  actual: readonly number[],
  forecast: readonly number[],
  history: readonly number[],
  period = WEEKS_PER_YEAR,
): number | undefined {
  const scale = seasonalNaiveScale(history, period);
  return scale === undefined || scale <= 0 ? undefined : meanAbsoluteError(actual, forecast) / scale;
}

/**
 * Symmetric mean absolute percentage error in percent (0–200); a point where truth and forecast are both 0 counts 0.
 * @example
 * smape([100], [50]); // 200 · 50 / 150 ≈ 66.7
 */
export function smape(actual: readonly number[], forecast: readonly number[]): number {
  if (actual.length !== forecast.length || actual.length === 0) throw new Error('sMAPE: lengths differ or are zero');
  let sum = 0;
  actual.forEach((a, i) => {
    const f = forecast[i] ?? Number.NaN; // the lengths are equal
    const denominator = Math.abs(a) + Math.abs(f);
    sum += denominator === 0 ? 0 : (200 * Math.abs(a - f)) / denominator;
  });
  return sum / actual.length;
}

const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;

/**
 * Whether the forecast gets the direction right: sign(mean(truth) − last) = sign(mean(forecast) − last).
 * @example
 * directionHit([6, 7], [5.5, 5.6], 5); // true (both above 5)
 */
export function directionHit(actual: readonly number[], forecast: readonly number[], last: number): boolean {
  return Math.sign(mean(actual) - last) === Math.sign(mean(forecast) - last);
}
