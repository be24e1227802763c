import { beforeAll, describe, expect, it } from 'vitest';
import { augmentText } from '../../src/nlu/augment.ts';
import { type Example, loadExamples } from '../../src/nlu/data.ts';
import { BUNDLED_DATA_DIR } from '../../src/nlu/index.ts';
import { SpellingCorrector } from '../../src/nlu/matcher.ts';
import { NeuralTagger, TAGS, tokenFeatures } from '../../src/nlu/neural.ts';
import { tagsOf, trainNeural } from '../../src/nlu/neural-train.ts';
import { noisyCopy } from '../../src/nlu/noise.ts';
import { nearestValue, recoverSlots } from '../../src/nlu/recover.ts';
import { extractSlots } from '../../src/nlu/slots.ts';
import { seededRandom } from '../../src/util/random.ts';

const corrector = new SpellingCorrector();
let tagger: NeuralTagger;

beforeAll(async () => {
  // A small slice of the real data keeps the test fast; it still has to learn what a kind of piece is.
  const all = loadExamples(BUNDLED_DATA_DIR);
  const slice: Example[] = all.filter((e) => e.intent === 'product_search' || e.intent === 'greet').slice(0, 240);
  tagger = new NeuralTagger(await trainNeural(slice, corrector, { epochs: 4, variants: 1, seed: 3 }));
}, 120_000);

describe('the learned tagger', () => {
  it('tags a kind of piece the lexicon cannot spell', () => {
    const extraction = extractSlots('a warm swetar', corrector);
    expect(extraction.slots.category).toBeUndefined();
    const output = tagger.run(tokenFeatures(extraction, tagger.shape));
    const best = output.tags[2]!.indexOf(Math.max(...output.tags[2]!));
    expect(TAGS[best]).toBe('category');
    recoverSlots(extraction, output, tagger.tags);
    expect(extraction.slots.category).toBe('sweater');
  });

  it('gives probabilities that sum to one', () => {
    const output = tagger.run(tokenFeatures(extractSlots('hi there', corrector), tagger.shape));
    expect(output.intents.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    for (const probs of output.tags) expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('rejects weights of the wrong shape', () => {
    expect(
      () =>
        new NeuralTagger({
          shape: { buckets: 8, dim: 2, hidden: 2, maxTokens: 4, maxFeatures: 4 },
          intents: ['a'],
          tags: ['O'],
          embedding: [1],
          w1: [],
          b1: [],
          wTag: [],
          bTag: [],
          wIntent: [],
          bIntent: [],
        }),
    ).toThrow(/embedding/);
  });
});

describe('token tags and normalisation', () => {
  it('tags tokens from the extractor spans', () => {
    const tags = tagsOf(extractSlots('no yellow, blue jeans', corrector)).map((t) => TAGS[t]);
    expect(tags).toEqual(['O', 'exclude_color', 'O', 'color', 'category']);
  });

  it('normalises a misspelt word to the nearest value of its kind only', () => {
    expect(nearestValue('sandlas', 'category')).toBe('sandals');
    expect(nearestValue('burgandy', 'color')).toBe('burgundy');
    expect(nearestValue('sandlas', 'color')).toBeUndefined();
  });
});

describe('noise for evaluation and augmentation for training', () => {
  it('are seeded and differ from each other', () => {
    const text = 'What should I wear to a wedding on Friday, please?';
    expect(noisyCopy(text, 5)).toBe(noisyCopy(text, 5));
    expect(augmentText(text, seededRandom(1))).toBe(augmentText(text, seededRandom(1)));
    const noisy = new Set(Array.from({ length: 30 }, (_, i) => noisyCopy(text, i)));
    const augmented = new Set(Array.from({ length: 30 }, (_, i) => augmentText(text, seededRandom(i))));
    expect([...noisy].filter((x) => augmented.has(x)).length).toBeLessThan(noisy.size / 2);
  });

  it('keeps the words of an utterance one for one in training variants', () => {
    const random = seededRandom(9);
    for (let i = 0; i < 20; i++) {
      const variant = augmentText('I need something for my boyfriend, please', random);
      expect(variant.split(/\s+/).length).toBeGreaterThanOrEqual(7);
    }
  });
});
