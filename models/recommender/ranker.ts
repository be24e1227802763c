/**
 * The learned ranker: a small MLP (features → hidden ReLU → score) trained with TensorFlow.js on
 * (customer, candidate) rows labelled by whether the customer bought the candidate on the predicted day.
 * Inference runs in plain JS (no TF per request).
 */
import type { Random } from '../../src/types.ts';
import type { tf } from '../backend.ts';
import { shuffle } from './shuffle.ts';

/** Trained ranker weights (plain arrays, saved as JSON-friendly numbers or in the weights file). */
export interface RankerWeights {
  inputs: number;
  hidden: number;
  mean: Float32Array;
  std: Float32Array;
  /** inputs × hidden, row-major. */
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: number;
}

/** Rows of ranking examples: `features` is rows × inputs; `groups[g]` is the row range of one customer. */
export interface RankingRows {
  features: Float32Array;
  labels: Uint8Array;
  groups: [number, number][];
  inputs: number;
}

/** Input `i` of `x` on the scale the ranker was trained on (missing values read as 0, a missing scale as 1). */
function standardised(w: RankerWeights, x: ArrayLike<number>, i: number): number {
  return ((x[i] ?? 0) - (w.mean[i] ?? 0)) / (w.std[i] ?? 1);
}

/**
 * Scores one feature vector (JS inference).
 * @example
 * const score = rankerScore(weights, features.subarray(0, weights.inputs));
 */
export function rankerScore(w: RankerWeights, x: ArrayLike<number>, scratch = new Float32Array(w.hidden)): number {
  const { inputs, hidden, w1, b1, w2 } = w;
  scratch.set(b1);
  for (let i = 0; i < inputs; i++) {
    const v = standardised(w, x, i);
    if (v === 0) continue;
    const row = i * hidden;
    for (let h = 0; h < hidden; h++) scratch[h] = (scratch[h] ?? 0) + v * (w1[row + h] ?? 0);
  }
  let out = w.b2;
  for (let h = 0; h < hidden; h++) {
    const unit = scratch[h] ?? 0;
    if (unit > 0) out += unit * (w2[h] ?? 0);
  }
  return out;
}

/**
 * How much each input moved one score away from the score of an average row: with the ReLU units this row turns on
 * fixed, the MLP is linear, so the score is b2 + Σ_h w2_h·b1_h (active h) + Σ_i contribution_i exactly.
 * @example
 * const parts = rankerContributions(weights, features); // parts[i] for FEATURES[i]
 */
export function rankerContributions(w: RankerWeights, x: ArrayLike<number>): Float32Array {
  const { inputs, hidden, w1, b1, w2 } = w;
  const active = new Float32Array(hidden);
  active.set(b1);
  for (let i = 0; i < inputs; i++) {
    const v = standardised(w, x, i);
    for (let h = 0; h < hidden; h++) active[h] = (active[h] ?? 0) + v * (w1[i * hidden + h] ?? 0);
  }
  const out = new Float32Array(inputs);
  for (let i = 0; i < inputs; i++) {
    let s = 0;
    for (let h = 0; h < hidden; h++) if ((active[h] ?? 0) > 0) s += (w1[i * hidden + h] ?? 0) * (w2[h] ?? 0);
    out[i] = standardised(w, x, i) * s;
  }
  return out;
}

/** Options of `trainRanker`. */
export interface RankerOptions {
  hidden: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  random: Random;
  /** Called after each epoch; returning false stops training (early stopping keeps the best weights). */
  onEpoch?: (epoch: number, loss: number, weights: RankerWeights) => boolean | undefined;
  onBatch?: (done: number, total: number, loss: number) => void;
}

function standardisation(rows: RankingRows): { mean: Float32Array; std: Float32Array } {
  const { inputs, features } = rows;
  const n = features.length / inputs;
  const mean = new Float32Array(inputs);
  const sq = new Float32Array(inputs);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < inputs; i++) {
      const v = features[r * inputs + i] ?? 0;
      mean[i] = (mean[i] ?? 0) + v;
      sq[i] = (sq[i] ?? 0) + v * v;
    }
  }
  const std = new Float32Array(inputs);
  for (let i = 0; i < inputs; i++) {
    const m = (mean[i] ?? 0) / n;
    mean[i] = m;
    // a constant feature (up to float rounding) keeps scale 1: dividing by its rounding noise would blow it up
    const spread = Math.sqrt(Math.max((sq[i] ?? 0) / n - m * m, 0));
    std[i] = spread > 1e-6 * Math.max(1, Math.abs(m)) ? spread : 1;
  }
  return { mean, std };
}

/** A seeded Glorot-uniform matrix. */
function glorot(random: Random, rows: number, cols: number): Float32Array {
  const limit = Math.sqrt(6 / (rows + cols));
  return Float32Array.from({ length: rows * cols }, () => (random.next() * 2 - 1) * limit);
}

/** Customers (row ranges) with at least one bought candidate: only they teach the listwise loss anything. */
function groupsWithPositives(rows: RankingRows): [number, number][] {
  return rows.groups.filter(([from, to]) => {
    for (let r = from; r < to; r++) if (rows.labels[r]) return true;
    return false;
  });
}

/** One batch of whole groups: standardised inputs, each row's share of its group's purchases, its group number. */
interface Batch {
  size: number;
  groups: number;
  x: Float32Array;
  target: Float32Array;
  segment: Int32Array;
}

