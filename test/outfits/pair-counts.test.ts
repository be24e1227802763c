import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PackedPairCounts } from '../../src/outfits/pair-counts.ts';

describe('PackedPairCounts', () => {
  it('answers every pair as the map it was saved from, and nothing else', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.tuple(fc.nat(1000), fc.nat(1000), fc.integer({ min: 1, max: 1e6 })), { maxLength: 300 }),
        (itemCount, raw) => {
          const map = new Map<number, number>();
          for (const [a, b, count] of raw) map.set((a % itemCount) * itemCount + (b % itemCount), count);
          const triples = Int32Array.from(
            [...map].flatMap(([key, count]) => [Math.floor(key / itemCount), key % itemCount, count]),
          );
          const packed = PackedPairCounts.fromTriples(triples, itemCount);
          expect(packed.size).toBe(map.size);
          for (let key = 0; key < itemCount * itemCount; key++) expect(packed.get(key)).toBe(map.get(key));
          expect(new Map(packed)).toEqual(map);
        },
      ),
      { numRuns: 100, seed: 3 },
    );
  });
});
