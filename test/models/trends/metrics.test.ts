import { describe, expect, it } from 'vitest';
import { directionHit, mase, meanAbsoluteError, seasonalNaiveScale, smape } from '../../../models/trends/metrics.ts';

describe('forecast metrics', () => {
  it('MASE divides the horizon MAE by the in-sample seasonal-naive MAE', () => {
    expect(seasonalNaiveScale([1, 2, 4, 3], 2)).toBe(2);
    expect(mase([5, 5], [4, 6], [1, 2, 4, 3], 2)).toBe(0.5);
    expect(mase([5], [4], [2, 2, 2, 2], 2)).toBeUndefined(); // zero scale
    expect(seasonalNaiveScale([1, 2], 2)).toBeUndefined();
  });

  it('sMAPE is in percent and counts 0 vs 0 as no error', () => {
    expect(smape([100], [50])).toBeCloseTo(66.667, 3);
    expect(smape([0, 10], [0, 10])).toBe(0);
    expect(smape([0], [5])).toBe(200);
  });

  it('direction compares the sign of mean(truth) − last with mean(forecast) − last', () => {
    expect(directionHit([6, 7], [5.5, 5.6], 5)).toBe(true);
    expect(directionHit([6, 7], [4, 4.5], 5)).toBe(false);
    expect(directionHit([4, 6], [5, 5], 5)).toBe(true); // both flat
  });

  it('MAE rejects arrays of different lengths', () => {
    expect(() => meanAbsoluteError([1], [1, 2])).toThrow();
  });
});
