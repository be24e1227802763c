/**
 * The temporal evaluation: train on 2020-09-16 … 2020-09-21, test on the purchases of 2020-09-22, for customers
 * with history (at least one purchase on the training days) and for all test customers; the model (mean ± spread
 * over seeds) side by side with popularity, repurchase + popularity and co-purchase + repurchase, whose ties go to
 * the articles that sell most right now. The model measured is the one the bot serves (`candidatesFor` + the
 * learned ranker); serving only adds what purchases cannot test: query constraints, profile preferences, 👎, and a
 * few content-similar candidates from the catalogue scan.
 */
import type { Clock, Logger } from '../../src/types.ts';
import { fillUp, repurchaseOrder } from './baselines.ts';
import { type HybridData, snapshotOf } from './hybrid-data.ts';
import { type RankingMetrics, rankingMetrics } from './metrics.ts';
import { DEFAULT_OPTIONS, fitHybrid, type HybridOptions, vectorSimilarity } from './pipeline.ts';
import type { Progress } from './progress.ts';
import { rankGroups, rowsForDay } from './ranking-rows.ts';
import { purchasedOn } from './transactions.ts';

/** The day whose purchases are predicted. */
export const TEST_DATE = '2020-09-22';
/** The list length of every metric. */
export const K = 12;
/** Name of the hybrid model in reports. */
export const MODEL_NAME = 'hybrid-tfjs';

/** One population's results: metrics per method (the model's are the mean over seeds, with their spread). */
export interface PopulationReport {
  n: number;
  methods: Record<string, RankingMetrics & { spread?: RankingMetrics; seeds?: number[] }>;
}

/** The report `eval recommender --json` prints. */
export interface EvaluationReport {
  split: string;
  k: number;
  model: string;
  populations: { warm: PopulationReport; all: PopulationReport };
  backend?: string;
  train_seconds: number[];
}

function meanAndSpread(list: RankingMetrics[]): RankingMetrics & { spread: RankingMetrics } {
  const keys = Object.keys(list[0] ?? {}) as (keyof RankingMetrics)[];
  const mean = {} as RankingMetrics;
  const spread = {} as RankingMetrics;
  for (const key of keys) {
    const values = list.map((m) => m[key]);
    const mu = values.reduce((a, b) => a + b, 0) / values.length;
    mean[key] = mu;
    spread[key] = Math.sqrt(values.reduce((a, b) => a + (b - mu) ** 2, 0) / values.length);
  }
  return { ...mean, spread };
}

/**
 * Runs the evaluation. Throws when the data has no purchases on the test day or none before it.
 * @example
 * const report = await evaluateRecommender(loadHybridData(dir), [1, 2, 3], { logger, clock });
 */
export async function evaluateRecommender(
  data: HybridData,
  seeds: readonly number[],
  hooks: { logger: Logger; clock: Clock; progress?: (stage: string, epochs: number) => Progress; backend?: string },
  options: Partial<HybridOptions> = {},
): Promise<EvaluationReport> {
  const t = data.transactions;
  const testDay = t.dates.indexOf(TEST_DATE);
  if (testDay < 1)
    throw new Error(
      `eval recommender: the transactions need purchases on ${TEST_DATE} and on days before it (found ${t.dates.join(', ')})`,
    );
  const snapshot = snapshotOf(data, testDay);
  const truth = new Map<number, Set<number>>();
  for (const [c, bought] of purchasedOn(t, testDay, testDay))
    truth.set(c, new Set([...bought].map((a) => data.articleIndex[a] ?? -1)));
  const all = [...truth.keys()];
  const warm = all.filter((c) => snapshot.histories.has(c));
  const size = data.articles.ids.length;
  const popular = snapshot.popular;
  const lists = (make: (history: Parameters<typeof repurchaseOrder>[0]) => number[]) =>
    new Map(all.map((c) => [c, make(snapshot.histories.get(c) ?? [])]));
  const baselines: Record<string, Map<number, number[]>> = {
    popularity: lists(() => popular.slice(0, K)),
    'repurchase+popularity': lists((h) => fillUp(repurchaseOrder(h, snapshot.recency), popular, K)),
    'copurchase+repurchase': lists((h) =>
      fillUp(
        fillUp(repurchaseOrder(h, snapshot.recency), snapshot.co.recommend(h, K, snapshot.recency), K),
        popular,
        K,
      ),
    ),
  };
  const report = (customers: number[], model: RankingMetrics[]): PopulationReport => {
    const methods: PopulationReport['methods'] = {};
    for (const [name, predictions] of Object.entries(baselines))
      methods[name] = rankingMetrics(predictions, truth, customers, K, size);
    methods[MODEL_NAME] = { ...meanAndSpread(model), seeds: [...seeds] };
    return { n: customers.length, methods };
  };
  const warmRuns: RankingMetrics[] = [];
  const allRuns: RankingMetrics[] = [];
  const seconds: number[] = [];
  for (const seed of seeds) {
    const start = hooks.clock.now();
    const model = await fitHybrid(data, testDay - 1, { ...DEFAULT_OPTIONS, ...options, seed }, hooks);
    seconds.push((hooks.clock.now() - start) / 1000);
    const { rows, groups } = rowsForDay(data, snapshot, vectorSimilarity(model.vectors, model.options.dim), () => true);
    const ranked = rankGroups(model.ranker, rows, groups, popular, K);
    const predictions = new Map(all.map((c) => [c, ranked.get(c) ?? popular.slice(0, K)]));
    warmRuns.push(rankingMetrics(predictions, truth, warm, K, size));
    allRuns.push(rankingMetrics(predictions, truth, all, K, size));
    hooks.logger.info('eval recommender: seed done', {
      seed,
      warmMap: warmRuns.at(-1)?.['map@12'] ?? 0,
      seconds: seconds.at(-1),
    });
  }
  return {
    split: `train ${t.dates[0]}..${t.dates[testDay - 1]}, test ${TEST_DATE}`,
    k: K,
    model: MODEL_NAME,
    populations: { warm: report(warm, warmRuns), all: report(all, allRuns) },
    backend: hooks.backend,
    train_seconds: seconds,
  };
}
