/**
 * The learned joint intent + slot-tag model (in the spirit of Rasa's DIET): every token is a bag of hashed features —
 * character n-grams of the word as typed and as spelling-corrected, the word itself, Chinese characters, and the
 * lexicon kinds of the phrase it belongs to (lexicons are features here, not the decision) — summed into an
 * embedding; a window of three tokens goes through one ReLU layer; each token state predicts its slot tag, and the
 * max- and mean-pooled states predict the intent. `neural-train.ts` trains it with TensorFlow.js; serving runs this
 * module's plain TypeScript forward pass (no TensorFlow.js at parse time, so a parse stays in microseconds).
 */
import type { Extraction } from './slots.ts';

/** Slot tags a token can carry (`O`: none). Budget amounts and currencies share `budget`. */
export const TAGS = [
  'O',
  'category',
  'exclude_category',
  'color',
  'exclude_color',
  'material',
  'exclude_material',
  'pattern',
  'occasion',
  'style',
  'exclude_style',
  'season',
  'weather',
  'gender',
  'budget',
  'size',
  'recipient',
  'coverage',
  'fit',
  'length',
  'owned',
  'reference',
] as const;

/** One slot tag. */
export type Tag = (typeof TAGS)[number];

const TAG_OF_SLOT: Readonly<Record<string, Tag>> = {
  budget_max: 'budget',
  budget_min: 'budget',
  currency: 'budget',
  temperature: 'weather',
};

/** The tag a span of slot `slot` gives its tokens, if tagged at all. */
export function tagOfSlot(slot: string): Tag | undefined {
  const tag = TAG_OF_SLOT[slot] ?? slot;
  return (TAGS as readonly string[]).includes(tag) ? (tag as Tag) : undefined;
}

/** Sizes of the model (saved with it). */
export interface NeuralShape {
  buckets: number;
  dim: number;
  hidden: number;
  maxTokens: number;
  maxFeatures: number;
}

/** Default sizes: small enough for tens of thousands of parses per second, large enough for char n-grams. */
export const DEFAULT_SHAPE: NeuralShape = { buckets: 1 << 14, dim: 32, hidden: 64, maxTokens: 32, maxFeatures: 24 };

/** The trained weights, row-major, as saved in `model.json`. */
export interface NeuralModel {
  shape: NeuralShape;
  intents: string[];
  tags: string[];
  embedding: number[];
  w1: number[];
  b1: number[];
  wTag: number[];
  bTag: number[];
  wIntent: number[];
  bIntent: number[];
}

/** FNV-1a hash of a feature string into `buckets` (a power of two). Bucket 0 is reserved for padding. */
function bucketOf(feature: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < feature.length; i++) {
    h ^= feature.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return 1 + ((h >>> 0) % (buckets - 1));
}

const featureCache = new Map<string, Int32Array>();

/** Character n-grams (2 to 4) of a word with boundary marks. */
function charGrams(word: string, out: string[]): void {
  const w = `<${word}>`;
  for (let n = 2; n <= 4; n++) for (let i = 0; i + n <= w.length; i++) out.push(`c:${w.slice(i, i + n)}`);
}

function tokenFeatureStrings(norm: string, form: string, kind: string): string[] {
  const out: string[] = [`w:${norm}`];
  if (kind === 'word') {
    charGrams(norm, out);
    if (form !== norm) {
      out.push(`w:${form}`);
      out.push(`cf:${form.slice(0, 3)}`);
    }
  } else if (kind === 'cjk') {
    for (const ch of norm) out.push(`z:${ch}`);
  } else if (kind === 'num') {
    out.push(`num:${Math.min(norm.length, 4)}`);
  }
  return out;
}

/**
 * The hashed feature ids of every token of an extraction (at most `maxTokens` tokens, `maxFeatures` ids each).
 * @example
 * tokenFeatures(extractSlots('no blak jeans', corrector), DEFAULT_SHAPE).length; // 3
 */
export function tokenFeatures(extraction: Extraction, shape: NeuralShape): Int32Array[] {
  const { tokens, forms, spans } = extraction;
  const lexKinds = new Map<number, string[]>();
  for (const span of spans) {
    tokens.forEach((t, i) => {
      if (t.start >= span.start && t.end <= span.end) {
        const list = lexKinds.get(i) ?? [];
        list.push(`lex:${span.slot}`);
        lexKinds.set(i, list);
      }
    });
  }
  const out: Int32Array[] = [];
  for (const [i, t] of tokens.entries()) {
    if (out.length >= shape.maxTokens) break;
    const form = forms[i] ?? t.norm;
    const key = `${t.kind}\u0000${t.norm}\u0000${form}`;
    let base = featureCache.get(key);
    if (!base) {
      base = Int32Array.from(tokenFeatureStrings(t.norm, form, t.kind).map((f) => bucketOf(f, shape.buckets)));
      if (featureCache.size > 200_000) featureCache.clear();
      featureCache.set(key, base);
    }
    const extra = lexKinds.get(i);
    const ids = new Int32Array(Math.min(shape.maxFeatures, base.length + (extra?.length ?? 0)));
    const fromExtra = Math.min(extra?.length ?? 0, ids.length);
    extra?.slice(0, fromExtra).forEach((kind, k) => {
      ids[k] = bucketOf(kind, shape.buckets);
    });
    ids.set(base.subarray(0, ids.length - fromExtra), fromExtra);
    out.push(ids);
  }
  return out;
}

