import { describe, expect, it } from 'vitest';
import { averagePrecision, rankingMetrics } from '../../../models/recommender/metrics.ts';

describe('ranking metrics', () => {
  it('computes AP@12 as in the H&M competition (divided by min(bought, 12))', () => {
    // hits at ranks 1 and 3 of 3 bought: (1/1 + 2/3) / 3
    expect(averagePrecision([1, 9, 2, 8], new Set([1, 2, 3]), 12)).toBeCloseTo((1 + 2 / 3) / 3, 10);
    expect(averagePrecision([9, 8], new Set([1]), 12)).toBe(0);
    expect(averagePrecision([5, 5, 5], new Set([5]), 12)).toBe(1);
    // 13 bought: the divisor is capped at 12
    const many = new Set(Array.from({ length: 13 }, (_, i) => i));
    expect(
      averagePrecision(
        Array.from({ length: 12 }, (_, i) => i),
        many,
        12,
      ),
    ).toBe(1);
    // only the first k predictions count
    expect(
      averagePrecision(
        [
          ...Array(12)
            .fill(0)
            .map((_, i) => 100 + i),
          7,
        ],
        new Set([7]),
        12,
      ),
    ).toBe(0);
  });

  it('averages recall, precision, F1, NDCG over customers and measures coverage', () => {
    const predictions = new Map([
      [1, [10, 11]],
      [2, [20]],
    ]);
    const truth = new Map([
      [1, new Set([11])],
      [2, new Set([21, 22])],
      [3, new Set([30])],
    ]);
    const m = rankingMetrics(predictions, truth, [1, 2, 3], 12, 100);
    expect(m['map@12']).toBeCloseTo(0.5 / 3, 10);
    expect(m['recall@12']).toBeCloseTo(1 / 3, 10);
    expect(m['precision@12']).toBeCloseTo(1 / 12 / 3, 10);
    const f1 = (2 * 1 * (1 / 12)) / (1 + 1 / 12);
    expect(m['f1@12']).toBeCloseTo(f1 / 3, 10);
    expect(m['ndcg@12']).toBeCloseTo(1 / Math.log2(3) / 3, 10);
    expect(m.coverage).toBeCloseTo(3 / 100, 10);
  });
});
