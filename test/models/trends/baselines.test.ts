import { describe, expect, it } from 'vitest';
import {
  fitHoltWinters,
  holtWintersFilter,
  holtWintersForecast,
  holtWintersInit,
  naiveForecast,
  nelderMead,
  seasonalNaiveForecast,
} from '../../../models/trends/baselines.ts';
import { syntheticSeries } from './fixtures.ts';

describe('naive and seasonal naive', () => {
  it('repeat the last value / the value one season back', () => {
    expect(naiveForecast([3, 5, 4], 3)).toEqual([4, 4, 4]);
    expect(seasonalNaiveForecast([1, 2, 3, 4, 5, 6], 4, 3)).toEqual([4, 5, 6, 4]);
    expect(seasonalNaiveForecast([1, 2], 2, 3)).toEqual([2, 2]); // shorter than a season: naive
  });

  it('forecast a purely seasonal series exactly', () => {
    const { values } = syntheticSeries({ weeks: 130 });
    const forecast = seasonalNaiveForecast(values.slice(0, 118), 12);
    for (const [h, v] of forecast.entries()) expect(v).toBeCloseTo(values[118 + h]!, 9);
  });
});

describe('Holt-Winters (additive)', () => {
  // Season means 2 and 3 → trend 0.5 per step; seasonal −0.75 / +0.75; level at time −1: 2 − 0.5 · 1.5 = 1.25.
  const y = [1, 3, 2, 4, 10];

  it('initialises level, trend and season from the first two seasons', () => {
    expect(holtWintersInit(y, 2)).toEqual({ level: 1.25, trend: 0.5, season: [-0.75, 0.75] });
  });

  it('matches a hand computation of the recursions', () => {
    // t = 0…3 are fitted exactly; t = 4: forecast 3.25 + 0.5 − 0.75 = 3, error 7;
    // level = 0.5 (10 + 0.75) + 0.5 (3.75) = 7.25, trend = 0.1 · 4 + 0.9 · 0.5 = 0.85, s0 = 0.2 · 2.75 + 0.8 · (−0.75) = −0.05;
    // forecasts: 7.25 + 0.85 + 0.75, 7.25 + 1.7 − 0.05, 7.25 + 2.55 + 0.75.
    const fit = holtWintersFilter(y, 2, 0.5, 0.1, 0.2);
    expect(fit.sse).toBeCloseTo(49, 9);
    expect(fit.level).toBeCloseTo(7.25, 9);
    expect(fit.trend).toBeCloseTo(0.85, 9);
    const forecast = holtWintersForecast(fit, 3);
    expect(forecast[0]).toBeCloseTo(8.85, 9);
    expect(forecast[1]).toBeCloseTo(8.9, 9);
    expect(forecast[2]).toBeCloseTo(7.25 + 3 * 0.85 + 0.75, 9);
  });

  it('extends a seasonal series with a linear trend exactly', () => {
    const { values } = syntheticSeries({ weeks: 160, slope: 0.3 });
    const fit = fitHoltWinters(values.slice(0, 148));
    expect(fit.sse).toBeLessThan(1e-6);
    for (const [h, v] of holtWintersForecast(fit, 12).entries()) expect(v).toBeCloseTo(values[148 + h]!, 4);
  });

  it('fits smoothing parameters in [0, 1] that beat fixed ones on a noisy series', () => {
    const { values } = syntheticSeries({ weeks: 156, slope: 0.1, wobble: 6 });
    const fit = fitHoltWinters(values);
    for (const p of [fit.alpha, fit.beta, fit.gamma]) expect(p >= 0 && p <= 1).toBe(true);
    expect(fit.sse).toBeLessThanOrEqual(holtWintersFilter(values, 52, 0.5, 0.05, 0.1).sse);
    expect(fit.sse).toBeLessThanOrEqual(holtWintersFilter(values, 52, 0.9, 0.2, 0.4).sse);
  });

  it('refuses a history shorter than two seasons', () => {
    expect(() => fitHoltWinters([1, 2, 3], 2)).toThrow(/two seasons/);
  });
});

describe('nelderMead', () => {
  it('finds the minimum of a bowl inside the unit box, and the box edge when the minimum lies outside', () => {
    const inside = nelderMead((x) => (x[0]! - 0.3) ** 2 + (x[1]! - 0.7) ** 2, [0.5, 0.5]);
    expect(inside.x[0]).toBeCloseTo(0.3, 3);
    expect(inside.x[1]).toBeCloseTo(0.7, 3);
    const edge = nelderMead((x) => (x[0]! - 2) ** 2, [0.5]);
    expect(edge.x[0]).toBeCloseTo(1, 6);
  });
});
