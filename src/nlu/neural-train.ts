/**
 * Trains the joint intent + slot-tag model of `neural.ts` with TensorFlow.js (the backend `models/backend.ts` picks;
 * the embedding lookup's gradient uses the project's fast UnsortedSegmentSum kernel on wasm and CPU). The training
 * rows are the labelled utterances plus chat-typed variants (`augment.ts`); a token's tag is the slot of the span the
 * rule extractor finds on the clean utterance, carried over to the variant's tokens one for one.
 */
import { initBackend, tf } from '../../models/backend.ts';
import type { Random } from '../types.ts';
import { INTENTS } from '../types.ts';
import { seededRandom } from '../util/random.ts';
import { augmentText } from './augment.ts';
import type { Example } from './data.ts';
import type { SpellingCorrector } from './matcher.ts';
import { DEFAULT_SHAPE, type NeuralModel, type NeuralShape, TAGS, tagOfSlot, tokenFeatures } from './neural.ts';
import { type Extraction, extractSlots } from './slots.ts';

/** Training options. */
export interface NeuralTrainOptions {
  seed?: number;
  epochs?: number;
  /** Chat-typed variants per utterance. */
  variants?: number;
  batchSize?: number;
  learningRate?: number;
  shape?: NeuralShape;
  progress?: (message: string) => void;
}

interface Row {
  features: Int32Array[];
  /** Tag index per token, -1 when unknown (the variant's tokens no longer line up with the original's). */
  tags: number[];
  intent: number;
}

/** Token tags of an extraction from its spans (the first span covering a token wins). */
export function tagsOf(extraction: Extraction): number[] {
  return extraction.tokens.map((t) => {
    for (const span of extraction.spans) {
      if (t.start < span.start || t.end > span.end) continue;
      const tag = tagOfSlot(span.slot);
      if (tag) return TAGS.indexOf(tag);
    }
    return 0;
  });
}

function rowsOf(
  examples: readonly Example[],
  corrector: SpellingCorrector,
  options: NeuralTrainOptions,
  random: Random,
) {
  const shape = options.shape ?? DEFAULT_SHAPE;
  const rows: Row[] = [];
  for (const e of examples) {
    const clean = extractSlots(e.text, corrector);
    const tags = tagsOf(clean);
    const intent = INTENTS.indexOf(e.intent);
    rows.push({ features: tokenFeatures(clean, shape), tags, intent });
    for (let v = 0; v < (options.variants ?? 2); v++) {
      const variant = extractSlots(augmentText(e.text, random), corrector);
      const words = (x: Extraction) => x.tokens.filter((t) => t.kind !== 'sym').length;
      // Tags carry over when the variant kept every word (it may have lost punctuation).
      const aligned = words(variant) === words(clean);
      // tags hold one entry per clean token; an aligned variant has as many words as cleanWords, so `?? -1`
      // (the unknown tag) never applies.
      const cleanWords = tags.filter((_, i) => clean.tokens[i]?.kind !== 'sym');
      let w = 0;
      const variantTags = variant.tokens.map((t) => (t.kind === 'sym' ? 0 : aligned ? (cleanWords[w++] ?? -1) : -1));
      rows.push({ features: tokenFeatures(variant, shape), tags: variantTags, intent });
    }
  }
  return rows;
}

function shuffle<T>(list: T[], random: Random): void {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    const [a, b] = [list[i], list[j]];
    if (a === undefined || b === undefined) throw new Error(`shuffle: ${i} or ${j} is past the list's end`);
    [list[i], list[j]] = [b, a];
  }
}

/** The trainable weights of the model (`neural.ts` documents the architecture). */
interface Weights {
  embedding: tf.Variable;
  w1: tf.Variable;
  b1: tf.Variable;
  wTag: tf.Variable;
  bTag: tf.Variable;
  wIntent: tf.Variable;
  bIntent: tf.Variable;
}

/** Weights drawn from seeded normal distributions scaled for each layer (He / Xavier style), biases at zero. */
function initWeights(shape: NeuralShape, seed: number): Weights {
  const { buckets, dim, hidden } = shape;
  const init = (shapeOf: number[], scale: number) => tf.variable(tf.randomNormal(shapeOf, 0, scale, 'float32', seed));
  return {
    embedding: init([buckets, dim], 0.1),
    w1: init([3 * dim, hidden], Math.sqrt(2 / (3 * dim))),
    b1: tf.variable(tf.zeros([hidden])),
    wTag: init([hidden, TAGS.length], Math.sqrt(1 / hidden)),
    bTag: tf.variable(tf.zeros([TAGS.length])),
    wIntent: init([2 * hidden, INTENTS.length], Math.sqrt(1 / (2 * hidden))),
    bIntent: tf.variable(tf.zeros([INTENTS.length])),
  };
}

/** One batch as flat arrays: hashed feature ids and weights per token, masks, tags and intents. */
interface Batch {
  b: number;
  L: number;
  F: number;
  ids: Int32Array;
  weights: Float32Array;
  tokenMask: Float32Array;
  tagIds: Int32Array;
  tagMask: Float32Array;
  intentIds: Int32Array;
}

