/**
 * Forecasters over (series, origin) cases, each returning a median forecast and an 80% band for the next
 * `MAX_HORIZON` weeks: the trained network, the Holt-Winters / seasonal-naive fallback, and their combination
 * (the network's median averaged with Holt-Winters, which the backtest shows beats either alone).
 */
import type { tf } from '../backend.ts';
import { holtWintersOrSeasonalNaive, naiveForecast, WEEKS_PER_YEAR } from './baselines.ts';
import type { TrendSeries } from './series.ts';
import { FEATURES, MAX_HORIZON, MIN_ORIGIN, windowScale, writeWindow } from './windows.ts';

/** A series observed up to `origin` weeks (exclusive). */
export interface ForecastCase {
  series: TrendSeries;
  origin: number;
}

/** Median and 80% band for weeks origin … origin + MAX_HORIZON − 1, in the series' units. */
export interface BandForecast {
  mid: number[];
  lo: number[];
  hi: number[];
}

/** Forecasts a batch of cases. */
export interface Forecaster {
  /** e.g. `lstm-global@1a2b3c4d+holt-winters` or `holt-winters`. */
  readonly name: string;
  forecast(cases: readonly ForecastCase[]): Promise<BandForecast[]>;
}

/** Half-width of an 80% band for absolute errors of mean size `mae` (Laplace: ln 5 · mae). */
const BAND_WIDTH = Math.log(5);

/** The series' values before the origin. */
const historyOf = (c: ForecastCase) => c.series.values.slice(0, c.origin);

/**
 * The baseline forecast of a history (synchronous): Holt-Winters when two seasons are known, seasonal naive
 * with one, naive below that; band ± ln 5 × the in-sample seasonal-naive MAE (the Laplace 80% interval).
 * @example
 * baselineBand(series.values).mid; // 12 weeks
 */
export function baselineBand(history: readonly number[]): BandForecast {
  const mid =
    history.length > WEEKS_PER_YEAR
      ? holtWintersOrSeasonalNaive(history, MAX_HORIZON)
      : naiveForecast(history, MAX_HORIZON);
  const width = BAND_WIDTH * windowScale(history).scale;
  return { mid, lo: mid.map((v) => v - width), hi: mid.map((v) => v + width) };
}

/**
 * Holt-Winters (additive trend and season, fitted) when two seasons are known, seasonal naive with one, naive
 * below that; the band is ± ln 5 × the in-sample seasonal-naive MAE.
 * @example
 * const [f] = await baselineForecaster().forecast([{ series, origin: series.values.length }]);
 */
export function baselineForecaster(cache?: Map<string, BandForecast>): Forecaster {
  return {
    name: 'holt-winters',
    async forecast(cases) {
      return cases.map((c) => {
        const key = `${c.series.dataset}\u0000${c.series.keyword}\u0000${c.series.region}\u0000${c.origin}`;
        const cached = cache?.get(key);
        if (cached) return cached;
        const result = baselineBand(historyOf(c));
        cache?.set(key, result);
        return result;
      });
    },
  };
}

/**
 * The network's outputs for `rows` windows of `x` (per row, the quantiles' forecasts one after another, each
 * `MAX_HORIZON` weeks long).
 */
export type WindowPredictor = (x: Float32Array, rows: number) => Promise<Float32Array>;

/**
 * The trained network's quantile forecasts (from the network, or from a predictor standing for it, such as a
 * cache). Cases with fewer than `MIN_ORIGIN` weeks fall back to the baseline.
 * @example
 * const forecaster = networkForecaster(network, 'lstm-global@1a2b3c4d');
 */
export function networkForecaster(network: tf.LayersModel | WindowPredictor, name: string): Forecaster {
  const fallback = baselineForecaster();
  // TensorFlow.js is loaded only when a network has to run.
  const predict: WindowPredictor =
    typeof network === 'function'
      ? network
      : async (x, rows) => (await import('./model.ts')).predictWindows(network, x, rows);
  return {
    name,
    async forecast(cases) {
      const usable = cases.flatMap((c, i) => (c.origin >= MIN_ORIGIN ? [{ c, i }] : []));
      const x = new Float32Array(usable.length * FEATURES);
      const windows = usable.map(({ c, i }, row) => ({ i, ...writeWindow(c.series, c.origin, x, row * FEATURES) }));
      const out = await predict(x, usable.length);
      const results: (BandForecast | undefined)[] = new Array(cases.length);
      const width = usable.length > 0 ? out.length / usable.length : 0;
      windows.forEach(({ i, center, scale }, row) => {
        // An output shorter than promised leaves NaN rather than a made-up number.
        const quantile = (q: number) =>
          Array.from(
            { length: MAX_HORIZON },
            (_, h) => center + scale * (out[row * width + q * MAX_HORIZON + h] ?? Number.NaN),
          );
        results[i] = { lo: quantile(0), mid: quantile(1), hi: quantile(2) };
      });
      const missing = cases.flatMap((c, i) => (results[i] === undefined ? [{ c, i }] : []));
      const filled = await fallback.forecast(missing.map(({ c }) => c));
      missing.forEach(({ i }, k) => {
        results[i] = filled[k];
      });
      return results as BandForecast[];
    },
  };
}

/**
 * Combines forecasters: the median is the weighted mean of the members' medians, the band the network's band
 * shifted by the same amount (the first member is the one whose band is kept).
 * @example
 * combinedForecaster([network, baselineForecaster()], [0.5, 0.5]);
 */
export function combinedForecaster(members: readonly Forecaster[], weights: readonly number[]): Forecaster {
  return {
    name: members.map((m) => m.name).join('+'),
    async forecast(cases) {
      const outputs = await Promise.all(members.map((m) => m.forecast(cases)));
      return cases.map((_, i) =>
        blendBands(
          outputs.map((out, m) => {
            const band = out[i];
            if (!band) throw new Error(`forecaster ${members[m]?.name} returned no forecast for case ${i}`);
            return band;
          }),
          weights,
        ),
      );
    },
  };
}

/**
 * Weighted mean of the medians; the band is the first forecast's band moved by the same shift as its median.
 * @example
 * blendBands([network, holtWinters], [0.5, 0.5]);
 */
export function blendBands(bands: readonly BandForecast[], weights: readonly number[]): BandForecast {
  const total = weights.reduce((a, b) => a + b, 0);
  const [first] = bands;
  if (!first) throw new Error('blendBands: no forecasts to blend');
  // A member without a weight counts for nothing; a member shorter than the first leaves NaN.
  const mid = first.mid.map((_, h) =>
    bands.reduce((sum, band, m) => sum + ((weights[m] ?? 0) / total) * (band.mid[h] ?? Number.NaN), 0),
  );
  const midAt = (h: number) => mid[h] ?? Number.NaN;
  const moved = (v: number, h: number) => v + midAt(h) - (first.mid[h] ?? Number.NaN);
  return {
    mid,
    lo: first.lo.map((v, h) => Math.min(moved(v, h), midAt(h))),
    hi: first.hi.map((v, h) => Math.max(moved(v, h), midAt(h))),
  };
}
