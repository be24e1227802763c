/**
 * The rolling-origin backtest (`fashion-advisor eval trends`): origins every 4 weeks over the last 52 weeks before
 * each dataset's end, horizons 4 and 12, MASE / sMAPE / direction accuracy per method.
 *
 * Protocol: for a series of T weeks, the origins are o = T − 52, T − 48, …, T − 4 (o = number of weeks observed;
 * the forecast covers weeks o … o + h − 1). An origin counts for horizon h only when its whole horizon lies inside
 * the data and, for Google Trends, every target week is on or before 2020-02-29 (the COVID-19 shock is excluded).
 * Each method sees only weeks before the origin.
 */

import { directionHit, mase, smape } from './metrics.ts';
import { addWeeks, type TrendSeries } from './series.ts';

/** The backtest horizons. */
export const HORIZONS = [4, 12] as const;

/** One forecasting problem: a series cut at an origin. */
export interface BacktestCase {
  series: TrendSeries;
  /** Weeks observed (the first forecast week is `origin`). */
  origin: number;
  horizon: number;
}

/** A dataset's series and the last week a target may fall on. */
export interface BacktestDataset {
  name: string;
  series: TrendSeries[];
  /** ISO date; targets after it are excluded (e.g. `2020-02-29` for Google Trends). */
  lastTarget?: string;
}

/** Forecasts a batch of cases (each gets `case.horizon` values); may be async (a neural model). */
export type BatchForecaster = (cases: readonly BacktestCase[]) => Promise<number[][]> | number[][];

/** Metrics of one method at one horizon, averaged over all (series, origin) cases. */
export interface MethodScore {
  mase: number;
  smape: number;
  direction_accuracy: number;
  cases: number;
}

/** The origins (weeks observed) of a series of `length` weeks. */
export function backtestOrigins(length: number): number[] {
  return Array.from({ length: 13 }, (_, k) => length - 52 + 4 * k).filter((o) => o > 0);
}

/**
 * Every (series, origin) case of a dataset at horizon `horizon`, under the protocol above.
 * @example
 * backtestCases({ name: 'visuelle2', series }, 12).length; // 96 series × 11 origins
 */
export function backtestCases(dataset: BacktestDataset, horizon: number): BacktestCase[] {
  return dataset.series.flatMap((series) =>
    backtestOrigins(series.values.length).flatMap((origin) => {
      if (origin + horizon > series.values.length) return [];
      const lastDate = addWeeks(series.start, origin + horizon - 1);
      if (dataset.lastTarget !== undefined && lastDate > dataset.lastTarget) return [];
      return [{ series, origin, horizon }];
    }),
  );
}

/** The first forecast week (ISO date) over all cases of a dataset: training data must end before it. */
export function firstOriginDate(dataset: BacktestDataset): string {
  const dates = HORIZONS.flatMap((h) => backtestCases(dataset, h)).map((c) => addWeeks(c.series.start, c.origin));
  const [first] = dates.sort();
  if (first === undefined) throw new Error(`the ${dataset.name} backtest has no case`);
  return first;
}

/**
 * Scores forecasts of the given cases.
 * @example
 * scoreCases(cases, forecasts); // { mase: 0.81, smape: 14.2, direction_accuracy: 0.86, cases: 1602 }
 */
export function scoreCases(cases: readonly BacktestCase[], forecasts: readonly number[][]): MethodScore {
  let maseSum = 0;
  let maseCount = 0;
  let smapeSum = 0;
  let hits = 0;
  cases.forEach((c, i) => {
    const history = c.series.values.slice(0, c.origin);
    const actual = c.series.values.slice(c.origin, c.origin + c.horizon);
    const forecast = forecasts[i];
    if (!forecast) throw new Error(`no forecast for backtest case ${i} (${c.series.keyword})`);
    const scaled = mase(actual, forecast, history);
    if (scaled !== undefined) {
      maseSum += scaled;
      maseCount += 1;
    }
    smapeSum += smape(actual, forecast);
    // A case starts at MIN_ORIGIN or later, so the history has a last week.
    if (directionHit(actual, forecast, history.at(-1) ?? Number.NaN)) hits += 1;
  });
  return {
    mase: maseSum / Math.max(1, maseCount),
    smape: smapeSum / Math.max(1, cases.length),
    direction_accuracy: hits / Math.max(1, cases.length),
    cases: cases.length,
  };
}

/** Per-horizon, per-method scores of one dataset: `{ h4: { methods: { … } }, h12: … }`. */
export type DatasetReport = Record<string, { methods: Record<string, MethodScore> }>;

/**
 * Runs every method on every case of a dataset at each horizon and scores them.
 * @example
 * await backtest(dataset, { seasonal_naive: snForecaster, holt_winters: hwForecaster });
 */
export async function backtest(
  dataset: BacktestDataset,
  methods: Record<string, BatchForecaster>,
  horizons: readonly number[] = HORIZONS,
): Promise<DatasetReport> {
  const report: DatasetReport = {};
  for (const horizon of horizons) {
    const cases = backtestCases(dataset, horizon);
    const scores: Record<string, MethodScore> = {};
    for (const [name, forecaster] of Object.entries(methods)) scores[name] = scoreCases(cases, await forecaster(cases));
    report[`h${horizon}`] = { methods: scores };
  }
  return report;
}
