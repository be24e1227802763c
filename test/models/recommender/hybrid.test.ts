import { mkdtempSync, readFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../models/backend.ts';
import { loadArtifacts, saveArtifacts } from '../../../models/recommender/artifacts.ts';
import { loadHybridData } from '../../../models/recommender/hybrid-data.ts';
import { loadRecommender } from '../../../models/recommender/index.ts';
import {
  DEFAULT_OPTIONS,
  fitHybrid,
  type HybridModel,
  type HybridOptions,
} from '../../../models/recommender/pipeline.ts';
import { rankerContributions, rankerScore } from '../../../models/recommender/ranker.ts';
import { createCatalog } from '../../../src/catalog/catalog.ts';
import { loadConfig } from '../../../src/config.ts';
import type { Item } from '../../../src/types.ts';
import { silentLogger } from '../../../src/util/logger.ts';
import { fixedClock, seededRandom } from '../../../src/util/random.ts';
import { makeItem } from '../../support/items.ts';
import { makeProfile } from './fixtures.ts';
import { articleId, groupOf, writeSyntheticHm } from './synthetic.ts';

const PRODUCTS = 30;
const options: HybridOptions = {
  ...DEFAULT_OPTIONS,
  dim: 8,
  embeddingEpochs: 2,
  pairsPerEpoch: 1024,
  rankerEpochs: 3,
  hidden: 8,
};
const hooks = { logger: silentLogger, clock: fixedClock(0) };
const TYPES = ['dress', 'trousers', 'sweater'] as const;
const CATEGORY = { dress: 'dress', trousers: 'bottom', sweater: 'top' } as const;
const COLORS = ['black', 'white', 'red'];

/** Catalogue items for the synthetic articles, as the H&M loader would make them, plus one demo item. */
function catalogItems(): Item[] {
  const items: Item[] = [];
  for (let p = 0; p < PRODUCTS; p++) {
    const type = TYPES[groupOf(p)]!;
    COLORS.forEach((color, c) => {
      items.push({
        ...makeItem({ articleType: type, category: CATEGORY[type], colors: [color], price: 20 + p }),
        id: `hm:${articleId(p, c)}`,
        source: 'hm',
        name: `${type} ${p}`,
        popularity: (p * 7 + c) % 11,
      });
    });
  }
  items.push(
    makeItem({
      articleType: 'dress',
      category: 'dress',
      colors: ['red'],
      name: 'Flowing red dress',
      description: 'A flowing dress with ruffles',
    }),
  );
  return items;
}

describe('hybrid model on a small made-up dataset', () => {
  let dir: string;
  let model: HybridModel;
  beforeAll(async () => {
    await initBackend();
    dir = writeSyntheticHm({ products: PRODUCTS });
    model = await fitHybrid(loadHybridData(dir), 5, options, hooks);
  });

  it('is deterministic under a seed', async () => {
    const again = await fitHybrid(loadHybridData(dir), 5, options, hooks);
    expect(Array.from(again.ranker.w1)).toEqual(Array.from(model.ranker.w1));
    expect(Array.from(again.vectors.subarray(0, 40))).toEqual(Array.from(model.vectors.subarray(0, 40)));
    const other = await fitHybrid(loadHybridData(dir), 5, { ...options, seed: 7 }, hooks);
    expect(Array.from(other.ranker.w1)).not.toEqual(Array.from(model.ranker.w1));
  });

  it('explains a ranker score exactly as the sum of its feature contributions', () => {
    const w = model.ranker;
    const random = seededRandom(3);
    for (let n = 0; n < 5; n++) {
      const x = Float32Array.from({ length: w.inputs }, () => random.next() * 3);
      const parts = rankerContributions(w, x);
      // the score minus the contributions is what the active units give an average row (their biases)
      const hidden = new Float32Array(w.hidden).fill(0).map((_, h) => {
        let s = w.b1[h]!;
        for (let i = 0; i < w.inputs; i++) s += ((x[i]! - w.mean[i]!) / w.std[i]!) * w.w1[i * w.hidden + h]!;
        return s;
      });
      let base = w.b2;
      hidden.forEach((v, h) => {
        if (v > 0) base += w.b1[h]! * w.w2[h]!;
      });
      expect(base + parts.reduce((a, b) => a + b, 0)).toBeCloseTo(rankerScore(w, x), 4);
    }
  });

  it('learns item vectors where a product group is closer to itself than to the others', () => {
    const data = loadHybridData(dir);
    const dim = options.dim;
    const vector = (p: number, c: number) => {
      const a = data.articles.index.get(articleId(p, c))!;
      return model.vectors.subarray(a * dim, (a + 1) * dim);
    };
    const cos = (x: Float32Array, y: Float32Array) => x.reduce((s, v, j) => s + v * y[j]!, 0);
    let same = 0;
    let other = 0;
    for (let p = 0; p < 12; p++) {
      same += cos(vector(p, 0), vector(p + 3, 1));
      other += cos(vector(p, 0), vector(p + 1, 1));
    }
    expect(same).toBeGreaterThan(other);
  });

  it('saves artifacts the bot loads, serves them under constraints, and hot-reloads a newer model', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'fa-home-'));
    const data = loadHybridData(dir);
    await saveArtifacts(home, data, model, {
      backend: 'wasm',
      seconds: 1,
      trainedOn: data.transactions.dates,
      createdAt: 'now',
    });
    const loaded = await loadArtifacts(path.join(home, 'recommender'));
    expect(Array.from(loaded.ranker.w2)).toEqual(Array.from(model.ranker.w2));
    expect(JSON.parse(readFileSync(path.join(home, 'recommender', 'metadata.json'), 'utf8')).dataHash).toBe(data.hash);

    const catalog = createCatalog(catalogItems());
    const clock = fixedClock(0);
    const lines: string[] = [];
    const logger = { ...silentLogger, info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m) };
    const recommender = await loadRecommender(catalog, { ...loadConfig({}), home }, logger, {
      clock,
      checkEveryMs: 1000,
    });
    expect(recommender.name).toMatch(/^hybrid-tfjs@[0-9a-f]{8}$/);
    expect(lines.some((l) => l.includes('serving the trained hybrid model'))).toBe(true);

    const liked = `hm:${articleId(3, 0)}`;
    const profile = makeProfile({ feedback: [{ itemId: liked, value: 1, at: 1 }] });
    const query = { excludeColors: ['white'], priceMax: 45 };
    const ranked = recommender.rank({ query, profile, k: 10 });
    expect(ranked).toHaveLength(10);
    // Built on its first ranking instead: the same name before it is built, the same ranking after.
    const deferred = await loadRecommender(catalog, { ...loadConfig({}), home }, logger, { deferServingState: true });
    expect(deferred.name).toBe(recommender.name);
    expect(deferred.rank({ query, profile, k: 10 })).toEqual(ranked);
    for (const s of ranked) {
      expect(s.item.colors).not.toContain('white');
      expect(s.item.price!).toBeLessThanOrEqual(45);
    }
    // The liked item's group (dresses) comes first.
    expect(ranked.slice(0, 5).filter((s) => s.item.articleType === 'dress').length).toBeGreaterThanOrEqual(4);
    // each item says why: the first names a learned reason (item vectors, co-purchases or the liked item itself)
    const learned = ['content', 'collaborative', 'feedback'];
    expect(ranked[0]!.signals.some((s) => learned.includes(s.name) && s.weight > 0)).toBe(true);
    const plain = recommender.rank({ query, profile: makeProfile(), k: 10 }).map((s) => s.item.id);
    expect(ranked.map((s) => s.item.id)).not.toEqual(plain);
    // 👎 on the top item: it is gone from the next list, and the list changes
    const top = ranked[0]!.item.id;
    const disliked = makeProfile({
      feedback: [
        { itemId: liked, value: 1, at: 1 },
        { itemId: top, value: -1, at: 2 },
      ],
    });
    const next = recommender.rank({ query, profile: disliked, k: 10 }).map((s) => s.item.id);
    expect(next).not.toContain(top);
    expect(next).not.toEqual(ranked.map((s) => s.item.id));
    // The demo item (not H&M) gets a content vector: asking for things like it brings dresses.
    const demo = catalog.items.find((i) => i.source === 'demo')!;
    const similar = recommender.rank({
      query: { excludeIds: [demo.id] },
      profile: makeProfile(),
      k: 5,
      seeds: [demo.id],
    });
    expect(similar.filter((s) => s.item.articleType === 'dress').length).toBeGreaterThanOrEqual(3);

    // A newer artifact is picked up without a restart.
    const newer = await fitHybrid(data, 5, { ...options, seed: 11 }, hooks);
    await saveArtifacts(home, { ...data, hash: 'abcdef12' }, newer, {
      backend: 'wasm',
      seconds: 1,
      trainedOn: data.transactions.dates,
      createdAt: 'later',
    });
    const metadata = path.join(home, 'recommender', 'metadata.json');
    utimesSync(metadata, new Date(), new Date(Date.now() + 5000));
    expect(await recommender.refresh()).toBe(true);
    expect(recommender.name).toBe('hybrid-tfjs@abcdef12');
  });

  it('falls back to the baseline, saying so, when there are no artifacts', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'fa-empty-'));
    const lines: string[] = [];
    const logger = { ...silentLogger, info: (m: string) => lines.push(m) };
    const recommender = await loadRecommender(createCatalog(catalogItems()), { ...loadConfig({}), home }, logger);
    expect(recommender.name).toBe('popularity+content');
    expect(lines.join('\n')).toMatch(/no trained model .* popularity\+content baseline/);
  });
});
