/**
 * The global trend model: one network trained across all series (Google Trends countries × categories,
 * VISUELLE shapes/colours/fabrics) on normalised 52-week windows with week-of-year features. It reads the window
 * through an LSTM (13 steps of 4 weeks) next to a dense path over the whole input vector, and outputs the 10th,
 * 50th and 90th percentiles of the next 12 weeks at once (pinball loss): the median is the forecast and the outer
 * two make the uncertainty band.
 */

import type { Random } from '../../src/types.ts';
import { tf } from '../backend.ts';
import { FEATURES, LOOKBACK, MAX_HORIZON, type WindowSet } from './windows.ts';

/** The predicted quantiles, in output order. */
export const QUANTILES = [0.1, 0.5, 0.9] as const;
/** Weeks per LSTM step. */
const CHUNK = 4;
const STEPS = LOOKBACK / CHUNK;

/** Size and training settings of the network. */
export interface TrendModelOptions {
  hidden: number;
  /** Units of the LSTM path (0: dense path only, an MLP over the window). */
  lstmUnits: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Stop after this many CPU seconds of this process even if epochs remain (a busy machine does not cut it short). */
  maxSeconds: number;
  seed: number;
}

/** Settings of `fashion-advisor train trends` (a few minutes on two CPU cores). */
export const DEFAULT_MODEL_OPTIONS: TrendModelOptions = {
  hidden: 128,
  lstmUnits: 16,
  epochs: 3,
  batchSize: 1024,
  learningRate: 3e-3,
  maxSeconds: 270,
  seed: 7,
};

/** Progress of one epoch, reported while training. */
export interface EpochProgress {
  epoch: number;
  epochs: number;
  /** Share of the epoch done: reported at each quarter, 1 when the epoch ends. */
  fraction: number;
  loss: number;
  /** Training windows per CPU second in this epoch. */
  windowsPerSecond: number;
  /** CPU seconds of this process since training started. */
  cpuSeconds: number;
  /** Wall-clock seconds since training started. */
  seconds: number;
}

/** CPU seconds (user + system) this process has used. */
const processCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/**
 * Builds the untrained network: inputs `[sequence (13 × 4 weeks), features (FEATURES)]`, output
 * `QUANTILES.length × MAX_HORIZON` normalised values (quantile-major).
 */
export function buildTrendNetwork(options: Pick<TrendModelOptions, 'hidden' | 'lstmUnits' | 'seed'>): tf.LayersModel {
  const init = (offset: number) => tf.initializers.glorotUniform({ seed: options.seed + offset });
  const sequence = tf.input({ shape: [STEPS, CHUNK], name: 'sequence' });
  const features = tf.input({ shape: [FEATURES], name: 'features' });
  const dense = tf.layers
    .dense({ units: options.hidden, activation: 'relu', kernelInitializer: init(2) })
    .apply(features) as tf.SymbolicTensor;
  const joined =
    options.lstmUnits > 0
      ? (tf.layers
          .concatenate()
          .apply([
            dense,
            tf.layers
              .lstm({ units: options.lstmUnits, kernelInitializer: init(1), recurrentInitializer: 'glorotUniform' })
              .apply(sequence) as tf.SymbolicTensor,
          ]) as tf.SymbolicTensor)
      : dense;
  const hidden = tf.layers
    .dense({ units: options.hidden, activation: 'relu', kernelInitializer: init(3) })
    .apply(joined) as tf.SymbolicTensor;
  const fromHidden = tf.layers
    .dense({ units: QUANTILES.length * MAX_HORIZON, kernelInitializer: init(4) })
    .apply(hidden) as tf.SymbolicTensor;
  // A linear path straight from the window: seasonal-naive-like answers need no hidden units.
  const linear = tf.layers
    .dense({ units: QUANTILES.length * MAX_HORIZON, useBias: false, kernelInitializer: 'zeros' })
    .apply(features) as tf.SymbolicTensor;
  const output = tf.layers.add().apply([fromHidden, linear]) as tf.SymbolicTensor;
  return tf.model({ inputs: [sequence, features], outputs: output });
}

/** The two input tensors of a window batch (rows `from` … `from + count − 1` of `x`). */
function inputTensors(x: Float32Array, from: number, count: number): [tf.Tensor, tf.Tensor] {
  const rows = x.subarray(from * FEATURES, (from + count) * FEATURES);
  const features = tf.tensor2d(rows, [count, FEATURES]);
  const sequence = features.slice([0, 0], [count, LOOKBACK]).reshape([count, STEPS, CHUNK]);
  return [sequence, features];
}

/** Mean pinball loss of quantile-major predictions `[n, Q·H]` against targets `[n, H]`. */
export function pinballLoss(targets: tf.Tensor, predictions: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const parts = QUANTILES.map((q, i) => {
      const error = targets.sub(predictions.slice([0, i * MAX_HORIZON], [-1, MAX_HORIZON]));
      return tf.maximum(error.mul(q), error.mul(q - 1)).mean();
    });
    return tf.addN(parts).div(QUANTILES.length) as tf.Scalar;
  });
}