/** Cuts shuffled groups into batches of whole groups of at most `batchSize` rows (a bigger group alone). */
function* batchesOf(
  groups: readonly [number, number][],
  rows: RankingRows,
  x: Float32Array,
  batchSize: number,
): Generator<Batch> {
  const { inputs } = rows;
  for (let g = 0; g < groups.length; ) {
    const batch: [number, number][] = [];
    let size = 0;
    for (let next = groups[g]; next && (size === 0 || size + next[1] - next[0] <= batchSize); next = groups[g]) {
      batch.push(next);
      size += next[1] - next[0];
      g++;
    }
    const out: Batch = {
      size,
      groups: batch.length,
      x: new Float32Array(size * inputs),
      target: new Float32Array(size),
      segment: new Int32Array(size),
    };
    let at = 0;
    batch.forEach(([from, to], b) => {
      let positives = 0;
      for (let r = from; r < to; r++) positives += rows.labels[r] ?? 0;
      for (let r = from; r < to; r++, at++) {
        out.x.set(x.subarray(r * inputs, (r + 1) * inputs), at * inputs);
        out.target[at] = (rows.labels[r] ?? 0) / positives;
        out.segment[at] = b;
      }
    });
    yield out;
  }
}

/** The rows' features standardised with `mean` and `std`. */
function standardisedRows(rows: RankingRows, mean: Float32Array, std: Float32Array): Float32Array {
  const { inputs } = rows;
  const x = new Float32Array(rows.features.length);
  for (let r = 0; r < rows.labels.length; r++) {
    for (let i = 0; i < inputs; i++)
      x[r * inputs + i] = ((rows.features[r * inputs + i] ?? 0) - (mean[i] ?? 0)) / (std[i] ?? 1);
  }
  return x;
}

/** The MLP's variables and the optimiser that trains them. */
interface Network {
  w1: tf.Variable;
  b1: tf.Variable;
  w2: tf.Variable;
  b2: tf.Variable;
  optimizer: tf.Optimizer;
}

/** One Adam step on a batch under the listwise softmax loss (each group's candidates compete); returns the loss. */
async function listwiseStep(tfjs: typeof tf, net: Network, batch: Batch, inputs: number): Promise<number> {
  const { w1, b1, w2, b2 } = net;
  const loss = tfjs.tidy(() => {
    const xs = tfjs.tensor2d(batch.x, [batch.size, inputs]);
    const ys = tfjs.tensor1d(batch.target);
    const segments = tfjs.tensor1d(batch.segment, 'int32');
    return net.optimizer.minimize(() => {
      const logits = tfjs.relu(xs.matMul(w1).add(b1)).matMul(w2).add(b2).reshape([batch.size]);
      const top = logits.max();
      const lse = tfjs.unsortedSegmentSum(logits.sub(top).exp(), segments, batch.groups).log().add(top);
      const positive = tfjs.unsortedSegmentSum(logits.mul(ys), segments, batch.groups);
      return lse.sub(positive).mean();
    }, true) as tf.Scalar;
  });
  const value = (await loss.data())[0] ?? Number.NaN;
  loss.dispose();
  return value;
}

/** The network's weights as plain arrays. */
async function weightsOf(net: Network, inputs: number, hidden: number, mean: Float32Array, std: Float32Array) {
  const weights: RankerWeights = {
    inputs,
    hidden,
    mean,
    std,
    w1: (await net.w1.data()) as Float32Array,
    b1: (await net.b1.data()) as Float32Array,
    w2: (await net.w2.data()) as Float32Array,
    b2: (await net.b2.data())[0] ?? 0,
  };
  return weights;
}

/**
 * Trains the ranker with a listwise softmax loss (each customer's candidates compete for what they bought), Adam,
 * and seeded initialisation and shuffling. Returns the weights of the last epoch (or the best, via `onEpoch`).
 * @example
 * const weights = await trainRanker(rows, { hidden: 16, epochs: 8, batchSize: 1024, learningRate: 3e-3, random });
 */
export async function trainRanker(rows: RankingRows, options: RankerOptions): Promise<RankerWeights> {
  // TensorFlow.js only for training: serving scores in plain JavaScript and starts without loading it.
  const { tf: tfjs } = await import('../backend.ts');
  const { inputs } = rows;
  const { hidden } = options;
  const { mean, std } = standardisation(rows);
  const x = standardisedRows(rows, mean, std);
  const net: Network = {
    w1: tfjs.variable(tfjs.tensor2d(glorot(options.random, inputs, hidden), [inputs, hidden])),
    b1: tfjs.variable(tfjs.zeros([hidden])),
    w2: tfjs.variable(tfjs.tensor2d(glorot(options.random, hidden, 1), [hidden, 1])),
    b2: tfjs.variable(tfjs.zeros([1])),
    optimizer: tfjs.train.adam(options.learningRate),
  };
  const groups = groupsWithPositives(rows);
  const total = groups.reduce((s, [from, to]) => s + to - from, 0);
  let weights = await weightsOf(net, inputs, hidden, mean, std);
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      shuffle(groups, options.random);
      let lossSum = 0;
      let batches = 0;
      let done = 0;
      for (const batch of batchesOf(groups, rows, x, options.batchSize)) {
        lossSum += await listwiseStep(tfjs, net, batch, inputs);
        batches++;
        done += batch.size;
        options.onBatch?.(done, total, lossSum / batches);
      }
      weights = await weightsOf(net, inputs, hidden, mean, std);
      if (options.onEpoch?.(epoch, lossSum / Math.max(1, batches), weights) === false) break;
    }
  } finally {
    for (const v of [net.w1, net.b1, net.w2, net.b2]) v.dispose();
    net.optimizer.dispose();
  }
  return weights;
}
