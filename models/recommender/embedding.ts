/**
 * The item tower of the hybrid model: an article's vector is its learned id embedding (articles that were sold)
 * plus the mean of its content-token embeddings (product type and group, pattern, colour, department, index,
 * section, garment group, description words), L2-normalised. Trained with TensorFlow.js on co-purchase pairs with
 * an in-batch softmax, so content alone places new articles (and non-H&M items, through shared words) near what
 * their look-alikes are bought with.
 */
import type { Random } from '../../src/types.ts';
import type { tf } from '../backend.ts';
import { normalise } from './content.ts';
import type { HmArticles } from './hm-articles.ts';
import type { Purchase } from './transactions.ts';

/** Tokens kept per article (attributes first, then description words). */
export const MAX_TOKENS = 16;

/** Validation batches scored after each epoch (a fixed sample keeps epochs comparable and cheap). */
export const VALIDATION_BATCHES = 16;

/** The vocabulary of the item tower. */
export interface EmbeddingVocab {
  /** Content tokens; index + 1 is the token's row (row 0 is padding). */
  tokens: string[];
  /** Article ids that have an id embedding; index + 1 is the row (row 0 = none). */
  articles: string[];
}

/** Trained item-tower weights. */
export interface EmbeddingWeights {
  dim: number;
  /** (tokens + 1) × dim */
  tokenTable: Float32Array;
  /** (articles + 1) × dim */
  idTable: Float32Array;
}

/** Options of `trainEmbedding`. */
export interface EmbeddingOptions {
  dim: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Softmax temperature of the cosine similarities. */
  temperature: number;
  /** At most this many training pairs per epoch (sampled). */
  pairsPerEpoch: number;
  random: Random;
  onBatch?: (done: number, total: number, loss: number) => void;
  /** After each epoch with the validation loss; returning false stops (the caller keeps the best weights). */
  onEpoch?: (
    epoch: number,
    trainLoss: number,
    validationLoss: number,
    weights: EmbeddingWeights,
  ) => boolean | undefined;
}

/**
 * Builds the vocabulary: tokens seen on at least `minCount` articles, and the articles sold in the training data.
 * @example
 * const vocab = buildVocab(hm, soldArticles, 3);
 */
export function buildVocab(hm: HmArticles, sold: Iterable<number>, minCount = 3): EmbeddingVocab {
  const counts = new Map<string, number>();
  for (const tokens of hm.tokens)
    for (const token of tokens.slice(0, MAX_TOKENS)) counts.set(token, (counts.get(token) ?? 0) + 1);
  const tokens = [...counts]
    .filter(([, c]) => c >= minCount)
    .map(([t]) => t)
    .sort();
  const articles = [...new Set(sold)].sort((a, b) => a - b).map((a) => hm.ids[a]!);
  return { tokens, articles };
}

/** Token rows (MAX_TOKENS per article, 0 = padding) and id rows of every H&M article under a vocabulary. */
export function articleRows(hm: HmArticles, vocab: EmbeddingVocab): { tokenRows: Int32Array; idRows: Int32Array } {
  const tokenIndex = new Map(vocab.tokens.map((t, i) => [t, i + 1]));
  const idIndex = new Map(vocab.articles.map((id, i) => [id, i + 1]));
  const tokenRows = new Int32Array(hm.ids.length * MAX_TOKENS);
  const idRows = new Int32Array(hm.ids.length);
  hm.ids.forEach((id, a) => {
    idRows[a] = idIndex.get(id) ?? 0;
    let k = 0;
    for (const token of hm.tokens[a]!) {
      const row = tokenIndex.get(token);
      if (row === undefined) continue;
      tokenRows[a * MAX_TOKENS + k++] = row;
      if (k === MAX_TOKENS) break;
    }
  });
  return { tokenRows, idRows };
}

/**
 * Co-purchase pairs (both directions) from purchase histories: every two distinct articles one customer bought.
 * Customers with more than `maxItems` articles are left out.
 */
export function copurchasePairs(histories: Iterable<readonly Purchase[]>, maxItems = 30): Int32Array {
  const pairs: number[] = [];
  for (const history of histories) {
    if (history.length < 2 || history.length > maxItems) continue;
    for (const p of history) for (const q of history) if (p.article !== q.article) pairs.push(p.article, q.article);
  }
  return Int32Array.from(pairs);
}

/**
 * Item vectors from trained weights for token/id rows: (id + mean of tokens), L2-normalised, `count` × dim.
 * @example
 * const vectors = itemVectors(weights, tokenRows, idRows, hm.ids.length);
 */
export function itemVectors(
  w: EmbeddingWeights,
  tokenRows: Int32Array,
  idRows: Int32Array,
  count: number,
): Float32Array {
  const { dim, tokenTable, idTable } = w;
  const out = new Float32Array(count * dim);
  for (let a = 0; a < count; a++) {
    const v = out.subarray(a * dim, (a + 1) * dim);
    let n = 0;
    for (let k = 0; k < MAX_TOKENS; k++) {
      const row = tokenRows[a * MAX_TOKENS + k] ?? 0;
      if (row === 0) break;
      n++;
      for (let j = 0; j < dim; j++) v[j] = (v[j] ?? 0) + (tokenTable[row * dim + j] ?? 0);
    }
    if (n > 1) for (let j = 0; j < dim; j++) v[j] = (v[j] ?? 0) / n;
    const id = idRows[a] ?? 0;
    if (id > 0) for (let j = 0; j < dim; j++) v[j] = (v[j] ?? 0) + (idTable[id * dim + j] ?? 0);
    normalise(v);
  }
  return out;
}

