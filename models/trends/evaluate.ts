/**
 * Training and evaluation pipelines shared by `fashion-advisor train trends` and `eval trends`.
 *
 * No leakage in the backtest: for each dataset one network is trained on the windows (of every dataset) whose
 * targets all fall before that dataset's first backtest origin, then forecasts every origin without retraining.
 * Google Trends weeks after 2020-02-29 (COVID-19) are never training targets.
 */
import type { Random } from '../../src/types.ts';
import type { tf } from '../backend.ts';
import { type BacktestCase, type BacktestDataset, backtest, type DatasetReport, firstOriginDate } from './backtest.ts';
import { naiveForecast, seasonalNaiveForecast } from './baselines.ts';
import {
  type BandForecast,
  baselineForecaster,
  combinedForecaster,
  type Forecaster,
  networkForecaster,
} from './forecaster.ts';
import { buildTrendNetwork, type EpochProgress, type TrendModelOptions, trainTrendNetwork } from './model.ts';
import { addWeeks, type TrendSeries } from './series.ts';
import { trainingWindows } from './windows.ts';

/** Google Trends countries of the backtest (the strongest signal). */
export const GT_EVAL_REGIONS: readonly string[] = ['US', 'GB', 'CA', 'IE', 'PH'];
/** Last Google Trends week used as a target (the COVID-19 shock follows). */
export const GT_LAST_TARGET = '2020-02-29';
/**
 * Weight of the network's median in the served forecast (the rest is Holt-Winters). Chosen among 0.5, 0.65 and 0.8
 * on the Google Trends backtest (best MASE at both horizons); VISUELLE did not take part in the choice.
 */
export const NETWORK_WEIGHT = 0.5;

/** The two backtest datasets: `google_trends` (US, GB, CA, IE, PH) and `visuelle2` (every series with data). */
export function backtestDatasets(series: readonly TrendSeries[]): BacktestDataset[] {
  return [
    {
      name: 'google_trends',
      series: series.filter((s) => s.dataset === 'google-trends' && GT_EVAL_REGIONS.includes(s.region)),
      lastTarget: GT_LAST_TARGET,
    },
    { name: 'visuelle2', series: series.filter((s) => s.dataset === 'visuelle2') },
  ].filter((d) => d.series.length > 0);
}

/** The last week a series may contribute as a training target, given an optional global cutoff. */
export function lastTrainingTarget(series: TrendSeries, cutoff?: string): string | undefined {
  const bounds = [cutoff, series.dataset === 'google-trends' ? GT_LAST_TARGET : undefined].filter(
    (b): b is string => b !== undefined,
  );
  return bounds.sort()[0];
}

/** A trained network and how training went. */
export interface TrainedNetwork {
  network: tf.LayersModel;
  epochs: EpochProgress[];
  windows: number;
  /** Wall-clock and CPU seconds of training. */
  seconds: number;
  cpuSeconds: number;
}

/**
 * Trains the global network on every series' windows whose targets end on or before `cutoff` (and the
 * Google Trends COVID-19 bound).
 * @example
 * const { network } = await trainGlobalNetwork(series, DEFAULT_MODEL_OPTIONS, seededRandom(7), '2019-04-14');
 */
export async function trainGlobalNetwork(
  series: readonly TrendSeries[],
  options: TrendModelOptions,
  random: Random,
  cutoff?: string,
  onEpoch?: (progress: EpochProgress) => void,
): Promise<TrainedNetwork> {
  const windows = trainingWindows(series, (s) => lastTrainingTarget(s, cutoff));
  const network = buildTrendNetwork(options);
  const epochs = await trainTrendNetwork(network, windows, options, random, onEpoch);
  const last = epochs.at(-1);
  return { network, epochs, windows: windows.count, seconds: last?.seconds ?? 0, cpuSeconds: last?.cpuSeconds ?? 0 };
}

/** The `eval trends --json` report. */
export interface TrendsReport {
  /** The served method: a key of every dataset's `methods`. */
  model: typeof SERVED_METHOD;
  datasets: Record<string, DatasetReport>;
  training: Record<string, { windows: number; seconds: number; cpuSeconds: number; cutoff: string; finalLoss: number }>;
}

/** The combination the bot serves, by its name among the backtest's methods. */
const SERVED_METHOD = 'lstm+holt_winters';

const medians =
  (forecaster: Forecaster) =>
  async (cases: readonly BacktestCase[]): Promise<number[][]> => {
    const bands: BandForecast[] = await forecaster.forecast(cases);
    return cases.map((c, i) => {
      const band = bands[i];
      if (!band) throw new Error(`${forecaster.name} returned no forecast for case ${i}`);
      return band.mid.slice(0, c.horizon);
    });
  };

const historyOf = (c: BacktestCase) => c.series.values.slice(0, c.origin);

/**
 * The rolling-origin backtest of every method on both datasets (see `backtest.ts` for the protocol).
 * Methods: `naive`, `seasonal_naive`, `holt_winters`, `lstm` (the network alone) and `lstm+holt_winters`
 * (the served combination).
 * @example
 * const report = await evaluateTrends(series, DEFAULT_MODEL_OPTIONS, seededRandom(7));
 * report.datasets.google_trends.h12.methods['lstm+holt_winters'].mase;
 */
export async function evaluateTrends(
  series: readonly TrendSeries[],
  options: TrendModelOptions,
  random: Random,
  onEpoch?: (dataset: string, progress: EpochProgress) => void,
): Promise<TrendsReport> {
  const report: TrendsReport = { model: SERVED_METHOD, datasets: {}, training: {} };
  for (const dataset of backtestDatasets(series)) {
    const cutoff = addWeeks(firstOriginDate(dataset), -1);
    const trained = await trainGlobalNetwork(series, options, random, cutoff, (p) => onEpoch?.(dataset.name, p));
    const network = networkForecaster(trained.network, 'lstm');
    const holtWinters = baselineForecaster(new Map());
    report.training[dataset.name] = {
      windows: trained.windows,
      seconds: trained.seconds,
      cpuSeconds: trained.cpuSeconds,
      cutoff,
      finalLoss: trained.epochs.at(-1)?.loss ?? Number.NaN,
    };
    report.datasets[dataset.name] = await backtest(dataset, {
      naive: (cases) => cases.map((c) => naiveForecast(historyOf(c), c.horizon)),
      seasonal_naive: (cases) => cases.map((c) => seasonalNaiveForecast(historyOf(c), c.horizon)),
      holt_winters: medians(holtWinters),
      lstm: medians(network),
      [SERVED_METHOD]: medians(combinedForecaster([network, holtWinters], [NETWORK_WEIGHT, 1 - NETWORK_WEIGHT])),
    });
    trained.network.dispose();
  }
  return report;
}
