import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { backtest, backtestCases, backtestOrigins, firstOriginDate } from '../../../models/trends/backtest.ts';
import { seasonalNaiveForecast } from '../../../models/trends/baselines.ts';
import { backtestDatasets } from '../../../models/trends/evaluate.ts';
import { loadTrendSeries } from '../../../models/trends/series.ts';
import { SHARED_DATA, syntheticSeries } from './fixtures.ts';

describe('rolling-origin protocol', () => {
  it('places 13 origins every 4 weeks over the last 52 weeks', () => {
    expect(backtestOrigins(156)).toEqual([104, 108, 112, 116, 120, 124, 128, 132, 136, 140, 144, 148, 152]);
  });

  it('keeps only origins whose whole horizon is inside the data and before the last target week', () => {
    const series = syntheticSeries({ weeks: 156 }); // weeks 2017-04-23 … 2020-04-12
    expect(backtestCases({ name: 'x', series: [series] }, 12).map((c) => c.origin)).toEqual([
      104, 108, 112, 116, 120, 124, 128, 132, 136, 140, 144,
    ]);
    const bounded = backtestCases({ name: 'x', series: [series], lastTarget: '2020-02-29' }, 12);
    expect(bounded.map((c) => c.origin).at(-1)).toBe(136); // week 147 = 2020-02-23 is the last target
    expect(firstOriginDate({ name: 'x', series: [series] })).toBe('2019-04-21');
  });

  it('scores a method that knows the future as perfect and seasonal naive exact on a purely seasonal series', async () => {
    const series = syntheticSeries({ weeks: 156, slope: 0.2 });
    const report = await backtest(
      { name: 'x', series: [series] },
      {
        oracle: (cases) => cases.map((c) => c.series.values.slice(c.origin, c.origin + c.horizon)),
        flat: (cases) => cases.map((c) => new Array<number>(c.horizon).fill(0)),
      },
    );
    expect(report.h12!.methods.oracle).toMatchObject({ mase: 0, smape: 0, direction_accuracy: 1, cases: 11 });
    expect(report.h4!.methods.flat!.mase).toBeGreaterThan(1);
    const seasonal = await backtest(
      { name: 'y', series: [syntheticSeries({ weeks: 156 })] },
      {
        sn: (cases) => cases.map((c) => seasonalNaiveForecast(c.series.values.slice(0, c.origin), c.horizon)),
      },
    );
    expect(seasonal.h4!.methods.sn!.smape).toBeCloseTo(0, 9);
    expect(seasonal.h4!.methods.sn!.direction_accuracy).toBe(1);
  });
});

describe.skipIf(!existsSync(SHARED_DATA))('backtest datasets on the shared data', () => {
  it('uses the 178 series of US, GB, CA, IE, PH and every VISUELLE series with data', () => {
    const [gt, vis] = backtestDatasets(loadTrendSeries(SHARED_DATA).series);
    expect(gt!.series).toHaveLength(178);
    expect(backtestCases(gt!, 12)).toHaveLength(178 * 9);
    expect(backtestCases(gt!, 4)).toHaveLength(178 * 11);
    expect(backtestCases(vis!, 12)).toHaveLength(vis!.series.length * 11);
  });
});