/**
 * Trains the item tower on co-purchase pairs (in-batch softmax over cosine similarities / temperature), with
 * seeded initialisation and sampling; `validation` pairs give the loss used for early stopping.
 * @example
 * const weights = await trainEmbedding(vocab, rows, pairs, validationPairs, { dim: 32, epochs: 4, … });
 */
export async function trainEmbedding(
  vocab: EmbeddingVocab,
  rows: { tokenRows: Int32Array; idRows: Int32Array },
  pairs: Int32Array,
  validation: Int32Array,
  options: EmbeddingOptions,
): Promise<EmbeddingWeights> {
  // TensorFlow.js only for training: serving starts without loading it.
  const { tf } = await import('../backend.ts');
  const { dim, random } = options;
  const init = (n: number) => Float32Array.from({ length: n * dim }, () => (random.next() * 2 - 1) * 0.1);
  const tokenInit = init(vocab.tokens.length + 1).fill(0, 0, dim);
  const idInit = init(vocab.articles.length + 1).fill(0, 0, dim);
  const tokenTable = tf.variable(tf.tensor2d(tokenInit, [vocab.tokens.length + 1, dim]));
  const idTable = tf.variable(tf.tensor2d(idInit, [vocab.articles.length + 1, dim]));
  const optimizer = tf.train.adam(options.learningRate);
  const tower = (articles: Int32Array) =>
    tf.tidy(() => {
      const n = articles.length;
      const tokenIds = new Int32Array(n * MAX_TOKENS);
      const mask = new Float32Array(n * MAX_TOKENS);
      const ids = new Int32Array(n);
      const idMask = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const a = articles[i]!;
        let count = 0;
        for (let k = 0; k < MAX_TOKENS; k++) {
          const row = rows.tokenRows[a * MAX_TOKENS + k]!;
          tokenIds[i * MAX_TOKENS + k] = row;
          if (row > 0) count++;
        }
        for (let k = 0; k < MAX_TOKENS; k++)
          mask[i * MAX_TOKENS + k] = rows.tokenRows[a * MAX_TOKENS + k]! > 0 ? 1 / Math.max(1, count) : 0;
        ids[i] = rows.idRows[a]!;
        idMask[i] = ids[i]! > 0 ? 1 : 0;
      }
      const tokens = tf
        .gather(tokenTable, tf.tensor1d(tokenIds, 'int32'))
        .reshape([n, MAX_TOKENS, dim])
        .mul(tf.tensor3d(mask, [n, MAX_TOKENS, 1]))
        .sum(1);
      const id = tf.gather(idTable, tf.tensor1d(ids, 'int32')).mul(tf.tensor2d(idMask, [n, 1]));
      const v = tokens.add(id);
      return v.div(v.norm('euclidean', 1, true).add(1e-6));
    });
  const batchLoss = (left: Int32Array, right: Int32Array) => {
    const a = tower(left);
    const b = tower(right);
    const logits = a.matMul(b, false, true).div(options.temperature);
    const labels = tf.oneHot(tf.range(0, left.length, 1, 'int32'), left.length);
    return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
  };
  const weights = async (): Promise<EmbeddingWeights> => ({
    dim,
    tokenTable: (await tokenTable.data()) as Float32Array,
    idTable: (await idTable.data()) as Float32Array,
  });
  const validationLoss = async () => {
    let sum = 0;
    let batches = 0;
    const limit = Math.min(validation.length, 2 * options.batchSize * VALIDATION_BATCHES);
    for (let start = 0; start + 2 * options.batchSize <= limit; start += 2 * options.batchSize) {
      const { left, right } = split(validation.subarray(start, start + 2 * options.batchSize));
      const loss = tf.tidy(() => batchLoss(left, right));
      sum += (await loss.data())[0]!;
      loss.dispose();
      batches++;
    }
    return batches > 0 ? sum / batches : Number.NaN;
  };
  const pairCount = pairs.length / 2;
  const perEpoch = Math.min(pairCount, options.pairsPerEpoch);
  let result = await weights();
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      let sum = 0;
      let batches = 0;
      for (let done = 0; done + options.batchSize <= perEpoch; done += options.batchSize) {
        const batch = new Int32Array(2 * options.batchSize);
        const used = new Set<number>();
        for (let i = 0; i < options.batchSize; i++) {
          // in-batch negatives: avoid two pairs with the same target in one batch
          let p = Math.floor(random.next() * pairCount);
          for (let tries = 0; tries < 4 && used.has(pairs[2 * p + 1]!); tries++)
            p = Math.floor(random.next() * pairCount);
          used.add(pairs[2 * p + 1]!);
          batch[2 * i] = pairs[2 * p]!;
          batch[2 * i + 1] = pairs[2 * p + 1]!;
        }
        const { left, right } = split(batch);
        const loss = optimizer.minimize(() => batchLoss(left, right), true) as tf.Scalar;
        sum += (await loss.data())[0]!;
        loss.dispose();
        batches++;
        options.onBatch?.(done + options.batchSize, perEpoch, sum / batches);
      }
      result = await weights();
      const keepGoing = options.onEpoch?.(epoch, sum / Math.max(1, batches), await validationLoss(), result);
      if (keepGoing === false) break;
    }
  } finally {
    tokenTable.dispose();
    idTable.dispose();
    optimizer.dispose();
  }
  return result;
}

function split(pairs: Int32Array): { left: Int32Array; right: Int32Array } {
  const n = pairs.length / 2;
  const left = new Int32Array(n);
  const right = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    left[i] = pairs[2 * i]!;
    right[i] = pairs[2 * i + 1]!;
  }
  return { left, right };
}
