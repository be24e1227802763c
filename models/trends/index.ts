/**
 * The trend predictor (DESIGN §5): `loadTrends` gives the bot its `TrendService`, built from the trend datasets
 * in `config.dataDir`, the trained model in `<config.home>/trends/` (Holt-Winters when there is none), and
 * optionally the bot's own aggregated, opt-in conversation mentions.
 */
import type { Config } from '../../src/config.ts';
import type { Logger, TrendService } from '../../src/types.ts';
import { loadTrendMeta, loadTrendModel, type TrendModelMeta, trendModelFiles, trendsDir } from './artifacts.ts';
import { cachedPredictions, cachedTrendSeries } from './cache.ts';
import { loadChartLibraries } from './chart.ts';
import { type BandForecast, networkForecaster } from './forecaster.ts';
import { type MentionRow, mentionSeries } from './series.ts';
import { createTrendService, seriesKey } from './service.ts';
import { MIN_ORIGIN } from './windows.ts';

export { chartLibrariesLoaded, chartSvg, loadChartLibraries } from './chart.ts';
export { type MentionRow, MIN_GROUP_USERS, mentionSeries } from './series.ts';
export {
  createTrendService,
  DEFAULT_REGION,
  DEFAULT_TREND_BOOST,
  EN_REGIONS,
  type TrendSignalOptions,
  trendBoost,
  trendSignal,
} from './service.ts';
export { termSource } from './terms.ts';

/** Extra inputs of `loadTrends`. */
export interface LoadTrendsOptions {
  /** Weekly mention counts from the conversation log (see `mentionSeries` for the contract). */
  mentions?: readonly MentionRow[];
  /**
   * Leave the chart libraries unloaded: the caller loads them (`loadChartLibraries`) before it asks for a chart.
   * By default they are loaded before the service is returned.
   */
  deferCharts?: boolean;
}

/**
 * Loads the trend service, or undefined when there is no trend data (no `config.dataDir`, or no trend files in
 * it, and no mentions). Uses the trained model when `<config.home>/trends/` holds one, and says so; otherwise
 * logs that it falls back to Holt-Winters / seasonal-naive forecasts.
 * @example
 * const trends = await loadTrends(config, logger);
 * trends?.forecast({ term: 'cardigan', region: 'GB', horizon: 12 });
 */
export async function loadTrends(
  config: Config,
  logger: Logger,
  options: LoadTrendsOptions = {},
): Promise<TrendService | undefined> {
  const service = await openTrendService(config, logger, options);
  if (service && !options.deferCharts) await loadChartLibraries();
  return service;
}

/** The service of `loadTrends`, its chart libraries left to the caller. */
async function openTrendService(
  config: Config,
  logger: Logger,
  options: LoadTrendsOptions,
): Promise<TrendService | undefined> {
  const loaded = config.dataDir ? cachedTrendSeries(config.dataDir, config.home, logger) : { series: [], files: [] };
  const series = [...loaded.series, ...mentionSeries(options.mentions ?? [])];
  if (series.length === 0) {
    logger.info('no trend data: trend questions will be answered as not covered', { dataDir: config.dataDir ?? null });
    return undefined;
  }
  const dir = trendsDir(config.home);
  const holtWinters = () => createTrendService({ series, model: 'holt-winters' });
  let meta: TrendModelMeta | undefined;
  try {
    meta = await loadTrendMeta(dir);
  } catch (error) {
    logger.warn(`${(error as Error).message}; forecasting with Holt-Winters instead`);
    return holtWinters();
  }
  if (!meta) {
    logger.info(
      `no trained trend model in ${dir}: forecasting with Holt-Winters / seasonal naive (run \`fashion-advisor train trends\`)`,
      {
        series: series.length,
      },
    );
    return holtWinters();
  }
  const usable = series.filter((s) => s.values.length >= MIN_ORIGIN);
  let forecasts: BandForecast[];
  try {
    const predict = cachedPredictions(
      config.home,
      trendModelFiles(dir),
      (x, rows) => runNetwork(dir, x, rows, logger),
      logger,
    );
    forecasts = await networkForecaster(predict, meta.name).forecast(
      usable.map((s) => ({ series: s, origin: s.values.length })),
    );
  } catch (error) {
    logger.warn(`${(error as Error).message}; forecasting with Holt-Winters instead`);
    return holtWinters();
  }
  const networkBands = new Map<string, BandForecast>(
    usable.map((s, i): [string, BandForecast] => {
      const forecast = forecasts[i];
      if (!forecast) throw new Error(`the trend network gave no forecast for ${seriesKey(s)}`);
      return [seriesKey(s), forecast];
    }),
  );
  const model = meta.networkWeight < 1 ? `${meta.name}+holt-winters` : meta.name;
  logger.info(`trend model ${model} loaded from ${dir}`, { series: series.length, trainedOn: meta.dataHash });
  return createTrendService({ series, model, networkBands, networkWeight: meta.networkWeight });
}

/** Loads TensorFlow.js and the saved network, and predicts the windows (only when the cache does not know them). */
async function runNetwork(dir: string, x: Float32Array, rows: number, logger: Logger): Promise<Float32Array> {
  const { initBackend } = await import('../backend.ts');
  await initBackend(logger);
  const saved = await loadTrendModel(dir);
  if (!saved) throw new Error(`the trend model in ${dir} disappeared while loading`);
  try {
    const { predictWindows } = await import('./model.ts');
    return await predictWindows(saved.network, x, rows);
  } finally {
    saved.network.dispose();
  }
}
