/**
 * The hybrid model's artifacts in `<FASHION_HOME>/recommender/`: `model.json` (weights manifest) + `weights.bin`,
 * `item-vectors.bin` (a vector per H&M article), `item-stats.bin` + `stats.json` (what the ranker's features read
 * about each article after the last training day), `vocab.json`, `copurchase.json` (neighbours per sold article,
 * with score and count) and `metadata.json` (written last: its appearance or change is what serving watches).
 */
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FEATURES } from './candidates.ts';
import type { EmbeddingVocab, EmbeddingWeights } from './embedding.ts';
import { FEEDBACK_FEATURES } from './feedback.ts';
import { type HybridData, snapshotOf } from './hybrid-data.ts';
import type { HybridModel, HybridOptions } from './pipeline.ts';
import type { RankerWeights } from './ranker.ts';
import type { Snapshot } from './snapshot.ts';

/** Format tag of `model.json`. */
export const ARTIFACT_FORMAT = 'fashion-advisor-hybrid/2';
/** Co-purchase neighbours kept per article, by normalised score and (as many again) by raw count. */
export const NEIGHBOURS = 40;

/** Columns of `item-stats.bin` (one row per H&M article, float32). */
export const STAT_COLUMNS = [
  'popLastDay',
  'popLast3',
  'popAll',
  'recency',
  'repeatRate',
  'meanPrice',
  'onlineShare',
  'age',
  'type',
  'group',
  'department',
  'color',
  'typeRank',
] as const;

/** Per-article statistics after the last training day (H&M article order), for the ranker's features at serving. */
export interface ArticleStatsTable {
  /** Days of purchases behind the statistics. */
  days: number;
  columns: Record<(typeof STAT_COLUMNS)[number], Float32Array>;
  typeRepeat: number[];
  /** Best sellers of the last two days (article rows), best first. */
  popular: number[];
  /** Per product type id, its best sellers (article rows), best first. */
  popularByType: number[][];
  /** Product code per article row. */
  productCode: Int32Array;
}

/** `metadata.json` */
export interface ArtifactMetadata {
  format: string;
  createdAt: string;
  dataHash: string;
  trainedOn: string[];
  backend: string;
  seconds: number;
  options: HybridOptions;
  features: readonly string[];
  /** The feedback ranker's features, when the artifacts hold one. */
  feedbackFeatures?: readonly string[];
  validation: HybridModel['validation'];
  dim: number;
}

/** Everything serving needs, loaded. */
export interface Artifacts {
  metadata: ArtifactMetadata;
  vocab: EmbeddingVocab & { hmArticles: string[] };
  embedding: EmbeddingWeights;
  ranker: RankerWeights;
  /** The feedback ranker (👍, saves, "more like this" → next list), absent in artifacts trained without it. */
  feedback?: RankerWeights;
  /** `hmArticles.length` × dim */
  itemVectors: Float32Array;
  /** Article id → [neighbour id, score, count][], read from disk on each access */
  copurchase: Record<string, [string, number, number][]>;
  stats: ArticleStatsTable;
}

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

/** The tensors of a ranker saved under a name prefix. */
function rankerTensors(prefix: string, r: RankerWeights): [WeightSpec, Float32Array][] {
  return [
    [{ name: `${prefix}/mean`, shape: [r.inputs], dtype: 'float32' }, r.mean],
    [{ name: `${prefix}/std`, shape: [r.inputs], dtype: 'float32' }, r.std],
    [{ name: `${prefix}/dense1/kernel`, shape: [r.inputs, r.hidden], dtype: 'float32' }, r.w1],
    [{ name: `${prefix}/dense1/bias`, shape: [r.hidden], dtype: 'float32' }, r.b1],
    [{ name: `${prefix}/dense2/kernel`, shape: [r.hidden, 1], dtype: 'float32' }, r.w2],
    [{ name: `${prefix}/dense2/bias`, shape: [1], dtype: 'float32' }, Float32Array.of(r.b2)],
  ];
}

/** The artifact directory under a data home. */
export function artifactDir(home: string): string {
  return path.join(home, 'recommender');
}

