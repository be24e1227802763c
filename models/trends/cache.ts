/**
 * What loading the trend service would otherwise redo at every start, kept in `<FASHION_HOME>/cache/`: the series
 * parsed from the trend datasets (keyed by the files' content and this folder's code) and the network's outputs
 * for the windows of the latest weeks (keyed by the model files' content and the exact input windows). A warm
 * start reads both and never loads TensorFlow.js; anything that changes an input computes and stores it again.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { codeHash, fileHashes } from '../../src/catalog/fingerprint.ts';
import { encodeSnapshot, readSnapshotFile, type Section, writeSnapshotFile } from '../../src/catalog/snapshot.ts';
import type { Logger } from '../../src/types.ts';
import type { WindowPredictor } from './forecaster.ts';
import { loadTrendSeries, type TrendSeries, trendFiles } from './series.ts';

const cacheDir = (home: string) => path.join(home, 'cache');

/** Reads a cache file's sections under a key; undefined (with a warning when damaged) if it cannot be used. */
function read(file: string, key: unknown, logger: Logger): Map<string, Section> | undefined {
  try {
    return readSnapshotFile(file, key);
  } catch (error) {
    logger.warn('trend cache unreadable, computing it again', { file, error: (error as Error).message });
    return undefined;
  }
}

function write(file: string, key: unknown, sections: Record<string, Section>, logger: Logger): void {
  try {
    writeSnapshotFile(file, encodeSnapshot(key, sections));
  } catch (error) {
    logger.warn('cannot write the trend cache; the next start computes it again', {
      file,
      error: (error as Error).message,
    });
  }
}

/**
 * The trend series of a data directory (as `loadTrendSeries`), from the cache when the files are unchanged.
 * @example
 * const { series } = cachedTrendSeries(config.dataDir, config.home, logger);
 */
export function cachedTrendSeries(
  dataDir: string,
  home: string,
  logger: Logger,
): { series: TrendSeries[]; files: string[] } {
  const files = trendFiles(dataDir);
  const key = { code: codeHash('models/trends'), files: fileHashes(files, home) };
  const file = path.join(cacheDir(home), 'trend-series.snap');
  const cached = read(file, key, logger)?.get('series');
  if (cached && !ArrayBuffer.isView(cached)) return { series: cached.json as TrendSeries[], files };
  const loaded = loadTrendSeries(dataDir);
  write(file, key, { series: { json: loaded.series } }, logger);
  return loaded;
}

/**
 * Wraps the network's prediction so that the same windows under the same model files are answered from the cache.
 * `predict` (which loads TensorFlow.js and the network) runs only on a miss.
 * @example
 * const cached = cachedPredictions(config.home, modelFiles, predict, logger);
 */
export function cachedPredictions(
  home: string,
  modelFiles: readonly string[],
  predict: WindowPredictor,
  logger: Logger,
): WindowPredictor {
  return async (x, rows) => {
    const inputs = createHash('sha256')
      .update(new Uint8Array(x.buffer, x.byteOffset, x.byteLength))
      .digest('hex');
    const key = { model: fileHashes(modelFiles, home), inputs, rows };
    const file = path.join(cacheDir(home), 'trend-predictions.snap');
    const cached = read(file, key, logger)?.get('out');
    if (cached instanceof Float32Array) return cached;
    const out = await predict(x, rows);
    write(file, key, { out }, logger);
    return out;
  };
}