/**
 * Trains the network on a window set with Adam, shuffling with the given seeded random source; reports progress
 * at each quarter of an epoch and stops early (at an epoch's end) when `maxSeconds` CPU seconds have been used.
 * @example
 * const net = buildTrendNetwork(DEFAULT_MODEL_OPTIONS);
 * await trainTrendNetwork(net, windows, DEFAULT_MODEL_OPTIONS, seededRandom(7), (p) => console.error(p));
 */
export async function trainTrendNetwork(
  network: tf.LayersModel,
  set: WindowSet,
  options: TrendModelOptions,
  random: Random,
  onEpoch: (progress: EpochProgress) => void = () => {},
  clocks: { wall: () => number; cpu: () => number } = { wall: () => performance.now() / 1000, cpu: processCpuSeconds },
): Promise<EpochProgress[]> {
  if (set.count === 0) throw new Error('trainTrendNetwork: no training windows');
  const optimizer = tf.train.adam(options.learningRate);
  const order = Array.from({ length: set.count }, (_, i) => i);
  const batchX = new Float32Array(options.batchSize * FEATURES);
  const batchY = new Float32Array(options.batchSize * MAX_HORIZON);
  const started = { wall: clocks.wall(), cpu: clocks.cpu() };
  const history: EpochProgress[] = [];
  const totalBatches = Math.ceil(set.count / options.batchSize);
  const report = (epoch: number, batches: number, lossSum: number, epochStart: number): EpochProgress => ({
    epoch,
    epochs: options.epochs,
    fraction: batches / totalBatches,
    loss: lossSum / batches,
    windowsPerSecond: Math.min(set.count, batches * options.batchSize) / Math.max(1e-3, clocks.cpu() - epochStart),
    cpuSeconds: clocks.cpu() - started.cpu,
    seconds: clocks.wall() - started.wall,
  });
  for (let epoch = 1; epoch <= options.epochs; epoch += 1) {
    const epochStart = clocks.cpu();
    for (let i = order.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random.next() * (i + 1));
      const [a, b] = [order[i], order[j]];
      if (a !== undefined && b !== undefined) [order[i], order[j]] = [b, a]; // j ≤ i < length: both exist
    }
    let lossSum = 0;
    let batches = 0;
    for (let from = 0; from < order.length; from += options.batchSize) {
      const count = Math.min(options.batchSize, order.length - from);
      order.slice(from, from + count).forEach((row, r) => {
        batchX.set(set.x.subarray(row * FEATURES, (row + 1) * FEATURES), r * FEATURES);
        batchY.set(set.y.subarray(row * MAX_HORIZON, (row + 1) * MAX_HORIZON), r * MAX_HORIZON);
      });
      const loss = tf.tidy(() => {
        const inputs = inputTensors(batchX, 0, count);
        const targets = tf.tensor2d(batchY.subarray(0, count * MAX_HORIZON), [count, MAX_HORIZON]);
        const cost = optimizer.minimize(
          () => pinballLoss(targets, network.apply(inputs, { training: true }) as tf.Tensor),
          true,
        );
        if (!cost) throw new Error('the optimizer returned no loss although asked for it');
        return cost;
      });
      const [batchLoss = Number.NaN] = await loss.data();
      lossSum += batchLoss;
      loss.dispose();
      batches += 1;
      if (batches < totalBatches && batches % Math.ceil(totalBatches / 4) === 0) {
        onEpoch(report(epoch, batches, lossSum, epochStart));
      }
    }
    const progress = report(epoch, batches, lossSum, epochStart);
    history.push(progress);
    onEpoch(progress);
    if (progress.cpuSeconds > options.maxSeconds) break;
  }
  optimizer.dispose();
  return history;
}

/**
 * Runs the network over windows (`x` as written by `writeWindow`) and returns the normalised quantile outputs,
 * `QUANTILES.length × MAX_HORIZON` values per window, sorted per week so the quantiles never cross.
 */
export async function predictWindows(network: tf.LayersModel, x: Float32Array, count: number): Promise<Float32Array> {
  const out = new Float32Array(count * QUANTILES.length * MAX_HORIZON);
  const batch = 2048;
  for (let from = 0; from < count; from += batch) {
    const n = Math.min(batch, count - from);
    const result = tf.tidy(() => network.predict(inputTensors(x, from, n)) as tf.Tensor);
    out.set(await result.data(), from * QUANTILES.length * MAX_HORIZON);
    result.dispose();
  }
  const width = QUANTILES.length * MAX_HORIZON;
  for (let row = 0; row < count; row += 1) {
    for (let h = 0; h < MAX_HORIZON; h += 1) {
      const values = QUANTILES.map((_, q) => out[row * width + q * MAX_HORIZON + h] ?? Number.NaN).sort(
        (a, b) => a - b,
      );
      values.forEach((v, q) => {
        out[row * width + q * MAX_HORIZON + h] = v;
      });
    }
  }
  return out;
}