function bytes(array: Float32Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/** Co-purchase neighbours of every sold article (by normalised score and by raw count), with score and count. */
function copurchaseTable(data: HybridData, last: Snapshot): Artifacts['copurchase'] {
  const ids = data.articles.ids;
  const recency = (a: number) => last.recency[a] ?? 0;
  const copurchase: Artifacts['copurchase'] = {};
  for (const history of last.histories.values()) {
    for (const p of history) {
      const id = ids[p.article];
      if (id === undefined || copurchase[id]) continue;
      const neighbours = last.co.neighboursOf(p.article);
      const byScore = [...neighbours].sort((a, b) => b[1] - a[1] || recency(b[0]) - recency(a[0]) || a[0] - b[0]);
      // the feedback ranker also reads the neighbours most customers bought together (raw counts)
      const byCount = [...neighbours].sort(
        (a, b) =>
          last.co.count(p.article, b[0]) - last.co.count(p.article, a[0]) ||
          recency(b[0]) - recency(a[0]) ||
          a[0] - b[0],
      );
      const kept = new Map([...byScore.slice(0, NEIGHBOURS), ...byCount.slice(0, NEIGHBOURS)]);
      copurchase[id] = [...kept].map(([b, s]) => [
        ids[b] ?? '',
        Math.round(s * 1e4) / 1e4,
        last.co.count(p.article, b),
      ]);
    }
  }
  return copurchase;
}

/** The `item-stats.bin` table: the `STAT_COLUMNS` of every article, column after column. */
function statsTable(last: Snapshot, n: number): Float32Array {
  const columns: Record<(typeof STAT_COLUMNS)[number], ArrayLike<number>> = {
    popLastDay: last.popLastDay,
    popLast3: last.popLast3,
    popAll: last.popAll,
    recency: last.recency,
    repeatRate: last.repeatRate,
    meanPrice: last.meanPrice,
    onlineShare: last.onlineShare,
    age: last.age,
    type: last.type,
    group: last.group,
    department: last.department,
    color: last.color,
    typeRank: last.typeRank,
  };
  const table = new Float32Array(n * STAT_COLUMNS.length);
  STAT_COLUMNS.forEach((name, c) => {
    const column = columns[name];
    for (let a = 0; a < n; a++) table[c * n + a] = column[a] ?? 0;
  });
  return table;
}

/** Writes a file of the artifact directory atomically (a temporary file, then a rename). */
function fileWriter(dir: string): (name: string, content: string | Buffer) => Promise<void> {
  return async (name, content) => {
    const file = path.join(dir, name);
    await writeFile(`${file}.tmp`, content);
    await rename(`${file}.tmp`, file);
  };
}

/**
 * Saves a fitted model (atomically per file; `metadata.json` last). Returns the directory.
 * @example
 * await saveArtifacts(home, data, model, { backend: 'wasm', seconds: 312, trainedOn: dates, createdAt: '2026-01-01T00:00:00Z' });
 */
export async function saveArtifacts(
  home: string,
  data: HybridData,
  model: HybridModel,
  run: { backend: string; seconds: number; trainedOn: string[]; createdAt: string },
): Promise<string> {
  const dir = artifactDir(home);
  await mkdir(dir, { recursive: true });
  const { embedding: e, ranker: r, vocab } = model;
  const tensors: [WeightSpec, Float32Array][] = [
    [{ name: 'item/token_embedding', shape: [vocab.tokens.length + 1, e.dim], dtype: 'float32' }, e.tokenTable],
    [{ name: 'item/id_embedding', shape: [vocab.articles.length + 1, e.dim], dtype: 'float32' }, e.idTable],
    ...rankerTensors('ranker', r),
    ...(model.feedback ? rankerTensors('feedback', model.feedback) : []),
  ];
  const write = fileWriter(dir);
  await write('weights.bin', Buffer.concat(tensors.map(([, a]) => bytes(a))));
  await write(
    'model.json',
    JSON.stringify({
      format: ARTIFACT_FORMAT,
      weightsManifest: [{ paths: ['weights.bin'], weights: tensors.map(([s]) => s) }],
    }),
  );
  await write('item-vectors.bin', bytes(model.vectors));
  await write('vocab.json', JSON.stringify({ ...vocab, hmArticles: data.articles.ids }));
  const last = snapshotOf(data, data.transactions.dates.length);
  await write('copurchase.json', JSON.stringify(copurchaseTable(data, last)));
  await write('item-stats.bin', bytes(statsTable(last, data.articles.ids.length)));
  await write(
    'stats.json',
    JSON.stringify({
      days: last.days,
      typeRepeat: Array.from(last.typeRepeat),
      popular: last.popular,
      popularByType: last.popularByType,
      productCode: Array.from(data.articles.productCode),
    }),
  );
  const metadata: ArtifactMetadata = {
    format: ARTIFACT_FORMAT,
    createdAt: run.createdAt,
    dataHash: data.hash,
    trainedOn: run.trainedOn,
    backend: run.backend,
    seconds: Math.round(run.seconds),
    options: model.options,
    features: FEATURES,
    ...(model.feedback ? { feedbackFeatures: FEEDBACK_FEATURES } : {}),
    validation: model.validation,
    dim: e.dim,
  };
  await write('metadata.json', JSON.stringify(metadata, null, 2));
  return dir;
}

/** A value computed on first use. */
function lazy<T>(load: () => T): () => T {
  let loaded: { value: T } | undefined;
  return () => {
    loaded ??= { value: load() };
    return loaded.value;
  };
}

/** Reads the files of an artifact directory, with errors that name the file. */
function directoryReader(dir: string) {
  return {
    json<T>(name: string): T {
      try {
        return JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as T;
      } catch (error) {
        throw new Error(`recommender artifacts: cannot read ${path.join(dir, name)}: ${(error as Error).message}`);
      }
    },
    floats(name: string): Float32Array {
      const buffer = readFileSync(path.join(dir, name));
      return new Float32Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength));
    },
  };
}