/** Packs rows into a batch padded to its longest utterance (at most `maxTokens`, `maxFeatures` per token). */
function packBatch(batch: readonly Row[], shape: NeuralShape): Batch {
  const b = batch.length;
  const L = Math.min(shape.maxTokens, Math.max(1, ...batch.map((r) => r.features.length)));
  const F = Math.min(shape.maxFeatures, Math.max(1, ...batch.flatMap((r) => r.features.map((f) => f.length))));
  const out: Batch = {
    b,
    L,
    F,
    ids: new Int32Array(b * L * F),
    weights: new Float32Array(b * L * F),
    tokenMask: new Float32Array(b * L),
    tagIds: new Int32Array(b * L),
    tagMask: new Float32Array(b * L),
    intentIds: new Int32Array(b),
  };
  batch.forEach((row, r) => {
    out.intentIds[r] = row.intent;
    row.features.slice(0, L).forEach((feats, i) => {
      out.tokenMask[r * L + i] = 1;
      const scale = 1 / Math.sqrt(Math.max(feats.length, 1));
      for (let k = 0; k < Math.min(F, feats.length); k++) {
        out.ids[(r * L + i) * F + k] = feats[k] ?? 0;
        out.weights[(r * L + i) * F + k] = scale;
      }
      const tag = row.tags[i] ?? -1;
      if (tag >= 0) {
        out.tagIds[r * L + i] = tag;
        out.tagMask[r * L + i] = 1;
      }
    });
  });
  return out;
}

/** The joint loss of a batch: intent cross-entropy plus the masked tag cross-entropy. */
function batchLoss(w: Weights, batch: Batch, shape: NeuralShape): tf.Scalar {
  const { b, L, F } = batch;
  const { dim, hidden } = shape;
  return tf.tidy(() => {
    const gathered = tf.gather(w.embedding, tf.tensor1d(batch.ids, 'int32')).reshape([b, L, F, dim]);
    const x = gathered.mul(tf.tensor3d(batch.weights, [b, L, F]).expandDims(3)).sum(2) as tf.Tensor3D;
    const left = tf.pad(x.slice([0, 0, 0], [b, L - 1, dim]), [
      [0, 0],
      [1, 0],
      [0, 0],
    ]);
    const right = tf.pad(x.slice([0, 1, 0], [b, L - 1, dim]), [
      [0, 0],
      [0, 1],
      [0, 0],
    ]);
    const window = tf.concat([left, x, right], 2).reshape([b * L, 3 * dim]);
    const mask = tf.tensor2d(batch.tokenMask, [b * L, 1]);
    const h = tf.relu(tf.matMul(window, w.w1).add(w.b1)).mul(mask);
    const tagLogits = tf.matMul(h, w.wTag).add(w.bTag);
    const tagLoss = tf.losses.softmaxCrossEntropy(
      tf.oneHot(tf.tensor1d(batch.tagIds, 'int32'), TAGS.length),
      tagLogits,
      tf.tensor1d(batch.tagMask),
    );
    const h3 = h.reshape([b, L, hidden]);
    const counts = tf.tensor2d(batch.tokenMask, [b, L]).sum(1, true).maximum(1);
    const pooled = tf.concat([h3.max(1), h3.sum(1).div(counts)], 1);
    const intentLogits = tf.matMul(pooled, w.wIntent).add(w.bIntent);
    const intentLoss = tf.losses.softmaxCrossEntropy(
      tf.oneHot(tf.tensor1d(batch.intentIds, 'int32'), INTENTS.length),
      intentLogits,
    );
    return intentLoss.add(tagLoss) as tf.Scalar;
  });
}

/** The trained weights as a saved model (rounded to five decimals), disposing of the variables. */
async function savedModel(w: Weights, shape: NeuralShape): Promise<NeuralModel> {
  const read = async (v: tf.Variable) => Array.from(await v.data(), (x) => Math.round(x * 1e5) / 1e5);
  const model: NeuralModel = {
    shape,
    intents: [...INTENTS],
    tags: [...TAGS],
    embedding: await read(w.embedding),
    w1: await read(w.w1),
    b1: await read(w.b1),
    wTag: await read(w.wTag),
    bTag: await read(w.bTag),
    wIntent: await read(w.wIntent),
    bIntent: await read(w.bIntent),
  };
  for (const v of Object.values(w)) v.dispose();
  return model;
}

/**
 * Trains the model (about 10-20 seconds for the bundled data on the wasm backend).
 * @example
 * const model = await trainNeural(loadExamples('data/nlu'), new SpellingCorrector());
 */
export async function trainNeural(
  examples: readonly Example[],
  corrector: SpellingCorrector,
  options: NeuralTrainOptions = {},
): Promise<NeuralModel> {
  await initBackend();
  const shape = options.shape ?? DEFAULT_SHAPE;
  const random = seededRandom(options.seed ?? 11);
  const rows = rowsOf(examples, corrector, options, random);
  const weights = initWeights(shape, options.seed ?? 11);
  const optimizer = tf.train.adam(options.learningRate ?? 0.01);
  const batchSize = options.batchSize ?? 64;
  const epochs = options.epochs ?? 6;
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(rows, random);
    let total = 0;
    for (let start = 0; start < rows.length; start += batchSize) {
      const batch = packBatch(rows.slice(start, start + batchSize), shape);
      const loss = optimizer.minimize(() => batchLoss(weights, batch, shape), true);
      if (!loss) continue;
      total += ((await loss.data())[0] ?? 0) * batch.b;
      loss.dispose();
    }
    options.progress?.(`nlu model epoch ${epoch + 1}/${epochs}: loss ${(total / rows.length).toFixed(4)}`);
  }
  const model = await savedModel(weights, shape);
  optimizer.dispose();
  return model;
}
