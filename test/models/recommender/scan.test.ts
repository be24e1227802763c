import { describe, expect, it } from 'vitest';
import { type ItemSpace, principalSpace } from '../../../models/recommender/item-space.ts';
import type { Preferences } from '../../../models/recommender/preferences.ts';
import { principalAxes, rotateToPrincipal } from '../../../models/recommender/principal.ts';
import { scanTop } from '../../../models/recommender/rank.ts';
import { seededRandom } from '../../../src/util/random.ts';

function randomSpace(count: number, dim: number, seed: number): ItemSpace {
  const random = seededRandom(seed);
  const vectors = new Float32Array(count * dim);
  const prior = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    let norm = 0;
    // a few dominant directions, as in learned item vectors
    for (let j = 0; j < dim; j++) {
      const v = (random.next() * 2 - 1) * (j < 3 ? 3 : 1);
      vectors[i * dim + j] = v;
      norm += v * v;
    }
    for (let j = 0; j < dim; j++) vectors[i * dim + j] = (vectors[i * dim + j] ?? 0) / Math.sqrt(norm);
    prior[i] = random.next() * 0.3;
  }
  return { dim, vectors, prior, priorSignal: 'popularity' };
}

const noPreferences = { active: false } as Preferences;

describe('principal rotation and the bounded scan', () => {
  it('finds the eigenvectors of a symmetric matrix, largest eigenvalue first', () => {
    // [[2, 1], [1, 2]]: eigenvalues 3 (axis (1, 1)/√2) and 1
    const axes = principalAxes(Float64Array.of(2, 1, 1, 2), 2);
    expect(Math.abs(axes[0]!)).toBeCloseTo(Math.SQRT1_2, 6);
    expect(axes[0]! * axes[1]!).toBeGreaterThan(0);
    expect(axes[2]! * axes[3]!).toBeLessThan(0);
  });

  it('keeps every dot product and puts the variance first', () => {
    const space = randomSpace(300, 16, 1);
    const { vectors, tail } = rotateToPrincipal(space.vectors, 16, 4);
    const dot = (v: Float32Array, a: number, b: number) => {
      let s = 0;
      for (let j = 0; j < 16; j++) s += v[a * 16 + j]! * v[b * 16 + j]!;
      return s;
    };
    for (const [a, b] of [
      [0, 1],
      [5, 299],
      [42, 42],
    ] as const)
      expect(dot(vectors, a, b)).toBeCloseTo(dot(space.vectors, a, b), 5);
    let head = 0;
    for (let i = 0; i < 300; i++) for (let j = 0; j < 4; j++) head += vectors[i * 16 + j]! ** 2;
    expect(head / 300).toBeGreaterThan(0.5); // 4 of 16 coordinates carry most of the energy
    for (let i = 0; i < 300; i++) expect(tail[i]!).toBeLessThanOrEqual(1 + 1e-5);
  });

  it('returns the same top items as a full scan, with exclusions', () => {
    const space = randomSpace(2000, 16, 2);
    const rotated = principalSpace(space, 4);
    // every item but each fourth one satisfies the query
    const candidates = Uint32Array.from({ length: 1500 }, (_, i) => i + Math.floor(i / 3));
    for (const liked of [[7, 300], [1], [10, 20, 30]]) {
      // the user vector is built from item vectors of the same space, as historyTerms does
      const mean = (s: ItemSpace) => {
        const v = new Float32Array(16);
        for (const i of liked) for (let j = 0; j < 16; j++) v[j] = (v[j] ?? 0) + (s.vectors[i * 16 + j] ?? 0);
        return v;
      };
      const term = { signal: 'feedback' as const, weight: 1.5, detail: '' };
      const plain = { dense: [{ ...term, vector: mean(space) }] };
      const fast = { dense: [{ ...term, vector: mean(rotated) }] };
      const excluded = new Set([candidates[10]!, candidates[20]!]);
      const full = scanTop(space, candidates, plain, excluded, noPreferences, 12);
      const bounded = scanTop(rotated, candidates, fast, excluded, noPreferences, 12);
      expect(Array.from(bounded.indices)).toEqual(Array.from(full.indices));
      for (const i of bounded.indices) expect(excluded.has(i)).toBe(false);
    }
  });
});
