import { describe, expect, it } from 'vitest';
import { classifierFromJSON, softmax, trainClassifier } from '../../src/nlu/classifier.ts';
import { seededRandom } from '../../src/util/random.ts';

const examples = [
  { features: ['w:hi', 'w:there'], label: 'greet' },
  { features: ['w:hello'], label: 'greet' },
  { features: ['w:bye', 'w:now'], label: 'goodbye' },
  { features: ['w:see', 'w:you'], label: 'goodbye' },
];
const labels = ['greet', 'goodbye'];

describe('classifier', () => {
  it('learns separable examples and ranks the right label first', () => {
    const c = trainClassifier(examples, labels, { random: seededRandom(1), epochs: 30, learningRate: 0.5 });
    expect(c.predict(['w:hello'])[0]).toBeGreaterThan(0.7);
    expect(c.predict(['w:bye'])[1]).toBeGreaterThan(0.7);
    const unknown = c.predict(['w:zebra']);
    expect(unknown[0]! + unknown[1]!).toBeCloseTo(1, 6);
  });

  it('survives a JSON round trip with the same predictions, and rejects a broken model', () => {
    const c = trainClassifier(examples, labels, { random: seededRandom(2) });
    const copy = classifierFromJSON(JSON.parse(JSON.stringify(c.toJSON(1.5))));
    expect(copy.temperature).toBe(1.5);
    const a = c.predict(['w:hi'], 1.5);
    const b = copy.predict(['w:hi']);
    expect(b[0]).toBeCloseTo(a[0]!, 4);
    expect(() => classifierFromJSON({ ...c.toJSON(), bias: [0] })).toThrow(/inconsistent/);
  });

  it('averages the weights of several runs over different example orders', () => {
    const random = seededRandom(5);
    const first = trainClassifier(examples, labels, { random });
    const second = trainClassifier(examples, labels, { random });
    const averaged = trainClassifier(examples, labels, { random: seededRandom(5), runs: 2 });
    for (const features of [['w:hi'], ['w:bye', 'w:now'], ['w:see']]) {
      const a = first.scores(features);
      const b = second.scores(features);
      const m = averaged.scores(features);
      for (let c = 0; c < labels.length; c++) expect(m[c]).toBeCloseTo((a[c]! + b[c]!) / 2, 4);
    }
    expect(first.scores(['w:hi'])[0]).not.toBeCloseTo(second.scores(['w:hi'])[0]!, 6);
  });

  it('rejects an example with an unknown label', () => {
    expect(() => trainClassifier([{ features: ['x'], label: 'nope' }], labels, { random: seededRandom(1) })).toThrow(
      /unknown label/,
    );
  });

  it('flattens probabilities with a higher temperature', () => {
    const sharp = softmax(Float64Array.from([2, 0]), 1);
    const flat = softmax(Float64Array.from([2, 0]), 4);
    expect(flat[0]).toBeLessThan(sharp[0]!);
    expect(flat[0]).toBeGreaterThan(0.5);
  });
});
