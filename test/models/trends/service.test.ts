import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createChartRenderer } from '../../../adapters/chart.ts';
import { initBackend } from '../../../models/backend.ts';
import { saveTrendModel, type TrendModelMeta } from '../../../models/trends/artifacts.ts';
import {
  createTrendService,
  DEFAULT_TREND_BOOST,
  loadChartLibraries,
  loadTrends,
  trendBoost,
  trendSignal,
} from '../../../models/trends/index.ts';
import { buildTrendNetwork, DEFAULT_MODEL_OPTIONS } from '../../../models/trends/model.ts';
import { mentionSeries, TREND_FILES } from '../../../models/trends/series.ts';
import { seriesKey } from '../../../models/trends/service.ts';
import { loadConfig } from '../../../src/config.ts';
import { createLogger } from '../../../src/util/logger.ts';
import { googleTrendsCsv, syntheticSeries } from './fixtures.ts';

// 156 weeks from 2017-04-23 to 2020-04-12; the sine starts rising again at the end, so `coat` rises and
// `shorts` (opposite season) falls over the next 12 weeks.
const countries = ['US', 'GB', 'CA', 'IE'];
const gt = countries.flatMap((region, i) => [
  syntheticSeries({ keyword: 'coat', region, level: 40 + 4 * i, amplitude: 20 }),
  syntheticSeries({ keyword: 'shorts', region, level: 50, amplitude: -15 }),
]);
const vis = ['red', 'light jeans', 'dark jeans', 'heavy jeans'].map((keyword, i) =>
  syntheticSeries({ dataset: 'visuelle2', keyword, region: 'world', start: '2015-10-05', weeks: 220, level: 30 + i }),
);
const service = createTrendService({ series: [...gt, ...vis], model: 'holt-winters' });

describe('TrendService.forecast', () => {
  it('answers for a canonical term with the mean of the English-speaking countries, as of the last week', () => {
    const f = service.forecast({ term: 'coat' })!;
    expect(f).toMatchObject({
      term: 'coat',
      region: 'EN',
      dataset: 'google-trends',
      model: 'holt-winters',
      label: 'rising',
    });
    expect(f.history).toHaveLength(52);
    expect(f.history.at(-1)).toEqual({
      week: '2020-04-12',
      value: (40 + 44 + 48 + 52) / 4 + 20 * Math.sin((2 * Math.PI * 155) / 52),
    });
    expect(f.forecast.map((p) => p.week).slice(0, 2)).toEqual(['2020-04-19', '2020-04-26']);
    expect(f.forecast).toHaveLength(12);
    for (const p of f.forecast) expect(p.lo <= p.value && p.value <= p.hi).toBe(true);
    const level = f.history.at(-1)!.value;
    expect(f.change).toBeCloseTo((f.forecast.reduce((s, p) => s + p.value, 0) / 12 - level) / level, 9);
    expect(service.forecast({ term: 'shorts' })!.label).toBe('falling');
  });

  it('maps regions, colours and grouped keywords, and clamps the horizon', () => {
    expect(service.forecast({ term: 'cardigan' })).toBeUndefined(); // not in this data
    expect(service.forecast({ term: 'saree' })).toBeUndefined();
    expect(service.forecast({ term: 'coat', region: 'AU' })).toBeUndefined();
    expect(service.forecast({ term: 'coat', region: 'uk' })!.region).toBe('GB');
    const maroon = service.forecast({ term: 'maroon', region: 'GB' })!;
    expect(maroon).toMatchObject({ term: 'red', dataset: 'visuelle2', region: 'world' });
    expect(maroon.history.at(-1)!.week).toBe('2019-12-16');
    const jeans = service.forecast({ term: 'jeans' })!;
    expect(jeans.term).toBe('jeans (denim)');
    expect(jeans.history.at(-1)!.value).toBeCloseTo((31 + 32 + 33) / 3 + 20 * Math.sin((2 * Math.PI * 219) / 52), 9);
    expect(service.forecast({ term: 'coat', horizon: 4 })!.forecast).toHaveLength(4);
    expect(service.forecast({ term: 'coat', horizon: 99 })!.forecast).toHaveLength(12);
    expect(service.forecast({ term: 'coat', horizon: 0 })!.forecast).toHaveLength(1);
  });

  it('projects a season beyond the horizon from last year, shifted to the current level', () => {
    const f = service.forecast({ term: 'coat', region: 'US', season: 'autumn' })!;
    expect(f.model).toBe('seasonal-profile');
    expect(f.forecast.every((p) => ['09', '10', '11'].includes(p.week.slice(5, 7)))).toBe(true);
    const us = gt[0]!.values;
    const k = 1 + (Date.parse(f.forecast[0]!.week) - Date.parse('2020-04-19')) / (7 * 86_400_000);
    expect(f.forecast[0]!.value).toBeCloseTo(us[us.length - 52 + k - 1]!, 6); // no level change year on year
    const spring = service.forecast({ term: 'coat', region: 'US', season: 'spring' })!;
    expect(spring.model).toBe('holt-winters');
    expect(spring.forecast[0]!.week).toBe('2020-04-19');
  });

  it('blends the network forecast with Holt-Winters by the configured weight', () => {
    const band = { mid: new Array(12).fill(1000), lo: new Array(12).fill(900), hi: new Array(12).fill(1100) };
    const blended = createTrendService({
      series: gt,
      model: 'net+holt-winters',
      networkBands: new Map([[seriesKey(gt[0]!), band]]),
      networkWeight: 0.5,
    });
    const plain = service.forecast({ term: 'coat', region: 'US' })!;
    const mixed = blended.forecast({ term: 'coat', region: 'US' })!;
    for (const [h, p] of mixed.forecast.entries())
      expect(p.value).toBeCloseTo((1000 + plain.forecast[h]!.value) / 2, 6);
    expect(blended.name).toBe('net+holt-winters');
  });
});

