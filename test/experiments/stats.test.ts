import { describe, expect, it } from 'vitest';
import { chiSquareSurvival, newcombeDifference, sampleRatioTest, wilson } from '../../src/experiments/stats.ts';

const cc = { continuity: true };

describe('wilson', () => {
  // Published values: Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I,
  // methods 3 (score) and 4 (score with continuity correction); the 0/10, 5/10, 10/10 rows are the standard table.
  it.each([
    [0, 10, 0, 0.2775],
    [5, 10, 0.2366, 0.7634],
    [10, 10, 0.7225, 1],
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
    [29, 29, 0.883, 1],
  ])('%i/%i → [%f, %f]', (k, n, low, high) => {
    const p = wilson(k, n);
    expect(p.rate).toBeCloseTo(k / n, 12);
    expect(p.low).toBeCloseTo(low, 4);
    expect(p.high).toBeCloseTo(high, 4);
  });

  it.each([
    [81, 263, 0.2535, 0.3682],
    [15, 148, 0.0598, 0.1644],
    [0, 20, 0, 0.2005],
    [1, 29, 0.0018, 0.1963],
    [29, 29, 0.8544, 1],
  ])('with continuity correction %i/%i → [%f, %f]', (k, n, low, high) => {
    const p = wilson(k, n, cc);
    expect(p.low).toBeCloseTo(low, 4);
    expect(p.high).toBeCloseTo(high, 4);
  });

  it('gives the whole unit interval with no data and rejects impossible counts', () => {
    expect(wilson(0, 0)).toMatchObject({ rate: 0, low: 0, high: 1 });
    expect(() => wilson(3, 2)).toThrow(/0 ≤ successes ≤ total/);
    expect(() => wilson(-1, 2)).toThrow(RangeError);
    expect(() => wilson(1.5, 2)).toThrow(RangeError);
  });

  it('narrows as the sample grows', () => {
    const small = wilson(10, 50);
    const large = wilson(200, 1000);
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
    expect(wilson(10, 50, cc).high - wilson(10, 50, cc).low).toBeGreaterThan(small.high - small.low);
  });
});

describe('newcombeDifference', () => {
  // Newcombe (1998), "Interval estimation for the difference between independent proportions", Table II,
  // methods 10 (hybrid score) and 11 (with continuity correction).
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339, 0.0428, 0.3422],
    [9, 10, 3, 10, 0.1705, 0.809, 0.1013, 0.8387],
    [6, 7, 2, 7, 0.0582, 0.8062, -0.029, 0.8423],
    [5, 56, 0, 29, -0.0381, 0.1926, -0.0667, 0.2037],
    [0, 10, 0, 20, -0.1611, 0.2775, -0.2005, 0.3445],
    [10, 10, 0, 20, 0.6791, 1, 0.6014, 1],
  ])('%i/%i − %i/%i', (a, m, b, n, low10, high10, low11, high11) => {
    const plain = newcombeDifference(wilson(a, m), wilson(b, n));
    expect(plain.difference).toBeCloseTo(a / m - b / n, 12);
    expect(plain.low).toBeCloseTo(low10, 4);
    expect(plain.high).toBeCloseTo(high10, 4);
    const corrected = newcombeDifference(wilson(a, m, cc), wilson(b, n, cc));
    expect(corrected.low).toBeCloseTo(low11, 4);
    expect(corrected.high).toBeCloseTo(high11, 4);
    expect(corrected.significant).toBe(low11 > 0 || high11 < 0);
  });

  it('is antisymmetric and uninformative with an empty group', () => {
    const ab = newcombeDifference(wilson(30, 100), wilson(20, 100));
    const ba = newcombeDifference(wilson(20, 100), wilson(30, 100));
    expect(ba.low).toBeCloseTo(-ab.high, 12);
    expect(ba.high).toBeCloseTo(-ab.low, 12);
    expect(newcombeDifference(wilson(3, 10), wilson(0, 0))).toMatchObject({ low: -1, high: 1, significant: false });
  });
});

describe('sample ratio mismatch', () => {
  it.each([
    [3.841458820694124, 1, 0.05],
    [6.634896601021214, 1, 0.01],
    [10.827566170662733, 1, 0.001],
    [5.991464547107979, 2, 0.05],
    [13.815510557964274, 2, 0.001],
    [0.5, 3, 0.918891411654676],
    [30, 10, 0.000856641210775301],
    [100, 50, 0.0000345493138298],
    [1, 1, 0.3173105078629141],
  ])('chi-square survival(%f, df %i) = %f', (x, df, p) => {
    expect(chiSquareSurvival(x, df)).toBeCloseTo(p, 6);
  });

  it('tests observed counts against the configured shares', () => {
    const balanced = sampleRatioTest([5100, 4900], [1, 1]);
    expect(balanced.chiSquare).toBeCloseTo(4, 10);
    expect(balanced.pValue).toBeCloseTo(0.0455, 4);
    expect(sampleRatioTest([6700, 3300], [2, 1]).pValue).toBeGreaterThan(0.1);
    expect(sampleRatioTest([5000, 5000], [2, 1]).pValue).toBeLessThan(1e-10);
    expect(sampleRatioTest([0, 0], [1, 1]).pValue).toBe(1);
    expect(() => sampleRatioTest([1], [1])).toThrow(RangeError);
  });
});