/** What the forward pass returns: intent probabilities and, per token, tag probabilities. */
export interface NeuralOutput {
  intents: Float64Array;
  /** `tags[i][t]`: probability of tag t for token i. */
  tags: Float64Array[];
}

function softmaxInPlace(v: Float64Array): Float64Array {
  let max = -Infinity;
  for (const x of v) if (x > max) max = x;
  let sum = 0;
  // Every index read below is within the array, so `?? 0` never applies.
  for (let i = 0; i < v.length; i++) {
    const e = Math.exp((v[i] ?? 0) - max);
    v[i] = e;
    sum += e;
  }
  for (let i = 0; i < v.length; i++) v[i] = (v[i] ?? 0) / sum;
  return v;
}

/** A loaded model with its weights in typed arrays. */
export class NeuralTagger {
  readonly shape: NeuralShape;
  readonly intents: readonly string[];
  readonly tags: readonly string[];
  private readonly embedding: Float32Array;
  private readonly w1: Float32Array;
  private readonly b1: Float32Array;
  private readonly wTag: Float32Array;
  private readonly bTag: Float32Array;
  private readonly wIntent: Float32Array;
  private readonly bIntent: Float32Array;

  constructor(model: NeuralModel) {
    const { buckets, dim, hidden } = model.shape;
    const expect = (name: string, got: number, want: number) => {
      if (got !== want) throw new Error(`NeuralTagger: ${name} has ${got} weights, expected ${want}`);
    };
    expect('embedding', model.embedding.length, buckets * dim);
    expect('w1', model.w1.length, 3 * dim * hidden);
    expect('wTag', model.wTag.length, hidden * model.tags.length);
    expect('wIntent', model.wIntent.length, 2 * hidden * model.intents.length);
    this.shape = model.shape;
    this.intents = model.intents;
    this.tags = model.tags;
    this.embedding = Float32Array.from(model.embedding);
    this.w1 = Float32Array.from(model.w1);
    this.b1 = Float32Array.from(model.b1);
    this.wTag = Float32Array.from(model.wTag);
    this.bTag = Float32Array.from(model.bTag);
    this.wIntent = Float32Array.from(model.wIntent);
    this.bIntent = Float32Array.from(model.bIntent);
  }

  /** The forward pass over one utterance's token features (the same computation as the training graph). */
  run(features: readonly Int32Array[]): NeuralOutput {
    const { dim, hidden } = this.shape;
    const n = features.length;
    const x = new Float64Array(Math.max(n, 1) * dim);
    // The constructor checked every weight array's length against the shape, and bucket ids are below
    // shape.buckets: every typed-array read in this pass is in range, so its `?? 0` never applies.
    for (const [i, ids] of features.entries()) {
      const scale = 1 / Math.sqrt(Math.max(ids.length, 1));
      for (const id of ids) {
        const base = id * dim;
        for (let d = 0; d < dim; d++) x[i * dim + d] = (x[i * dim + d] ?? 0) + (this.embedding[base + d] ?? 0) * scale;
      }
    }
    const h = new Float64Array(Math.max(n, 1) * hidden);
    for (let i = 0; i < n; i++) {
      const row = h.subarray(i * hidden, (i + 1) * hidden);
      for (let k = 0; k < hidden; k++) row[k] = this.b1[k] ?? 0;
      for (let part = 0; part < 3; part++) {
        const j = i + part - 1;
        if (j < 0 || j >= n) continue;
        for (let d = 0; d < dim; d++) {
          const v = x[j * dim + d] ?? 0;
          if (v === 0) continue;
          const base = (part * dim + d) * hidden;
          for (let k = 0; k < hidden; k++) row[k] = (row[k] ?? 0) + v * (this.w1[base + k] ?? 0);
        }
      }
      for (let k = 0; k < hidden; k++) if ((row[k] ?? 0) < 0) row[k] = 0;
    }
    const tagCount = this.tags.length;
    const tags: Float64Array[] = [];
    const pooled = new Float64Array(2 * hidden);
    for (let i = 0; i < n; i++) {
      const logits = Float64Array.from(this.bTag);
      for (let k = 0; k < hidden; k++) {
        const v = h[i * hidden + k] ?? 0;
        if (v === 0) continue;
        if (v > (pooled[k] ?? 0)) pooled[k] = v;
        pooled[hidden + k] = (pooled[hidden + k] ?? 0) + v / n;
        for (let t = 0; t < tagCount; t++) logits[t] = (logits[t] ?? 0) + v * (this.wTag[k * tagCount + t] ?? 0);
      }
      tags.push(softmaxInPlace(logits));
    }
    const intentCount = this.intents.length;
    const intents = Float64Array.from(this.bIntent);
    for (let k = 0; k < 2 * hidden; k++) {
      const v = pooled[k] ?? 0;
      if (v === 0) continue;
      for (let c = 0; c < intentCount; c++)
        intents[c] = (intents[c] ?? 0) + v * (this.wIntent[k * intentCount + c] ?? 0);
    }
    return { intents: softmaxInPlace(intents), tags };
  }
}
