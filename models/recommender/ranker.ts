/**
 * The learned ranker: a small MLP (features → hidden ReLU → score) trained with TensorFlow.js on
 * (customer, candidate) rows labelled by whether the customer bought the candidate on the predicted day.
 * Inference runs in plain JS (no TF per request).
 */
import type { Random } from '../../src/types.ts';
import type { tf } from '../backend.ts';

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

/**
 * Trains the ranker with a listwise softmax loss (each customer's candidates compete for what they bought), Adam,
 * and seeded initialisation and shuffling. Returns the weights of the last epoch (or the best, via `onEpoch`).
 * @example
 * const weights = await trainRanker(rows, { hidden: 16, epochs: 8, batchSize: 1024, learningRate: 3e-3, random });
 */
export async function trainRanker(rows: RankingRows, options: RankerOptions): Promise<RankerWeights> {
  // TensorFlow.js only for training: serving scores in plain JavaScript and starts without loading it.
  const { tf } = await import('../backend.ts');
  const { inputs } = rows;
  const n = rows.labels.length;
  const { mean, std } = standardisation(rows);
  const x = new Float32Array(rows.features.length);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < inputs; i++)
      x[r * inputs + i] = ((rows.features[r * inputs + i] ?? 0) - (mean[i] ?? 0)) / (std[i] ?? 1);
  }
  const w1 = tf.variable(tf.tensor2d(glorot(options.random, inputs, options.hidden), [inputs, options.hidden]));
  const b1 = tf.variable(tf.zeros([options.hidden]));
  const w2 = tf.variable(tf.tensor2d(glorot(options.random, options.hidden, 1), [options.hidden, 1]));
  const b2 = tf.variable(tf.zeros([1]));
  const optimizer = tf.train.adam(options.learningRate);
  const snapshot = async (): Promise<RankerWeights> => ({
    inputs,
    hidden: options.hidden,
    mean,
    std,
    w1: (await w1.data()) as Float32Array,
    b1: (await b1.data()) as Float32Array,
    w2: (await w2.data()) as Float32Array,
    b2: (await b2.data())[0]!,
  });
  // Listwise softmax loss over each customer's candidates: only customers with a bought candidate teach anything.
  const groups = rows.groups.filter(([from, to]) => {
    for (let r = from; r < to; r++) if (rows.labels[r]) return true;
    return false;
  });
  const total = groups.reduce((s, [from, to]) => s + to - from, 0);
  let weights = await snapshot();
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      for (let i = groups.length - 1; i > 0; i--) {
        const j = Math.floor(options.random.next() * (i + 1));
        [groups[i], groups[j]] = [groups[j]!, groups[i]!];
      }
      let lossSum = 0;
      let batches = 0;
      let done = 0;
      for (let g = 0; g < groups.length; ) {
        const batch: [number, number][] = [];
        let size = 0;
        while (g < groups.length && (size === 0 || size + groups[g]![1] - groups[g]![0] <= options.batchSize)) {
          batch.push(groups[g]!);
          size += groups[g]![1] - groups[g]![0];
          g++;
        }
        const bx = new Float32Array(size * inputs);
        const target = new Float32Array(size);
        const segment = new Int32Array(size);
        let at = 0;
        batch.forEach(([from, to], b) => {
          let positives = 0;
          for (let r = from; r < to; r++) positives += rows.labels[r] ?? 0;
          for (let r = from; r < to; r++, at++) {
            bx.set(x.subarray(r * inputs, (r + 1) * inputs), at * inputs);
            target[at] = (rows.labels[r] ?? 0) / positives;
            segment[at] = b;
          }
        });
        const loss = tf.tidy(() => {
          const xs = tf.tensor2d(bx, [size, inputs]);
          const ys = tf.tensor1d(target);
          const segments = tf.tensor1d(segment, 'int32');
          return optimizer.minimize(() => {
            const logits = tf.relu(xs.matMul(w1).add(b1)).matMul(w2).add(b2).reshape([size]);
            const top = logits.max();
            const lse = tf.unsortedSegmentSum(logits.sub(top).exp(), segments, batch.length).log().add(top);
            const positive = tf.unsortedSegmentSum(logits.mul(ys), segments, batch.length);
            return lse.sub(positive).mean();
          }, true) as tf.Scalar;
        });
        lossSum += (await loss.data())[0]!;
        loss.dispose();
        batches++;
        done += size;
        options.onBatch?.(done, total, lossSum / batches);
      }
      weights = await snapshot();
      if (options.onEpoch?.(epoch, lossSum / Math.max(1, batches), weights) === false) break;
    }
  } finally {
    for (const v of [w1, b1, w2, b2]) v.dispose();
    optimizer.dispose();
  }
  return weights;
}
