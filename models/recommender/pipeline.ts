/**
 * Fitting the hybrid model on the H&M data: the item tower on co-purchase pairs, then the ranker on
 * (customer, candidate) rows of the training days, each with early stopping on customers held out for validation.
 * Everything random comes from one seed, so a fit is reproducible.
 */
import type { Clock, Logger, Random } from '../../src/types.ts';
import { seededRandom } from '../../src/util/random.ts';
import { fnv1a } from './content.ts';
import {
  articleRows,
  buildVocab,
  copurchasePairs,
  type EmbeddingVocab,
  type EmbeddingWeights,
  itemVectors,
  trainEmbedding,
} from './embedding.ts';
import { type HybridData, snapshotOf } from './hybrid-data.ts';
import type { Similarity } from './item-stats.ts';
import { averagePrecision } from './metrics.ts';
import type { Progress } from './progress.ts';
import { type RankerWeights, type RankingRows, trainRanker } from './ranker.ts';
import { type Group, joinRows, rankGroups, rowsForDay } from './ranking-rows.ts';
import type { Purchase } from './transactions.ts';

/** Hyper-parameters of a fit. */
export interface HybridOptions {
  seed: number;
  dim: number;
  embeddingEpochs: number;
  embeddingLearningRate: number;
  pairsPerEpoch: number;
  rankerEpochs: number;
  hidden: number;
  /** Share of customers held out for validation (early stopping). */
  validationShare: number;
}

/** Ranker epochs without a better validation MAP before training stops. */
export const RANKER_PATIENCE = 3;

/** Defaults: quick on two CPU cores with the wasm backend (bench/README.md); bigger towers and rankers did not validate better. */
export const DEFAULT_OPTIONS: HybridOptions = {
  seed: 42,
  dim: 32,
  embeddingEpochs: 4,
  embeddingLearningRate: 0.02,
  pairsPerEpoch: 51_200,
  rankerEpochs: 12,
  hidden: 16,
  validationShare: 0.1,
};

/** A fitted hybrid model. */
export interface HybridModel {
  options: HybridOptions;
  vocab: EmbeddingVocab;
  embedding: EmbeddingWeights;
  ranker: RankerWeights;
  /** The feedback ranker (in-conversation 👍 → next list), when fitted. */
  feedback?: RankerWeights;
  /** Vectors of every H&M article (articles.ids order), `dim` each. */
  vectors: Float32Array;
  /** Validation figures of the fit. */
  validation: { embeddingLoss: number; rankerMap: number; rankerEpochs: number; embeddingEpochs: number };
}

/** What a fit reports while it runs. */
export interface FitHooks {
  logger: Logger;
  clock: Clock;
  progress?: (stage: string, epochs: number) => Progress;
}

/** Whether a customer (transaction number) is held out for validation under the options' seed and share. */
function heldOut(data: HybridData, options: HybridOptions): (customer: number) => boolean {
  return (customer) =>
    fnv1a(`${options.seed}:${data.transactions.customers[customer]}`) / 4294967296 < options.validationShare;
}

/** Cosine similarity of two articles under item vectors. */
export function vectorSimilarity(vectors: Float32Array, dim: number): Similarity {
  return (a, b) => {
    let s = 0;
    for (let j = 0; j < dim; j++) s += (vectors[a * dim + j] ?? 0) * (vectors[b * dim + j] ?? 0);
    return s;
  };
}

/** The item tower fitted on the co-purchase pairs of the training days. */
export interface ItemTower {
  vocab: EmbeddingVocab;
  embedding: EmbeddingWeights;
  /** Vectors of every H&M article (articles.ids order), `dim` each. */
  vectors: Float32Array;
  /** Best validation loss and the epochs it took. */
  loss: number;
  epochs: number;
}

/** The ranker fitted on the candidate rows of the training days. */
export interface FittedRanker {
  weights: RankerWeights;
  /** Best validation MAP@12 and the epochs it took. */
  map: number;
  epochs: number;
}

/**
 * Fits the item tower on the co-purchase pairs of days `[0, lastDay]`, early-stopped on the pairs of the
 * customers held out for validation.
 * @example
 * const tower = await fitItemTower(data, 5, DEFAULT_OPTIONS, seededRandom(42), { logger, clock });
 */
