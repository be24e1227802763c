import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../models/backend.ts';
import { loadArtifacts, saveArtifacts } from '../../../models/recommender/artifacts.ts';
import {
  FEEDBACK_FEATURE_COUNT,
  FEEDBACK_FEATURES,
  feedbackCandidates,
  likeWeights,
  rankWithFeedback,
} from '../../../models/recommender/feedback.ts';
import { evaluateFeedback, METHODS } from '../../../models/recommender/feedback-eval.ts';
import {
  FEEDBACK_DAYS,
  FEEDBACK_FIT,
  feedbackContext,
  fitFeedbackRanker,
  protocolCases,
} from '../../../models/recommender/feedback-fit.ts';
import { createHybridRecommender } from '../../../models/recommender/hybrid.ts';
import { type HybridData, loadHybridData, snapshotOf } from '../../../models/recommender/hybrid-data.ts';
import {
  DEFAULT_OPTIONS,
  fitHybrid,
  type HybridModel,
  type HybridOptions,
} from '../../../models/recommender/pipeline.ts';
import { createCatalog } from '../../../src/catalog/catalog.ts';
import type { Item } from '../../../src/types.ts';
import { silentLogger } from '../../../src/util/logger.ts';
import { fixedClock } from '../../../src/util/random.ts';
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
  return items;
}

