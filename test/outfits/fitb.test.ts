import { describe, expect, it } from 'vitest';
import { countEntityPairs, countPairs, pmi } from '../../src/outfits/costats.ts';
import { fitbAccuracy, makeFitbQuestions, popularityScorer, randomScorer } from '../../src/outfits/fitb.ts';
import { splitCsvLine } from '../../src/outfits/hm-data.ts';
import { seededRandom } from '../../src/util/random.ts';

// Articles 0..8: group = floor(i / 3); weights favour the last article of each group.
const groupOf = Int32Array.from({ length: 9 }, (_, i) => Math.floor(i / 3));
const weights = Float64Array.from({ length: 9 }, (_, i) => (i % 3 === 2 ? 5 : 1));

describe('makeFitbQuestions', () => {
  const baskets = [
    [0, 3],
    [1, 4, 6],
    [0, 1], // one group only: not a question
    [2, 5, 8],
  ];
  const questions = makeFitbQuestions(baskets, weights, groupOf, seededRandom(3), { choices: 2 });

  it('keeps baskets spanning two groups and hides one of their items', () => {
    expect(questions).toHaveLength(3);
    questions.forEach((q, n) => {
      const basket = [baskets[0], baskets[1], baskets[3]][n]!;
      const hidden = q.candidates[q.answer]!;
      expect(basket).toContain(hidden);
      expect([...q.context, hidden].sort()).toEqual([...basket].sort());
    });
  });

  it('draws distractors from the hidden item’s group, never from the basket', () => {
    for (const q of questions) {
      const hidden = q.candidates[q.answer]!;
      const basket = new Set([...q.context, hidden]);
      for (const c of q.candidates) {
        expect(groupOf[c]).toBe(groupOf[hidden]);
        if (c !== hidden) expect(basket.has(c)).toBe(false);
      }
      expect(new Set(q.candidates).size).toBe(q.candidates.length);
    }
  });

  it('never draws an item without purchases and skips groups too small for the choices', () => {
    const sparse = Float64Array.from(weights, (w, i) => (i === 1 ? 0 : w));
    const qs = makeFitbQuestions([[0, 3]], sparse, groupOf, seededRandom(1), { choices: 3 });
    for (const q of qs) expect(q.candidates).not.toContain(1);
    expect(makeFitbQuestions([[0, 3]], sparse, groupOf, seededRandom(1), { choices: 4 })).toHaveLength(0);
  });

  it('draws distractors in proportion to their weight', () => {
    const many = Array.from({ length: 2000 }, () => [0, 3]);
    const qs = makeFitbQuestions(many, weights, groupOf, seededRandom(9), { choices: 2 });
    const distractors = qs.map((q) => q.candidates[1 - q.answer]!);
    // Hidden item 0 → distractor 1 (w 1) or 2 (w 5); hidden 3 → 4 (w 1) or 5 (w 5).
    const heavy = distractors.filter((d) => d === 2 || d === 5).length / distractors.length;
    expect(heavy).toBeGreaterThan(0.78);
    expect(heavy).toBeLessThan(0.88);
  });
});

describe('fitbAccuracy', () => {
  const many = Array.from({ length: 400 }, (_, i) => [i % 3, 3 + (i % 3), 6 + ((i + 1) % 3)]);
  const questions = makeFitbQuestions(many, weights, groupOf, seededRandom(5), { choices: 3 });

  it('gives 1 to an oracle and about 1/choices to a scorer that always ties', () => {
    const oracleQuestions = new Map(questions.map((q) => [q, q.candidates[q.answer]]));
    let k = 0;
    const oracle = (candidates: readonly number[]) => {
      const answer = oracleQuestions.get(questions[k++]!)!;
      return candidates.map((c) => (c === answer ? 1 : 0));
    };
    expect(fitbAccuracy(questions, oracle, seededRandom(1))).toBe(1);
    const chance = fitbAccuracy(questions, randomScorer, seededRandom(1));
    expect(chance).toBeGreaterThan(0.27);
    expect(chance).toBeLessThan(0.4);
  });

  it('scores the popularity picker by its purchase counts', () => {
    const counts = Float64Array.from({ length: 9 }, (_, i) => i);
    const scores = popularityScorer(counts)([2, 7, 4], []);
    expect([...(scores as Float64Array)]).toEqual([2, 7, 4]);
    expect(fitbAccuracy([], randomScorer, seededRandom(1))).toBe(0);
  });
});

describe('co-purchase statistics', () => {
  const fields = {
    names: ['colour'],
    columns: [Int32Array.from([0, 0, 1, 1, 2])],
    cardinality: [3],
  };
  const baskets = [[0, 2], [1, 3], [0, 3], [4]];

  it('counts each ordered pair of distinct items, symmetrically', () => {
    const [table] = countPairs(baskets, fields);
    expect(table!.pairs.get(0 * 3 + 1)).toBe(3);
    expect(table!.pairs.get(1 * 3 + 0)).toBe(3);
    expect(table!.total).toBe(6);
    expect(table!.marginals[2]).toBe(0); // only in a one-item basket
    const items = countEntityPairs(baskets, 5);
    expect(items.get(0 * 5 + 2)).toBe(1);
    expect(items.get(2 * 5 + 0)).toBe(1);
    expect(items.has(4 * 5 + 4)).toBe(false);
  });

  it('gives positive PMI to pairs bought together more than chance and 0 to unknown codes', () => {
    const [table] = countPairs(baskets, fields);
    expect(pmi(table!, 0, 1)).toBeGreaterThan(0);
    expect(pmi(table!, 0, 0)).toBeLessThan(0);
    expect(pmi(table!, -1, 1)).toBe(0);
  });
});

describe('splitCsvLine', () => {
  it('keeps quoted commas and doubled quotes inside a field', () => {
    expect(splitCsvLine('0108775015,"Strap top, 2-pack","He said ""hi""",')).toEqual([
      '0108775015',
      'Strap top, 2-pack',
      'He said "hi"',
      '',
    ]);
  });
});
