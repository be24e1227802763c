/**
 * The feedback protocol on one day of H&M purchases, and learning the feedback ranker from it: every customer who
 * bought several distinct articles that day reveals one (or two) of them as a 👍 (a seeded choice); the rest of
 * that day's articles are what the next list should hold. The ranker is fitted on a training day (predicted from
 * the days before it), never on the test day.
 */
import type { Clock, Logger } from '../../src/types.ts';
import { seededRandom } from '../../src/util/random.ts';
import { fnv1a } from './content.ts';
import {
  FEEDBACK_FEATURE_COUNT,
  type FeedbackContext,
  feedbackCandidates,
  feedbackScores,
  likeWeights,
} from './feedback.ts';
import type { HybridData } from './hybrid-data.ts';
import { averagePrecision } from './metrics.ts';
import { vectorSimilarity } from './pipeline.ts';
import { type RankerWeights, type RankingRows, trainRanker } from './ranker.ts';
import { shuffle } from './shuffle.ts';
import type { Snapshot } from './snapshot.ts';
import { purchasedOn } from './transactions.ts';

/** One customer under the protocol: their purchase history before the day, the revealed likes, what else they bought. */
export interface ProtocolCase {
  customer: number;
  likes: number[];
  truth: Set<number>;
}

/**
 * The customers who bought at least `minArticles` distinct articles on `day`, each with `likeCount` of them
 * revealed as likes (seeded per customer: the same customer gets the same likes on every run).
 * @example
 * protocolCases(data, 6, 3, 1, 22);
 */
export function protocolCases(
  data: HybridData,
  day: number,
  minArticles: number,
  likeCount: number,
  seed: number,
): ProtocolCase[] {
  const out: ProtocolCase[] = [];
  for (const [customer, bought] of purchasedOn(data.transactions, day, day)) {
    const articles = [...new Set([...bought].map((a) => data.articleIndex[a] ?? -1).filter((a) => a >= 0))].sort(
      (a, b) => a - b,
    );
    if (articles.length < minArticles) continue;
    const random = seededRandom(fnv1a(`${seed}:${data.transactions.customers[customer]}`));
    shuffle(articles, random);
    out.push({ customer, likes: articles.slice(0, likeCount), truth: new Set(articles.slice(likeCount)) });
  }
  return out;
}

/** Articles sold in a snapshot's window: the only ones with statistics, so the candidates of the dense scan. */
export function soldArticles(snapshot: Snapshot): number[] {
  const out: number[] = [];
  for (let a = 0; a < snapshot.popAll.length; a++) if ((snapshot.popAll[a] ?? 0) > 0) out.push(a);
  return out;
}

/**
 * The `n` sold articles nearest the recency-weighted mean of the liked articles' learned vectors.
 * @example
 * denseNeighbours(model.vectors, 32, sold, [42], 32);
 */
export function denseNeighbours(
  vectors: Float32Array,
  dim: number,
  sold: readonly number[],
  likes: readonly number[],
  n: number,
): number[] {
  if (likes.length === 0) return [];
  const weights = likeWeights(likes.length);
  const u = new Float32Array(dim);
  likes.forEach((l, i) => {
    const w = weights[i] ?? 0;
    for (let j = 0; j < dim; j++) u[j] = (u[j] ?? 0) + w * (vectors[l * dim + j] ?? 0);
  });
  const best: [number, number][] = [];
  let floor = Number.NEGATIVE_INFINITY;
  for (const a of sold) {
    let s = 0;
    for (let j = 0, o = a * dim; j < dim; j++) s += (u[j] ?? 0) * (vectors[o + j] ?? 0);
    if (best.length >= n && s <= floor) continue;
    best.push([s, a]);
    if (best.length > 2 * n) {
      best.sort((x, y) => y[0] - x[0]);
      best.length = n;
      floor = best[n - 1]?.[0] ?? floor;
    }
  }
  best.sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  return best.slice(0, n).map(([, a]) => a);
}

/** Dense-scan candidates added to each case's list. */
export const FEEDBACK_DENSE = 32;

/** A fitted no-feedback model as the protocol needs it. */
export interface BaseModel {
  ranker: RankerWeights;
  vectors: Float32Array;
  dim: number;
}

/**
 * The context that ranks with feedback on `snapshot`'s day under a base model.
 * @example
 * const context = feedbackContext(snapshot, model, feedbackRanker);
 */
export function feedbackContext(snapshot: Snapshot, model: BaseModel, feedback?: RankerWeights): FeedbackContext {
  return { stats: snapshot, similarity: vectorSimilarity(model.vectors, model.dim), base: model.ranker, feedback };
}

/** Options of `fitFeedbackRanker`. */
export interface FeedbackFitOptions {
  seed: number;
  hidden: number;
  epochs: number;
  validationShare: number;
}

/** Defaults of the feedback ranker's fit. */
export const FEEDBACK_FIT: FeedbackFitOptions = { seed: 42, hidden: 16, epochs: 12, validationShare: 0.15 };

/**
 * How many days before the predicted one the feedback ranker simulates the protocol on (the last ones). Two days
 * measured no clear gain on eval feedback over one for one more model fit (bench/README.md), so one.
 */
export const FEEDBACK_DAYS = 1;

/** A day the protocol is simulated on: the state before it and a no-feedback model fitted on the days before it. */
export interface SimulatedDay {
  snapshot: Snapshot;
  model: BaseModel;
}

