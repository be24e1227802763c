import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCompatibilityParts, outfitsHome, saveCompatibility } from '../../src/outfits/artifact.ts';
import { CompatibilityModel } from '../../src/outfits/compatibility.ts';
import { fitbAccuracy, makeFitbQuestions, randomScorer } from '../../src/outfits/fitb.ts';
import { loadComposer } from '../../src/outfits/index.ts';
import { familyOf, fitbScorers, fitCompatibility, PRODUCT_GROUP, purchaseCounts } from '../../src/outfits/train.ts';
import type { Item } from '../../src/types.ts';
import { createLogger } from '../../src/util/logger.ts';
import { seededRandom } from '../../src/util/random.ts';
import { syntheticBaskets } from './fixtures.ts';

const data = syntheticBaskets(seededRandom(21));
const TYPES = [
  ['shirt', 'top', 'white', 'formal'],
  ['t-shirt', 'top', 'red', 'casual'],
  ['trousers', 'bottom', 'black', 'formal'],
  ['jeans', 'bottom', 'blue', 'casual'],
  ['formal-shoes', 'footwear', 'black', 'formal'],
  ['sneakers', 'footwear', 'white', 'casual'],
] as const;

/** Department 0 is formal, department 1 casual: the attributes tier must learn that from baskets alone. */
function itemOfArticle(a: number): Item {
  const [articleType, category, color, usage] = TYPES[PRODUCT_GROUP_OF(a) * 2 + (a % 2)]!;
  return {
    id: `hm:${data.articles.ids[a]}`,
    source: 'hm',
    name: articleType,
    gender: 'men',
    category,
    articleType,
    colors: [color],
    materials: [],
    seasons: [],
    usage: [usage],
    formality: usage === 'formal' ? 0.8 : 0.2,
    price: 20,
    popularity: 1,
  };
}
const PRODUCT_GROUP_OF = (a: number) => data.articles.codes[PRODUCT_GROUP]![a]!;
const itemOf = (id: string) => itemOfArticle(data.articles.index.get(id)!);
const parts = fitCompatibility(data, { itemOf });
const model = new CompatibilityModel(parts, familyOf);

function demoItem(articleType: string, category: Item['category'], color: string, usage: Item['usage'][number]): Item {
  return {
    ...itemOfArticle(0),
    id: `demo:${articleType}`,
    source: 'demo',
    articleType,
    category,
    colors: [color],
    usage: [usage],
  };
}

describe('fitCompatibility', () => {
  it('never trains on the held-out last day', () => {
    expect(parts.meta.trainingDays).toEqual(data.days.slice(0, -1));
    expect(parts.meta.fitQuestions).toBeGreaterThanOrEqual(50);
  });

  it('learns the department pattern: FITB on the held-out day far above chance', () => {
    const testDay = data.days.at(-1)!;
    const questions = makeFitbQuestions(
      data.baskets.filter((b) => b.day === testDay).map((b) => b.articles),
      purchaseCounts(data, data.days),
      data.articles.codes[PRODUCT_GROUP]!,
      seededRandom(4),
    );
    const scorers = fitbScorers(parts, data);
    const learned = fitbAccuracy(questions, scorers.compatibility!, seededRandom(1));
    const chance = fitbAccuracy(questions, randomScorer, seededRandom(1));
    expect(questions.length).toBeGreaterThan(100);
    expect(chance).toBeLessThan(0.35);
    // The best possible here is about 0.5 (half the distractors share the basket's department).
    expect(learned).toBeGreaterThan(chance + 0.15);
  });

  it('generalises through normalised attributes to items it never saw bought', () => {
    const shirt = demoItem('shirt', 'top', 'white', 'formal');
    const formalShoes = demoItem('formal-shoes', 'footwear', 'black', 'formal');
    const sneakers = demoItem('sneakers', 'footwear', 'white', 'casual');
    expect(model.pair(shirt, formalShoes)).toBeGreaterThan(model.pair(shirt, sneakers));
    expect(model.score(formalShoes, [shirt])).toBeGreaterThan(model.score(sneakers, [shirt]));
    expect(model.pair(shirt, formalShoes)).toBeCloseTo(model.pair(formalShoes, shirt), 10);
  });

  it('refuses to train without two training days', () => {
    const oneDay = { ...data, days: data.days.slice(0, 2) };
    expect(() => fitCompatibility(oneDay, { heldOutDays: 1 })).toThrow(/at least 2 training days/);
  });
});

describe('saving and loading', () => {
  const home = mkdtempSync(path.join(tmpdir(), 'fa-outfits-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('round-trips the model: same scores after loading', () => {
    saveCompatibility(home, parts);
    const loaded = new CompatibilityModel(loadCompatibilityParts(home)!, familyOf);
    const a = itemOfArticle(0);
    const b = itemOfArticle(data.articles.ids.length - 2);
    expect(loaded.pair(a, b)).toBeCloseTo(model.pair(a, b), 5);
    expect(loaded.score(a, [b])).toBeCloseTo(model.score(a, [b]), 5);
    expect(loaded.name).toBe(model.name);
  });

  it('loadComposer logs which model it uses and survives a damaged artifact', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', 'test', (line) => lines.push(line));
    const catalog = {
      items: [],
      size: 0,
      sources: [],
      get: () => undefined,
      indexOf: () => -1,
      match: () => new Uint32Array(),
      search: () => [],
    };
    const recommender = { name: 'none', rank: () => [] };
    const config = { home } as Parameters<typeof loadComposer>[2];
    expect((await loadComposer(catalog, recommender, config, logger)).name).toContain('copurchase');
    writeFileSync(path.join(outfitsHome(home), 'compatibility.json'), '{not json');
    expect((await loadComposer(catalog, recommender, config, logger)).name).toBe('outfits:rules');
    expect(lines.some((l) => l.includes('unreadable'))).toBe(true);
    rmSync(outfitsHome(home), { recursive: true });
    expect((await loadComposer(catalog, recommender, config, logger)).name).toBe('outfits:rules');
    expect(lines.at(-1)).toContain('rules only');
  });
});
