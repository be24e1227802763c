/**
 * Windows for the global model: each (series, origin) becomes a normalised input vector and, for training,
 * the normalised next 12 weeks. Values are centred on the mean of the last 52 weeks and divided by the series'
 * in-sample seasonal-naive MAE, so that the L1 part of the loss is the MASE the backtest reports.
 */
import { WEEKS_PER_YEAR } from './baselines.ts';
import { seasonalNaiveScale } from './metrics.ts';
import { addWeeks, type TrendSeries } from './series.ts';

/** Weeks of history the model reads. */
export const LOOKBACK = WEEKS_PER_YEAR;
/** Weeks the model forecasts (direct multi-horizon output). */
export const MAX_HORIZON = 12;
/** Length of an input vector: the lookback, sin/cos of the first target week of year, a dataset flag, log scale. */
export const FEATURES = LOOKBACK + 4;
/** The smallest origin (weeks observed) a window can have: one season plus one week for the scale. */
export const MIN_ORIGIN = LOOKBACK + 1;

/** How a window was normalised, to turn outputs back into the series' own units. */
export interface WindowScale {
  center: number;
  scale: number;
}

/** The in-sample scale of a history, floored so that flat series do not blow up. */
export function windowScale(history: readonly number[]): WindowScale {
  const recent = history.slice(-LOOKBACK);
  const center = recent.reduce((s, v) => s + v, 0) / recent.length;
  const naive = seasonalNaiveScale(history) ?? 0;
  return { center, scale: Math.max(naive, 0.5, 0.02 * Math.abs(center)) };
}

/**
 * Writes the input vector of `series` observed up to `origin` (exclusive) into `out` at `offset`; returns the
 * scale used. Needs `origin ≥ MIN_ORIGIN`.
 */
export function writeWindow(series: TrendSeries, origin: number, out: Float32Array, offset: number): WindowScale {
  if (origin < MIN_ORIGIN) throw new Error(`window of ${series.keyword}: origin ${origin} < ${MIN_ORIGIN}`);
  const history = series.values.slice(0, origin);
  const { center, scale } = windowScale(history);
  // An origin past the end of the series leaves NaN inputs rather than made-up ones.
  for (let i = 0; i < LOOKBACK; i += 1)
    out[offset + i] = ((history[origin - LOOKBACK + i] ?? Number.NaN) - center) / scale;
  const firstTarget = addWeeks(series.start, origin);
  const dayOfYear =
    (Date.parse(`${firstTarget}T00:00:00Z`) - Date.parse(`${firstTarget.slice(0, 4)}-01-01T00:00:00Z`)) / 86_400_000;
  const angle = (2 * Math.PI * dayOfYear) / 365.25;
  out[offset + LOOKBACK] = Math.sin(angle);
  out[offset + LOOKBACK + 1] = Math.cos(angle);
  out[offset + LOOKBACK + 2] = series.dataset === 'google-trends' ? 1 : 0;
  out[offset + LOOKBACK + 3] = Math.log((scale + 1) / (Math.abs(center) + 1));
  return { center, scale };
}

/** A batch of training windows: inputs [n × FEATURES], normalised targets [n × MAX_HORIZON]. */
export interface WindowSet {
  x: Float32Array;
  y: Float32Array;
  count: number;
}

/**
 * Every training window whose 12 target weeks end on or before `lastTarget` (ISO date; undefined = end of data).
 * `lastTargetOf` may give a per-series bound instead (e.g. Google Trends stops at the COVID-19 shock).
 * @example
 * const set = trainingWindows(series, () => '2019-04-13'); // nothing after the first backtest origin
 */
export function trainingWindows(
  series: readonly TrendSeries[],
  lastTargetOf: (series: TrendSeries) => string | undefined,
): WindowSet {
  const spans = series.map((s): { s: TrendSeries; span: number } => {
    const bound = lastTargetOf(s);
    let last = s.values.length - MAX_HORIZON; // largest origin with a full horizon
    while (bound !== undefined && last >= MIN_ORIGIN && addWeeks(s.start, last + MAX_HORIZON - 1) > bound) last -= 1;
    return { s, span: Math.max(0, last - MIN_ORIGIN + 1) };
  });
  const count = spans.reduce((a, { span }) => a + span, 0);
  const x = new Float32Array(count * FEATURES);
  const y = new Float32Array(count * MAX_HORIZON);
  let row = 0;
  for (const { s, span } of spans) {
    for (let origin = MIN_ORIGIN; origin < MIN_ORIGIN + span; origin += 1) {
      const { center, scale } = writeWindow(s, origin, x, row * FEATURES);
      // span keeps origin + h inside the series
      for (let h = 0; h < MAX_HORIZON; h += 1)
        y[row * MAX_HORIZON + h] = ((s.values[origin + h] ?? Number.NaN) - center) / scale;
      row += 1;
    }
  }
  return { x, y, count };
}