/** The tensors of `weights.bin` by name, as `model.json` describes them. */
function readTensors(read: ReturnType<typeof directoryReader>): Map<string, Float32Array> {
  const manifest = read.json<{ weightsManifest: { weights: WeightSpec[] }[] }>('model.json');
  const weights = read.floats('weights.bin');
  const tensors = new Map<string, Float32Array>();
  let at = 0;
  for (const spec of manifest.weightsManifest[0]?.weights ?? []) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    tensors.set(spec.name, weights.subarray(at, at + size));
    at += size;
  }
  if (at !== weights.length)
    throw new Error(`recommender artifacts: weights.bin has ${weights.length} floats, model.json describes ${at}`);
  return tensors;
}

/** A tensor the model must have. */
function required(tensors: ReadonlyMap<string, Float32Array>, name: string): Float32Array {
  const t = tensors.get(name);
  if (!t) throw new Error(`recommender artifacts: model.json lacks ${name}`);
  return t;
}

/** The ranker saved under a name prefix. */
function rankerOf(tensors: ReadonlyMap<string, Float32Array>, prefix: string): RankerWeights {
  const get = (name: string) => required(tensors, name);
  const mean = get(`${prefix}/mean`);
  const b1 = get(`${prefix}/dense1/bias`);
  return {
    inputs: mean.length,
    hidden: b1.length,
    mean,
    std: get(`${prefix}/std`),
    w1: get(`${prefix}/dense1/kernel`),
    b1,
    w2: get(`${prefix}/dense2/kernel`),
    b2: get(`${prefix}/dense2/bias`)[0] ?? 0,
  };
}

/** The statistics table of `item-stats.bin` and `stats.json`, checked against the vocabulary's article count. */
function readStats(read: ReturnType<typeof directoryReader>, n: number): ArticleStatsTable {
  const table = read.floats('item-stats.bin');
  if (table.length !== n * STAT_COLUMNS.length)
    throw new Error(`recommender artifacts: item-stats.bin does not match vocab.json (${n} articles)`);
  const small = read.json<Omit<ArticleStatsTable, 'columns' | 'productCode'> & { productCode: number[] }>('stats.json');
  const statColumns = {} as ArticleStatsTable['columns'];
  STAT_COLUMNS.forEach((name, c) => {
    statColumns[name] = table.subarray(c * n, (c + 1) * n);
  });
  return { ...small, columns: statColumns, productCode: Int32Array.from(small.productCode) };
}

/**
 * Loads the artifacts of a directory; throws an error naming the file that is missing or inconsistent. The large
 * parts (vocabulary, item vectors, statistics, co-purchase neighbours) are read when first used: a server whose
 * derived state is cached (`servingState`) never reads them.
 * @example
 * const artifacts = await loadArtifacts(artifactDir(config.home));
 */
export async function loadArtifacts(dir: string): Promise<Artifacts> {
  const read = directoryReader(dir);
  const metadata = read.json<ArtifactMetadata>('metadata.json');
  if (metadata.format !== ARTIFACT_FORMAT)
    throw new Error(`recommender artifacts: ${dir} has format ${metadata.format}, expected ${ARTIFACT_FORMAT}`);
  if (metadata.features.join() !== FEATURES.join())
    throw new Error(`recommender artifacts: ${dir} was trained on other ranking features; train the recommender again`);
  const tensors = readTensors(read);
  // a feedback ranker of other features (older artifacts) is left out: serving falls back to the plain ranker
  const feedback =
    tensors.has('feedback/mean') && metadata.feedbackFeatures?.join() === FEEDBACK_FEATURES.join()
      ? rankerOf(tensors, 'feedback')
      : undefined;
  const vocab = lazy(() => read.json<Artifacts['vocab']>('vocab.json'));
  const itemVectors = lazy(() => {
    const vectors = read.floats('item-vectors.bin');
    if (vectors.length !== vocab().hmArticles.length * metadata.dim) {
      throw new Error(
        `recommender artifacts: item-vectors.bin does not match vocab.json (${vocab().hmArticles.length} articles × ${metadata.dim})`,
      );
    }
    return vectors;
  });
  const stats = lazy(() => readStats(read, vocab().hmArticles.length));
  return {
    metadata,
    embedding: {
      dim: metadata.dim,
      tokenTable: required(tensors, 'item/token_embedding'),
      idTable: required(tensors, 'item/id_embedding'),
    },
    ranker: rankerOf(tensors, 'ranker'),
    feedback,
    get vocab() {
      return vocab();
    },
    get itemVectors() {
      return itemVectors();
    },
    // read again on each use rather than kept: its one reader (`servingStats`) packs it into typed arrays, and the
    // parsed JSON is the largest object of the artifacts
    get copurchase() {
      return read.json<Artifacts['copurchase']>('copurchase.json');
    },
    get stats() {
      return stats();
    },
  };
}
