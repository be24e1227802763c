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
      const cleanWords = tags.filter((_, i) => clean.tokens[i]!.kind !== 'sym');
      let w = 0;
      const variantTags = variant.tokens.map((t) => (t.kind === 'sym' ? 0 : aligned ? cleanWords[w++]! : -1));
      rows.push({ features: tokenFeatures(variant, shape), tags: variantTags, intent });
    }
  }
  return rows;
}

function shuffle<T>(list: T[], random: Random): void {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
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
  const { buckets, dim, hidden, maxTokens, maxFeatures } = shape;
  const random = seededRandom(options.seed ?? 11);
  const rows = rowsOf(examples, corrector, options, random);
  const T = TAGS.length;
  const I = INTENTS.length;
  const init = (shapeOf: number[], scale: number) =>
    tf.variable(tf.randomNormal(shapeOf, 0, scale, 'float32', options.seed ?? 11));
  const embedding = init([buckets, dim], 0.1);
  const w1 = init([3 * dim, hidden], Math.sqrt(2 / (3 * dim)));
  const b1 = tf.variable(tf.zeros([hidden]));
  const wTag = init([hidden, T], Math.sqrt(1 / hidden));
  const bTag = tf.variable(tf.zeros([T]));
  const wIntent = init([2 * hidden, I], Math.sqrt(1 / (2 * hidden)));
  const bIntent = tf.variable(tf.zeros([I]));
  const optimizer = tf.train.adam(options.learningRate ?? 0.01);
  const batchSize = options.batchSize ?? 64;
  const epochs = options.epochs ?? 6;
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(rows, random);
    let total = 0;
    for (let start = 0; start < rows.length; start += batchSize) {
      const batch = rows.slice(start, start + batchSize);
      const b = batch.length;
      const L = Math.min(maxTokens, Math.max(1, ...batch.map((r) => r.features.length)));
      const F = Math.min(maxFeatures, Math.max(1, ...batch.flatMap((r) => r.features.map((f) => f.length))));
      const ids = new Int32Array(b * L * F);
      const weights = new Float32Array(b * L * F);
      const tokenMask = new Float32Array(b * L);
      const tagIds = new Int32Array(b * L);
      const tagMask = new Float32Array(b * L);
      const intentIds = new Int32Array(b);
      batch.forEach((row, r) => {
        intentIds[r] = row.intent;
        row.features.slice(0, L).forEach((feats, i) => {
          tokenMask[r * L + i] = 1;
          const scale = 1 / Math.sqrt(Math.max(feats.length, 1));
          for (let k = 0; k < Math.min(F, feats.length); k++) {
            ids[(r * L + i) * F + k] = feats[k]!;
            weights[(r * L + i) * F + k] = scale;
          }
          const tag = row.tags[i] ?? -1;
          if (tag >= 0) {
            tagIds[r * L + i] = tag;
            tagMask[r * L + i] = 1;
          }
        });
      });
      const loss = optimizer.minimize(
        () =>
          tf.tidy(() => {
            const gathered = tf.gather(embedding, tf.tensor1d(ids, 'int32')).reshape([b, L, F, dim]);
            const x = gathered.mul(tf.tensor3d(weights, [b, L, F]).expandDims(3)).sum(2) as tf.Tensor3D;
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
            const mask = tf.tensor2d(tokenMask, [b * L, 1]);
            const h = tf.relu(tf.matMul(window, w1).add(b1)).mul(mask);
            const tagLogits = tf.matMul(h, wTag).add(bTag);
            const tagLoss = tf.losses.softmaxCrossEntropy(
              tf.oneHot(tf.tensor1d(tagIds, 'int32'), T),
              tagLogits,
              tf.tensor1d(tagMask),
            );
            const h3 = h.reshape([b, L, hidden]);
            const counts = tf.tensor2d(tokenMask, [b, L]).sum(1, true).maximum(1);
            const pooled = tf.concat([h3.max(1), h3.sum(1).div(counts)], 1);
            const intentLogits = tf.matMul(pooled, wIntent).add(bIntent);
            const intentLoss = tf.losses.softmaxCrossEntropy(
              tf.oneHot(tf.tensor1d(intentIds, 'int32'), I),
              intentLogits,
            );
            return intentLoss.add(tagLoss) as tf.Scalar;
          }),
        true,
      );
      total += (await loss!.data())[0]! * b;
      loss!.dispose();
    }
    options.progress?.(`nlu model epoch ${epoch + 1}/${epochs}: loss ${(total / rows.length).toFixed(4)}`);
  }
  const read = async (v: tf.Variable) => Array.from(await v.data(), (x) => Math.round(x * 1e5) / 1e5);
  const model: NeuralModel = {
    shape,
    intents: [...INTENTS],
    tags: [...TAGS],
    embedding: await read(embedding),
    w1: await read(w1),
    b1: await read(b1),
    wTag: await read(wTag),
    bTag: await read(bTag),
    wIntent: await read(wIntent),
    bIntent: await read(bIntent),
  };
  for (const v of [embedding, w1, b1, wTag, bTag, wIntent, bIntent]) v.dispose();
  optimizer.dispose();
  return model;
}
