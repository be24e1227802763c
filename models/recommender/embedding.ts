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
  const articles = [...new Set(sold)].sort((a, b) => a - b).map((a) => hm.ids[a] ?? '');
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
    for (const token of hm.tokens[a] ?? []) {
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

/** The learned tables of the item tower. */
interface TowerTables {
  dim: number;
  tokenTable: tf.Variable;
  idTable: tf.Variable;
}

/** The tower's inputs for some articles: token rows with their mean weights, and id rows with a mask. */
function towerInputs(rows: { tokenRows: Int32Array; idRows: Int32Array }, articles: Int32Array) {
  const n = articles.length;
  const tokenIds = new Int32Array(n * MAX_TOKENS);
  const mask = new Float32Array(n * MAX_TOKENS);
  const ids = new Int32Array(n);
  const idMask = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = articles[i] ?? 0;
    let count = 0;
    for (let k = 0; k < MAX_TOKENS; k++) {
      const row = rows.tokenRows[a * MAX_TOKENS + k] ?? 0;
      tokenIds[i * MAX_TOKENS + k] = row;
      if (row > 0) count++;
    }
    for (let k = 0; k < MAX_TOKENS; k++)
      mask[i * MAX_TOKENS + k] = (rows.tokenRows[a * MAX_TOKENS + k] ?? 0) > 0 ? 1 / Math.max(1, count) : 0;
    const id = rows.idRows[a] ?? 0;
    ids[i] = id;
    idMask[i] = id > 0 ? 1 : 0;
  }
  return { n, tokenIds, mask, ids, idMask };
}

/** The tower's unit vectors of some articles: mean token embedding plus id embedding, normalised. */
function towerVectors(
  tfjs: typeof tf,
  tables: TowerTables,
  rows: { tokenRows: Int32Array; idRows: Int32Array },
  articles: Int32Array,
): tf.Tensor2D {
  return tfjs.tidy(() => {
    const { n, tokenIds, mask, ids, idMask } = towerInputs(rows, articles);
    const tokens = tfjs
      .gather(tables.tokenTable, tfjs.tensor1d(tokenIds, 'int32'))
      .reshape([n, MAX_TOKENS, tables.dim])
      .mul(tfjs.tensor3d(mask, [n, MAX_TOKENS, 1]))
      .sum(1);
    const id = tfjs.gather(tables.idTable, tfjs.tensor1d(ids, 'int32')).mul(tfjs.tensor2d(idMask, [n, 1]));
    const v = tokens.add(id);
    return v.div(v.norm('euclidean', 1, true).add(1e-6)) as tf.Tensor2D;
  });
}

/** In-batch softmax loss of pairs: each left article should pick its own right one among the batch's. */
function pairLoss(
  tfjs: typeof tf,
  tables: TowerTables,
  rows: { tokenRows: Int32Array; idRows: Int32Array },
  pairs: Int32Array,
  temperature: number,
): tf.Scalar {
  const { left, right } = split(pairs);
  const a = towerVectors(tfjs, tables, rows, left);
  const b = towerVectors(tfjs, tables, rows, right);
  const logits = a.matMul(b, false, true).div(temperature);
  const labels = tfjs.oneHot(tfjs.range(0, left.length, 1, 'int32'), left.length);
  return tfjs.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
}

/** A scalar tensor's value, and the tensor disposed. */
async function scalarValue(loss: tf.Scalar): Promise<number> {
  const value = (await loss.data())[0] ?? Number.NaN;
  loss.dispose();
  return value;
}

/** Mean loss of the first `VALIDATION_BATCHES` batches of the validation pairs (NaN when there is not one). */
async function validationLoss(
  tfjs: typeof tf,
  tables: TowerTables,
  rows: { tokenRows: Int32Array; idRows: Int32Array },
  validation: Int32Array,
  options: EmbeddingOptions,
): Promise<number> {
  let sum = 0;
  let batches = 0;
  const step = 2 * options.batchSize;
  const limit = Math.min(validation.length, step * VALIDATION_BATCHES);
  for (let start = 0; start + step <= limit; start += step) {
    const batch = validation.subarray(start, start + step);
    sum += await scalarValue(tfjs.tidy(() => pairLoss(tfjs, tables, rows, batch, options.temperature)));
    batches++;
  }
  return batches > 0 ? sum / batches : Number.NaN;
}

/** A seeded batch of training pairs; in-batch negatives: two pairs with the same target are avoided. */
function samplePairs(pairs: Int32Array, batchSize: number, random: Random): Int32Array {
  const pairCount = pairs.length / 2;
  const target = (p: number) => pairs[2 * p + 1] ?? -1;
  const batch = new Int32Array(2 * batchSize);
  const used = new Set<number>();
  for (let i = 0; i < batchSize; i++) {
    let p = Math.floor(random.next() * pairCount);
    for (let tries = 0; tries < 4 && used.has(target(p)); tries++) p = Math.floor(random.next() * pairCount);
    used.add(target(p));
    batch[2 * i] = pairs[2 * p] ?? 0;
    batch[2 * i + 1] = target(p);
  }
  return batch;
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
  const { tf: tfjs } = await import('../backend.ts');
  const { dim, random } = options;
  const init = (n: number) => Float32Array.from({ length: n * dim }, () => (random.next() * 2 - 1) * 0.1);
  const tokenInit = init(vocab.tokens.length + 1).fill(0, 0, dim);
  const idInit = init(vocab.articles.length + 1).fill(0, 0, dim);
  const tables: TowerTables = {
    dim,
    tokenTable: tfjs.variable(tfjs.tensor2d(tokenInit, [vocab.tokens.length + 1, dim])),
    idTable: tfjs.variable(tfjs.tensor2d(idInit, [vocab.articles.length + 1, dim])),
  };
  const optimizer = tfjs.train.adam(options.learningRate);
  const weights = async (): Promise<EmbeddingWeights> => ({
    dim,
    tokenTable: (await tables.tokenTable.data()) as Float32Array,
    idTable: (await tables.idTable.data()) as Float32Array,
  });
  const perEpoch = Math.min(pairs.length / 2, options.pairsPerEpoch);
  let result = await weights();
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      let sum = 0;
      let batches = 0;
      for (let done = 0; done + options.batchSize <= perEpoch; done += options.batchSize) {
        const batch = samplePairs(pairs, options.batchSize, random);
        const loss = optimizer.minimize(() => pairLoss(tfjs, tables, rows, batch, options.temperature), true);
        sum += await scalarValue(loss as tf.Scalar);
        batches++;
        options.onBatch?.(done + options.batchSize, perEpoch, sum / batches);
      }
      result = await weights();
      const held = await validationLoss(tfjs, tables, rows, validation, options);
      if (options.onEpoch?.(epoch, sum / Math.max(1, batches), held, result) === false) break;
    }
  } finally {
    tables.tokenTable.dispose();
    tables.idTable.dispose();
    optimizer.dispose();
  }
  return result;
}

function split(pairs: Int32Array): { left: Int32Array; right: Int32Array } {
  const n = pairs.length / 2;
  const left = new Int32Array(n);
  const right = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    left[i] = pairs[2 * i] ?? 0;
    right[i] = pairs[2 * i + 1] ?? 0;
  }
  return { left, right };
}