export async function fitItemTower(
  data: HybridData,
  lastDay: number,
  options: HybridOptions,
  random: Random,
  hooks: FitHooks,
): Promise<ItemTower> {
  const hm = data.articles;
  const all = snapshotOf(data, lastDay + 1);
  const trainHistories: Purchase[][] = [];
  const validationHistories: Purchase[][] = [];
  const isValidation = heldOut(data, options);
  for (const [customer, history] of all.histories)
    (isValidation(customer) ? validationHistories : trainHistories).push(history);
  const sold = new Set<number>();
  for (const h of trainHistories) for (const p of h) sold.add(p.article);
  const vocab = buildVocab(hm, sold);
  const rows = articleRows(hm, vocab);
  const pairs = copurchasePairs(trainHistories);
  const validationPairs = copurchasePairs(validationHistories);
  hooks.logger.info('item tower: training', {
    tokens: vocab.tokens.length,
    articles: vocab.articles.length,
    pairs: pairs.length / 2,
  });
  let best: { loss: number; weights?: EmbeddingWeights; epochs: number } = {
    loss: Number.POSITIVE_INFINITY,
    epochs: 0,
  };
  const embeddingBar = hooks.progress?.('item tower', options.embeddingEpochs);
  let epochNow = 0;
  const last = await trainEmbedding(vocab, rows, pairs, validationPairs, {
    dim: options.dim,
    epochs: options.embeddingEpochs,
    batchSize: 256,
    learningRate: options.embeddingLearningRate,
    temperature: 0.1,
    pairsPerEpoch: options.pairsPerEpoch,
    random,
    onBatch: (done, total, loss) => embeddingBar?.update(epochNow, done, total, loss),
    onEpoch: (epoch, trainLoss, validationLoss, weights) => {
      epochNow = epoch + 1;
      hooks.logger.debug('item tower epoch', { epoch, trainLoss, validationLoss });
      if (!(validationLoss < best.loss)) return false;
      best = { loss: validationLoss, weights, epochs: epoch + 1 };
      return true;
    },
  });
  const embedding = best.weights ?? last;
  embeddingBar?.done(`validation loss ${best.loss.toFixed(4)} after ${best.epochs} epoch(s)`);
  const vectors = itemVectors(embedding, rows.tokenRows, rows.idRows, hm.ids.length);
  return { vocab, embedding, vectors, loss: best.loss, epochs: best.epochs };
}

/**
 * Fits the ranker on the candidate rows of the days `[1, lastDay]` (each day predicted from the purchases before
 * it; also, within the training days, the purchases of that day and the next), early-stopped on the MAP@12 of the
 * customers held out for validation.
 * @example
 * const ranker = await fitRanker(data, 5, vectorSimilarity(tower.vectors, 32), DEFAULT_OPTIONS, random, hooks);
 */
export async function fitRanker(
  data: HybridData,
  lastDay: number,
  similarity: Similarity,
  options: HybridOptions,
  random: Random,
  hooks: FitHooks,
): Promise<FittedRanker> {
  const isValidation = heldOut(data, options);
  const trainRows: RankingRows[] = [];
  const validation: { rows: RankingRows; groups: Group[]; popular: number[] }[] = [];
  const isTraining = (c: number) => !isValidation(c);
  for (let day = 1; day <= lastDay; day++) {
    const snapshot = snapshotOf(data, day);
    trainRows.push(rowsForDay(data, snapshot, similarity, isTraining).rows);
    // more positives for the few label days: what the customers bought on this day or the next
    if (day < lastDay) trainRows.push(rowsForDay(data, snapshot, similarity, isTraining, 2).rows);
    validation.push({ ...rowsForDay(data, snapshot, similarity, isValidation), popular: snapshot.popular });
  }
  const training = joinRows(trainRows);
  const validationMap = (weights: RankerWeights) => {
    let sum = 0;
    let n = 0;
    for (const v of validation) {
      const lists = rankGroups(weights, v.rows, v.groups, v.popular, 12);
      for (const g of v.groups) {
        sum += averagePrecision(lists.get(g.customer) ?? [], g.truth, 12);
        n++;
      }
    }
    return n > 0 ? sum / n : 0;
  };
  hooks.logger.info('ranker: training', { rows: training.labels.length, customers: training.groups.length });
  const rankerBar = hooks.progress?.('ranker', options.rankerEpochs);
  let best: { map: number; weights?: RankerWeights; epochs: number; stale: number } = {
    map: -1,
    epochs: 0,
    stale: 0,
  };
  let rankerEpoch = 0;
  const last = await trainRanker(training, {
    hidden: options.hidden,
    epochs: options.rankerEpochs,
    batchSize: 2048,
    learningRate: 3e-3,
    random,
    onBatch: (done, total, loss) => rankerBar?.update(rankerEpoch, done, total, loss),
    onEpoch: (epoch, loss, weights) => {
      rankerEpoch = epoch + 1;
      const map = validationMap(weights);
      hooks.logger.debug('ranker epoch', { epoch, loss, validationMap: map });
      // on a tie the later epoch wins: a validation that cannot tell epochs apart does not stop training early
      if (map >= best.map) best = { map, weights, epochs: epoch + 1, stale: 0 };
      else best.stale++;
      return best.stale < RANKER_PATIENCE;
    },
  });
  rankerBar?.done(`validation MAP@12 ${best.map.toFixed(4)} after ${best.epochs} epoch(s)`);
  return { weights: best.weights ?? last, map: best.map, epochs: best.epochs };
}

/**
 * Fits the item tower and the ranker on the purchases of days `[0, lastDay]` (day numbers of the transactions).
 * @example
 * const model = await fitHybrid(data, 5, { ...DEFAULT_OPTIONS, seed: 1 }, { logger, clock });
 */
export async function fitHybrid(
  data: HybridData,
  lastDay: number,
  options: HybridOptions,
  hooks: FitHooks,
): Promise<HybridModel> {
  const random = seededRandom(options.seed);
  const tower = await fitItemTower(data, lastDay, options, random, hooks);
  const similarity = vectorSimilarity(tower.vectors, options.dim);
  const ranker = await fitRanker(data, lastDay, similarity, options, random, hooks);
  return {
    options,
    vocab: tower.vocab,
    embedding: tower.embedding,
    ranker: ranker.weights,
    vectors: tower.vectors,
    validation: {
      embeddingLoss: tower.loss,
      rankerMap: ranker.map,
      rankerEpochs: ranker.epochs,
      embeddingEpochs: tower.epochs,
    },
  };
}
