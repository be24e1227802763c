import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../models/backend.ts';
import { loadTrendModel, saveTrendModel, type TrendModelMeta } from '../../../models/trends/artifacts.ts';
import { networkForecaster } from '../../../models/trends/forecaster.ts';
import {
  buildTrendNetwork,
  DEFAULT_MODEL_OPTIONS,
  predictWindows,
  trainTrendNetwork,
} from '../../../models/trends/model.ts';
import {
  FEATURES,
  MAX_HORIZON,
  MIN_ORIGIN,
  trainingWindows,
  windowScale,
  writeWindow,
} from '../../../models/trends/windows.ts';
import { seededRandom } from '../../../src/util/random.ts';
import { syntheticSeries } from './fixtures.ts';

const series = [
  syntheticSeries({ keyword: 'coat', region: 'US', amplitude: 25, wobble: 3 }),
  syntheticSeries({ keyword: 'shorts', region: 'GB', amplitude: -20, slope: 0.1, wobble: 2 }),
  syntheticSeries({
    dataset: 'visuelle2',
    keyword: 'red',
    region: 'world',
    start: '2015-10-05',
    weeks: 120,
    level: 30,
  }),
];
const options = { ...DEFAULT_MODEL_OPTIONS, hidden: 16, lstmUnits: 4, epochs: 5, batchSize: 128, learningRate: 1e-2 };

describe('training windows', () => {
  it('normalise by the last year mean and the seasonal-naive MAE, and never use targets after the bound', () => {
    const windows = trainingWindows(series, (s) => (s.dataset === 'google-trends' ? '2019-04-14' : undefined));
    // google-trends: origins 53 … 92 (target weeks up to 103 = 2019-04-14); visuelle2: 53 … 108.
    expect(windows.count).toBe(2 * 40 + 56);
    const x = new Float32Array(FEATURES);
    const scale = writeWindow(series[0]!, 80, x, 0);
    expect(scale).toEqual(windowScale(series[0]!.values.slice(0, 80)));
    expect(x[51]).toBeCloseTo((series[0]!.values[79]! - scale.center) / scale.scale, 5);
    expect(() => writeWindow(series[0]!, MIN_ORIGIN - 1, x, 0)).toThrow(/origin/);
  });
});

describe('global network', () => {
  let dir: string;
  beforeAll(async () => {
    await initBackend();
    dir = mkdtempSync(path.join(tmpdir(), 'trends-model-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('learns (loss falls), saves and loads back to the same forecasts', async () => {
    const windows = trainingWindows(series, () => undefined);
    const network = buildTrendNetwork(options);
    const reports: { fraction: number; loss: number }[] = [];
    const epochs = await trainTrendNetwork(network, windows, options, seededRandom(3), (p) => reports.push(p));
    expect(epochs).toHaveLength(options.epochs);
    expect(reports.filter((r) => r.fraction === 1)).toHaveLength(options.epochs);
    expect(reports.some((r) => r.fraction > 0 && r.fraction < 1)).toBe(true);
    expect(epochs.at(-1)!.loss).toBeLessThan(epochs[0]!.loss);

    const forecaster = networkForecaster(network, 'lstm-test');
    const cases = series.map((s) => ({ series: s, origin: s.values.length }));
    const before = await forecaster.forecast(cases);
    for (const band of before) {
      expect(band.mid).toHaveLength(MAX_HORIZON);
      for (const [h, m] of band.mid.entries()) expect(band.lo[h]! <= m && m <= band.hi[h]!).toBe(true);
    }
    const meta = { format: 1, name: 'lstm-test', networkWeight: 0.5 } as TrendModelMeta;
    await saveTrendModel(dir, network, meta);
    const loaded = await loadTrendModel(dir);
    expect(loaded?.meta.name).toBe('lstm-test');
    const after = await networkForecaster(loaded!.network, 'lstm-test').forecast(cases);
    for (const [i, band] of after.entries()) {
      for (const [h, m] of band.mid.entries()) expect(m).toBeCloseTo(before[i]!.mid[h]!, 4);
    }
    network.dispose();
    loaded!.network.dispose();
  });

  it('falls back to the baseline for series shorter than a window, and loadTrendModel finds nothing in an empty folder', async () => {
    const network = buildTrendNetwork(options);
    const short = syntheticSeries({ weeks: 30 });
    const [band] = await networkForecaster(network, 'x').forecast([{ series: short, origin: 30 }]);
    expect(band!.mid).toEqual(new Array(MAX_HORIZON).fill(short.values[29]));
    expect(await predictWindows(network, new Float32Array(0), 0)).toHaveLength(0);
    expect(await loadTrendModel(path.join(dir, 'none'))).toBeUndefined();
    network.dispose();
  });
});
