/**
 * A small multinomial logistic-regression classifier over sparse string features, trained in-process with
 * AdaGrad (optionally averaged over several runs). Fast enough to train on the bundled utterances in a second or
 * two and to score tens of thousands of utterances per second on one core.
 */
import type { Random } from '../types.ts';

/** The serialised form of a trained classifier (saved as JSON in the data home). */
export interface ClassifierModel {
  labels: string[];
  /** Feature name → row in `weights` (row-major, `labels.length` columns). */
  features: string[];
  weights: number[];
  bias: number[];
  /** Softmax temperature applied at prediction time (calibrated on cross-validation folds). */
  temperature: number;
}

/** Training options. */
export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
  /** Runs over different example orders whose weights are averaged (default 1). */
  runs?: number;
  random: Random;
}

/** A trained classifier ready to score feature lists. */
export interface Classifier {
  readonly labels: readonly string[];
  /** Class probabilities, in `labels` order, for the given features (unknown features are ignored). */
  predict(features: readonly string[], temperature?: number): Float64Array;
  /** Raw scores before the softmax. */
  scores(features: readonly string[]): Float64Array;
  toJSON(temperature?: number): ClassifierModel;
  temperature: number;
}

function shuffle(order: number[], random: Random): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    // Fisher–Yates: i and j are both within the array.
    [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
  }
}

/** Softmax with temperature, in place; returns the argument. */
export function softmax(scores: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  // Every index read below is within the array, so `?? 0` never applies.
  for (let i = 0; i < scores.length; i++) {
    const e = Math.exp(((scores[i] ?? 0) - max) / temperature);
    scores[i] = e;
    sum += e;
  }
  for (let i = 0; i < scores.length; i++) scores[i] = (scores[i] ?? 0) / sum;
  return scores;
}

function build(labels: string[], index: Map<string, number>, weights: Float64Array, bias: Float64Array, t: number) {
  const k = labels.length;
  const scores = (features: readonly string[]): Float64Array => {
    const out = Float64Array.from(bias);
    for (const f of features) {
      const row = index.get(f);
      if (row === undefined) continue;
      const base = row * k;
      // A known feature's row of k weights is within the weight matrix.
      for (let c = 0; c < k; c++) out[c] = (out[c] ?? 0) + (weights[base + c] ?? 0);
    }
    return out;
  };
  const classifier: Classifier = {
    labels,
    temperature: t,
    scores,
    predict: (features, temperature) => softmax(scores(features), temperature ?? classifier.temperature),
    toJSON: (temperature) => ({
      labels,
      features: [...index.keys()],
      weights: Array.from(weights, (w) => Math.round(w * 1e5) / 1e5),
      bias: Array.from(bias, (w) => Math.round(w * 1e5) / 1e5),
      temperature: temperature ?? classifier.temperature,
    }),
  };
  return classifier;
}

/**
 * Trains a classifier on (features, label) examples.
 * @example
 * const c = trainClassifier([{ features: ['w:hi'], label: 'greet' }, { features: ['w:bye'], label: 'goodbye' }], labels,
 *   { random: seededRandom(1) });
 * c.labels[c.predict(['w:hi']).indexOf(Math.max(...c.predict(['w:hi'])))]; // 'greet'
 */
export function trainClassifier(
  examples: readonly { features: readonly string[]; label: string }[],
  labels: readonly string[],
  options: TrainOptions,
): Classifier {
  const runs = options.runs ?? 1;
  if (runs <= 1) return trainOnce(examples, labels, options);
  // Average the weights of several runs over different example orders: one convex problem, less order noise.
  const models = Array.from({ length: runs }, () => trainOnce(examples, labels, options).toJSON());
  const [first] = models;
  if (!first) throw new Error('trainClassifier: no run to average');
  const index = new Map(first.features.map((f, i) => [f, i]));
  const weights = new Float64Array(first.weights.length);
  const bias = new Float64Array(labels.length);
  // Every run learns on the same examples, so all share one shape and every index is in range.
  for (const model of models) {
    for (let i = 0; i < weights.length; i++) weights[i] = (weights[i] ?? 0) + (model.weights[i] ?? 0) / runs;
    for (let c = 0; c < bias.length; c++) bias[c] = (bias[c] ?? 0) + (model.bias[c] ?? 0) / runs;
  }
  return build([...labels], index, weights, bias, 1);
}

function trainOnce(
  examples: readonly { features: readonly string[]; label: string }[],
  labels: readonly string[],
  options: TrainOptions,
): Classifier {
  const { epochs = 15, learningRate = 0.1, l2 = 1e-5 } = options;
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const index = new Map<string, number>();
  const encoded = examples.map((example) => {
    const rows = new Set<number>();
    for (const f of example.features) {
      let row = index.get(f);
      if (row === undefined) {
        row = index.size;
        index.set(f, row);
      }
      rows.add(row);
    }
    const y = labelIndex.get(example.label);
    if (y === undefined) throw new Error(`trainClassifier: unknown label "${example.label}"`);
    return { rows: [...rows], y };
  });
  const k = labels.length;
  const weights = new Float64Array(index.size * k);
  const gradSq = new Float64Array(index.size * k).fill(1e-8);
  const bias = new Float64Array(k);
  const biasSq = new Float64Array(k).fill(1e-8);
  const order = encoded.map((_, i) => i);
  const probs = new Float64Array(k);
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, options.random);
    for (const i of order) {
      const example = encoded[i];
      if (!example) throw new Error(`trainClassifier: no example at ${i}`);
      const { rows, y } = example;
      // Below, c < k and rows were numbered from the feature index, so every typed-array read is in range.
      for (let c = 0; c < k; c++) probs[c] = bias[c] ?? 0;
      for (const row of rows) {
        const base = row * k;
        for (let c = 0; c < k; c++) probs[c] = (probs[c] ?? 0) + (weights[base + c] ?? 0);
      }
      softmax(probs);
      for (let c = 0; c < k; c++) {
        const g = (probs[c] ?? 0) - (c === y ? 1 : 0);
        // Classes the model already gets right for this example contribute (almost) nothing: skip them.
        if (g > -1e-3 && g < 1e-3) continue;
        const biasGrad = (biasSq[c] ?? 0) + g * g;
        biasSq[c] = biasGrad;
        bias[c] = (bias[c] ?? 0) - (learningRate * g) / Math.sqrt(biasGrad);
        for (const row of rows) {
          const at = row * k + c;
          const w = weights[at] ?? 0;
          const gw = g + l2 * w;
          const grad = (gradSq[at] ?? 0) + gw * gw;
          gradSq[at] = grad;
          weights[at] = w - (learningRate * gw) / Math.sqrt(grad);
        }
      }
    }
  }
  return build([...labels], index, weights, bias, 1);
}

/** Rebuilds a classifier from its saved JSON form, validating its shape. */
export function classifierFromJSON(model: ClassifierModel): Classifier {
  const k = model.labels.length;
  if (model.weights.length !== model.features.length * k || model.bias.length !== k) {
    throw new Error(
      `classifierFromJSON: inconsistent model (${model.features.length} features × ${k} labels, ` +
        `${model.weights.length} weights, ${model.bias.length} biases)`,
    );
  }
  const index = new Map(model.features.map((f, i) => [f, i]));
  return build(model.labels, index, Float64Array.from(model.weights), Float64Array.from(model.bias), model.temperature);
}