describe('TrendService.top and trend signals', () => {
  it('ranks the Google Trends terms of a region by change', () => {
    const top = service.top({ region: 'GB' }, 5);
    expect(top.map((f) => f.term)).toEqual(['coat', 'shorts']);
    expect(top[0]!.change).toBeGreaterThan(top[1]!.change);
    expect(service.top({ term: 'jeans' }, 3).map((f) => f.term)).toEqual(['jeans (denim)']);
    expect(service.top({ region: 'AU' }, 3)).toEqual([]);
  });

  it('boosts items whose type or colour is rising, within the weight, and says why', () => {
    const signal = trendSignal(service, { articleType: 'coat', colors: ['beige'] })!;
    expect(signal.name).toBe('trend');
    expect(signal.weight).toBeGreaterThan(0);
    expect(signal.weight).toBeLessThanOrEqual(DEFAULT_TREND_BOOST);
    expect(signal.detail).toMatch(/^coat rising \+\d+% over the next 12 weeks \(google-trends EN, as of 2020-04-12\)$/);
    expect(trendBoost(service, { articleType: 'coat', colors: [] }, { weight: 0 })).toBe(0);
    expect(trendBoost(service, { articleType: 'shorts', colors: ['beige'] })).toBe(0);
    expect(trendBoost(service, { articleType: 'coat', colors: [] }, { weight: 0.2 })).toBeCloseTo(signal.weight * 4, 9);
  });

  it('answers from the conversation log for terms the datasets lack', () => {
    const weeks = Array.from({ length: 10 }, (_, i) => ({
      week: new Date(Date.parse('2026-01-05') + i * 7 * 86_400_000).toISOString().slice(0, 10),
      term: 'saree',
      users: 20 + i,
    }));
    const withMentions = createTrendService({
      series: [...gt, ...mentionSeries(weeks)],
      model: 'holt-winters',
    });
    expect(withMentions.forecast({ term: 'saree' })).toMatchObject({ dataset: 'conversations', region: 'world' });
  });
});

describe('charts', () => {
  it('render the forecast as SVG with vega-lite and as PNG with resvg', async () => {
    await loadChartLibraries();
    const svg = service.chart(service.forecast({ term: 'coat', region: 'GB' })!);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('coat · GB · google-trends — rising');
    expect(svg).toContain('forecast');
    const png = await createChartRenderer({ width: 300 })(svg);
    expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });
});

describe('loadTrends', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'trends-service-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const lines: string[] = [];
  const logger = createLogger('info', 'test', (line) => lines.push(line));

  it('returns undefined without trend data', async () => {
    const config = { ...loadConfig({ FASHION_HOME: path.join(root, 'home0') }), dataDir: undefined };
    expect(await loadTrends(config, logger)).toBeUndefined();
    const empty = path.join(root, 'empty');
    mkdirSync(empty);
    expect(await loadTrends({ ...config, dataDir: empty }, logger)).toBeUndefined();
  });

  it('falls back to Holt-Winters with a clear log line, and uses a saved model when there is one', async () => {
    const data = path.join(root, 'data');
    mkdirSync(path.dirname(path.join(data, TREND_FILES.googleTrends)), { recursive: true });
    writeFileSync(path.join(data, TREND_FILES.googleTrends), googleTrendsCsv(gt));
    const config = loadConfig({ FASHION_HOME: path.join(root, 'home'), FASHION_DATA_DIR: data });
    const fallback = (await loadTrends(config, logger))!;
    expect(fallback.name).toBe('holt-winters');
    expect(lines.some((l) => l.includes('no trained trend model') && l.includes('train trends'))).toBe(true);
    expect(fallback.forecast({ term: 'coat', region: 'US' })!.history.at(-1)!.value).toBe(
      Math.round(gt[0]!.values.at(-1)!),
    );

    await initBackend();
    const network = buildTrendNetwork({ ...DEFAULT_MODEL_OPTIONS, hidden: 8, lstmUnits: 2 });
    await saveTrendModel(path.join(config.home, 'trends'), network, {
      format: 1,
      name: 'lstm-global@test',
      networkWeight: 0.5,
    } as TrendModelMeta);
    network.dispose();
    const trained = (await loadTrends(config, logger))!;
    expect(trained.name).toBe('lstm-global@test+holt-winters');
    expect(trained.forecast({ term: 'coat' })!.model).toBe('lstm-global@test+holt-winters');

    // A restart answers the same from the cached series and network outputs, until the model changes.
    const cache = path.join(config.home, 'cache', 'trend-predictions.snap');
    const stamp = statSync(cache).mtimeMs;
    const again = (await loadTrends(config, logger))!;
    expect(again.forecast({ term: 'coat' })).toEqual(trained.forecast({ term: 'coat' }));
    expect(statSync(cache).mtimeMs).toBe(stamp);
    const retrained = buildTrendNetwork({ ...DEFAULT_MODEL_OPTIONS, hidden: 8, lstmUnits: 2 });
    await saveTrendModel(path.join(config.home, 'trends'), retrained, {
      format: 1,
      name: 'lstm-global@test2',
      networkWeight: 0.5,
    } as TrendModelMeta);
    retrained.dispose();
    expect((await loadTrends(config, logger))!.name).toBe('lstm-global@test2+holt-winters');
    expect(statSync(cache).mtimeMs).not.toBe(stamp);
  });
});
