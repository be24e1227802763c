import { describe, expect, it } from 'vitest';
import { parseDataFile } from '../../src/nlu/data.ts';
import { calibrate, classificationReport, setPrf, stratifiedFolds } from '../../src/nlu/evaluate.ts';
import { INTENTS, type Intent } from '../../src/types.ts';

describe('metrics', () => {
  it('computes per-label precision, recall, F1 and macro-F1', () => {
    const report = classificationReport(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b'], ['a', 'b', 'c']);
    expect(report.accuracy).toBe(0.75);
    expect(report.per_label.a).toMatchObject({ precision: 1, recall: 0.5, support: 2 });
    expect(report.per_label.b).toMatchObject({ precision: 0.6667, recall: 1, f1: 0.8 });
    expect(report.per_label.c).toBeUndefined(); // never seen: not averaged
    expect(report.macro_f1).toBeCloseTo((0.6667 + 0.8) / 2, 3);
  });

  it('computes micro precision and recall over slot pairs', () => {
    const prf = setPrf([['color=blue', 'size=M'], []], [['color=blue'], ['category=dress']]);
    expect(prf).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5 });
  });
});

describe('stratified folds', () => {
  it('spreads every intent over all folds, deterministically', () => {
    const examples = ['greet', 'goodbye'].flatMap((intent) =>
      parseDataFile(Array.from({ length: 10 }, (_, i) => `${intent} ${i}`).join('\n'), intent as Intent, 'en', 'x'),
    );
    const folds = stratifiedFolds(examples, 5, 3);
    for (const intent of ['greet', 'goodbye']) {
      const counts = [0, 0, 0, 0, 0];
      examples.forEach((e, i) => {
        if (e.intent === intent) counts[folds[i]!]!++;
      });
      expect(counts).toEqual([2, 2, 2, 2, 2]);
    }
    expect(stratifiedFolds(examples, 5, 3)).toEqual(folds);
  });
});

describe('calibration', () => {
  it('raises the temperature for overconfident predictions and picks a threshold', () => {
    const probs = (top: number, at: number) =>
      INTENTS.map((_, i) => (i === at ? top : (1 - top) / (INTENTS.length - 1)));
    // 80 % right, but always 99.9 % sure: overconfident.
    const gold: Intent[] = [];
    const predictions = [];
    for (let i = 0; i < 100; i++) {
      const right = i % 5 !== 0;
      gold.push('greet');
      predictions.push({ intent: right ? 'greet' : 'help', probs: probs(0.999, right ? 0 : 1), slots: [] } as const);
    }
    const result = calibrate(gold, predictions as never, 0.97);
    expect(result.temperature).toBeGreaterThan(1);
    expect(result.threshold).toBeGreaterThan(0.2);
    expect(result.ece).toBeLessThan(0.2);
  });
});