describe('feedback as an input of the ranker', () => {
  let data: HybridData;
  let model: HybridModel;
  let earlier: HybridModel;
  beforeAll(async () => {
    await initBackend();
    data = loadHybridData(writeSyntheticHm({ products: PRODUCTS, customers: 1200 }));
    earlier = await fitHybrid(data, 4, options, hooks);
    model = await fitHybrid(data, 5, options, hooks);
  });

  it('reveals seeded likes that are never part of what is scored', () => {
    const cases = protocolCases(data, 6, 3, 1, 11);
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      expect(c.likes).toHaveLength(1);
      expect(c.truth.has(c.likes[0]!)).toBe(false);
      expect(c.truth.size).toBeGreaterThanOrEqual(2);
    }
    expect(protocolCases(data, 6, 3, 1, 11)).toEqual(cases);
    const other = protocolCases(data, 6, 3, 1, 12).map((c) => c.likes[0]);
    expect(other).not.toEqual(cases.map((c) => c.likes[0]));
  });

  it('weighs newer likes more', () => {
    const [older, newer] = likeWeights(2);
    expect(newer!).toBeGreaterThan(older!);
    expect(older! + newer!).toBeCloseTo(1, 6);
  });

  it("counts what was bought with the liked product's other colours, and with a candidate's other colours", () => {
    const snapshot = snapshotOf(data, 6);
    const context = feedbackContext(snapshot, { ranker: model.ranker, vectors: model.vectors, dim: options.dim });
    const liked = data.articles.index.get(articleId(4, 0)) ?? -1;
    const others = snapshot.variantsOf(liked).filter((v) => v !== liked);
    expect(others.length).toBeGreaterThan(0);
    const { articles, features } = feedbackCandidates(context, { history: [], likes: [liked] });
    const column = (name: (typeof FEEDBACK_FEATURES)[number]) => FEEDBACK_FEATURES.indexOf(name);
    let withOtherColors = 0;
    articles.forEach((a, i) => {
      const f = features.subarray(i * FEEDBACK_FEATURE_COUNT, (i + 1) * FEEDBACK_FEATURE_COUNT);
      const bought = others.reduce((sum, v) => sum + snapshot.co.count(v, a), 0);
      expect(f[column('log_variant_copurchase')]).toBeCloseTo(Math.log1p(bought), 5);
      const ofVariants = snapshot
        .variantsOf(a)
        .filter((u) => u !== a)
        .reduce((sum, u) => sum + snapshot.co.count(liked, u), 0);
      expect(f[column('log_copurchase_of_variants')]).toBeCloseTo(Math.log1p(ofVariants), 5);
      if (bought > 0) withOtherColors++;
    });
    expect(withOtherColors).toBeGreaterThan(0);
  });

  it('learns on a training day a ranker that puts the liked product group first and drops a 👎 with its near-duplicates', async () => {
    const base = { ranker: earlier.ranker, vectors: earlier.vectors, dim: options.dim };
    const fitted = await fitFeedbackRanker(
      data,
      [{ snapshot: snapshotOf(data, 5), model: base }],
      { ...FEEDBACK_FIT, epochs: 3 },
      hooks,
    );
    expect(fitted.cases).toBeGreaterThan(0);
    const snapshot = snapshotOf(data, 6);
    const context = feedbackContext(
      snapshot,
      { ...base, vectors: model.vectors, ranker: model.ranker },
      fitted.weights,
    );
    const liked = data.articles.index.get(articleId(4, 0))!;
    const list = rankWithFeedback(context, { history: [], likes: [liked] }, 12);
    expect(list).not.toContain(liked);
    const group = (a: number) => groupOf(data.articles.productCode[a]! - 100000);
    expect(list.slice(0, 6).filter((a) => group(a) === group(liked)).length).toBeGreaterThanOrEqual(5);
    const disliked = list[0]!;
    const after = rankWithFeedback(context, { history: [], likes: [liked], dislikes: [disliked] }, 12);
    const code = data.articles.productCode;
    expect(after.filter((a) => a === disliked || code[a] === code[disliked])).toEqual([]);
  });

  it('serves the saved feedback ranker: a 👍 changes the next list at once and names the liked item', async () => {
    const base = { ranker: earlier.ranker, vectors: earlier.vectors, dim: options.dim };
    const fitted = await fitFeedbackRanker(
      data,
      [{ snapshot: snapshotOf(data, 5), model: base }],
      { ...FEEDBACK_FIT, epochs: 2 },
      hooks,
    );
    const home = mkdtempSync(path.join(tmpdir(), 'fa-feedback-'));
    await saveArtifacts(
      home,
      data,
      { ...model, feedback: fitted.weights },
      {
        backend: 'test',
        seconds: 1,
        trainedOn: [],
        createdAt: '2026-01-01T00:00:00Z',
      },
    );
    const artifacts = await loadArtifacts(path.join(home, 'recommender'));
    expect(Array.from(artifacts.feedback!.w2)).toEqual(Array.from(fitted.weights.w2));
    const catalog = createCatalog(catalogItems());
    const recommender = createHybridRecommender(catalog, artifacts);
    const query = {};
    const plain = recommender.rank({ query, profile: makeProfile(), k: 8 });
    const likedId = `hm:${articleId(7, 1)}`;
    const profile = makeProfile({ feedback: [{ itemId: likedId, value: 1, at: 1 }] });
    const ranked = recommender.rank({ query, profile, k: 8 });
    expect(ranked.map((s) => s.item.id)).not.toEqual(plain.map((s) => s.item.id));
    expect(ranked.map((s) => s.item.id)).not.toContain(likedId);
    expect(ranked.slice(0, 4).every((s) => s.item.articleType === 'trousers')).toBe(true);
    expect(ranked[0]!.signals.some((s) => s.detail?.startsWith('because you liked the'))).toBe(true);
    const dislikedId = ranked[0]!.item.id;
    const disliked = catalog.get(dislikedId)!;
    const after = recommender.rank({
      query,
      profile: makeProfile({
        feedback: [...profile.feedback, { itemId: dislikedId, value: -1, at: 2 }],
      }),
      k: 8,
    });
    for (const s of after) {
      expect(s.item.id.slice(0, 10)).not.toBe(dislikedId.slice(0, 10));
      expect(s.item.articleType === disliked.articleType && s.item.colors[0] === disliked.colors[0]).toBe(false);
    }
  });

  it('reports every method of the protocol in the shape of eval feedback --json', async () => {
    const base = (m: HybridModel) => ({ ranker: m.ranker, vectors: m.vectors, dim: options.dim });
    const fitted: number[] = [];
    const report = await evaluateFeedback(data, {
      ...hooks,
      fitBase: async (lastDay) => {
        fitted.push(lastDay);
        return base(lastDay <= 4 ? earlier : model);
      },
    });
    // one model per simulated day (fitted on the days before it), then the served one; never on the test day
    expect(fitted).toEqual([...Array.from({ length: FEEDBACK_DAYS }, (_, i) => 5 - FEEDBACK_DAYS + i), 5]);
    expect(report.k).toBe(12);
    expect(Object.keys(report.populations.all.methods)).toContain(report.model);
    for (const name of Object.values(METHODS)) expect(report.populations.cold.methods[name]).toBeDefined();
    expect(report.populations.all.n).toBeGreaterThanOrEqual(report.populations.cold.n);
    expect(report.two_likes.methods[`${METHODS.feedback} (first like only)`]).toBeDefined();
    expect(report.dislike.near_duplicates_dropped).toBe(1);
    expect(report.feedback_ranker.trained_on).toBe(['2020-09-20', '2020-09-21'].slice(-FEEDBACK_DAYS).join(','));
  });
});