/** A simulated case and the day it belongs to. */
interface DayCase {
  day: SimulatedDay;
  context: FeedbackContext;
  sold: readonly number[];
  case: ProtocolCase;
}

/**
 * The protocol's cases on each simulated day: one like for customers with 2+ articles that day, two likes for
 * those with 3+.
 */
function simulatedCases(data: HybridData, days: readonly SimulatedDay[], seed: number): DayCase[] {
  return days.flatMap((day) => {
    const context = feedbackContext(day.snapshot, day.model);
    const sold = soldArticles(day.snapshot);
    const cases = [
      ...protocolCases(data, day.snapshot.day, 2, 1, seed),
      ...protocolCases(data, day.snapshot.day, 3, 2, seed + 1),
    ];
    return cases.map((c) => ({ day, context, sold, case: c }));
  });
}

/** The ranking rows of simulated cases (feedback features, bought-that-day labels) and each case's candidates. */
function simulatedRows(list: readonly DayCase[]): { rows: RankingRows; articles: number[][] } {
  const parts: Float32Array[] = [];
  const labels: number[] = [];
  const groups: [number, number][] = [];
  const articles: number[][] = [];
  let n = 0;
  for (const { day, context, sold, case: c } of list) {
    const history = day.snapshot.histories.get(c.customer) ?? [];
    const extra = denseNeighbours(day.model.vectors, day.model.dim, sold, c.likes, FEEDBACK_DENSE);
    const candidates = feedbackCandidates(context, { history, likes: c.likes }, undefined, extra);
    parts.push(candidates.features);
    for (const a of candidates.articles) labels.push(c.truth.has(a) ? 1 : 0);
    groups.push([n, n + candidates.articles.length]);
    articles.push(candidates.articles);
    n += candidates.articles.length;
  }
  const features = new Float32Array(n * FEEDBACK_FEATURE_COUNT);
  let at = 0;
  for (const p of parts) {
    features.set(p, at);
    at += p.length;
  }
  const rows: RankingRows = { features, labels: Uint8Array.from(labels), groups, inputs: FEEDBACK_FEATURE_COUNT };
  return { rows, articles };
}

/**
 * Learns the feedback ranker by simulating the protocol on each of `days` (see `simulatedCases`), each under a
 * model fitted on the days before it; early-stopped on the MAP@12 of held-out customers.
 * @example
 * const { weights, map } = await fitFeedbackRanker(data, [{ snapshot: snapshotOf(data, 5), model }], FEEDBACK_FIT, hooks);
 */
export async function fitFeedbackRanker(
  data: HybridData,
  days: readonly SimulatedDay[],
  options: FeedbackFitOptions,
  hooks: { logger: Logger; clock: Clock },
): Promise<{ weights: RankerWeights; map: number; epochs: number; cases: number }> {
  const first = days[0];
  if (!first) throw new Error('fitFeedbackRanker: no day to simulate the protocol on');
  const context = feedbackContext(first.snapshot, first.model);
  const cases = simulatedCases(data, days, options.seed);
  const isValidation = (c: number) =>
    fnv1a(`feedback:${options.seed}:${data.transactions.customers[c]}`) / 4294967296 < options.validationShare;
  const training = simulatedRows(cases.filter((c) => !isValidation(c.case.customer)));
  const heldOut = cases.filter((c) => isValidation(c.case.customer));
  const validationCases = heldOut.map((c) => c.case);
  const validation = simulatedRows(heldOut);
  hooks.logger.info('feedback ranker: training', {
    days: days.map((d) => data.transactions.dates[d.snapshot.day]),
    cases: cases.length,
    rows: training.rows.labels.length,
  });
  const validationMap = (weights: RankerWeights) => {
    let sum = 0;
    validationCases.forEach((c, g) => {
      const [from, to] = validation.rows.groups[g] ?? [0, 0];
      const articles = validation.articles[g] ?? [];
      const scores = feedbackScores(
        { ...context, feedback: weights },
        {
          articles,
          features: validation.rows.features.subarray(from * FEEDBACK_FEATURE_COUNT, to * FEEDBACK_FEATURE_COUNT),
        },
        [],
        true,
      );
      const order = articles.map((a, i) => [scores[i] ?? 0, a] as const);
      order.sort((x, y) => y[0] - x[0] || x[1] - y[1]);
      sum += averagePrecision(
        order.slice(0, 12).map(([, a]) => a),
        c.truth,
        12,
      );
    });
    return validationCases.length > 0 ? sum / validationCases.length : 0;
  };
  let best: { map: number; weights?: RankerWeights; epochs: number; stale: number } = { map: -1, epochs: 0, stale: 0 };
  const last = await trainRanker(training.rows, {
    hidden: options.hidden,
    epochs: options.epochs,
    batchSize: 4096,
    learningRate: 3e-3,
    random: seededRandom(options.seed),
    onEpoch: (epoch, loss, weights) => {
      const map = validationMap(weights);
      hooks.logger.debug('feedback ranker epoch', { epoch, loss, validationMap: map });
      if (map >= best.map) best = { map, weights, epochs: epoch + 1, stale: 0 };
      else best.stale++;
      return best.stale < 3;
    },
  });
  return { weights: best.weights ?? last, map: best.map, epochs: best.epochs, cases: cases.length };
}
