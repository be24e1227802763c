/**
 * Saving and loading the compatibility model in the data home (`<home>/outfits/`): `compatibility.json` holds the
 * metadata, rankers, dictionaries and attribute tables; `compatibility.bin` the large typed arrays.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CompatibilityParts, HmArticleTable } from './compatibility.ts';
import type { PairTable } from './costats.ts';
import type { FeatureSpace } from './features.ts';
import { PackedPairCounts } from './pair-counts.ts';
import type { LinearRanker } from './ranker.ts';

/** Format version of the files; a mismatch means "retrain". */
export const ARTIFACT_FORMAT = 1;

/** Directory of the compatibility artifacts inside the data home. */
export function outfitsHome(home: string): string {
  return path.join(home, 'outfits');
}

interface StoredTable {
  cardinality: number;
  total: number;
  marginals: number[];
  /** Flattened `[key, count, key, count …]`. */
  pairs: number[];
}

interface StoredSpace {
  fields: string[];
  tables: (StoredTable | null)[];
  itemCount: number;
  /** Name of the binary array with the item pairs, when any. */
  itemPairs?: string;
}

interface StoredTier {
  space: StoredSpace;
  ranker: LinearRanker;
}

interface StoredModel {
  format: number;
  meta: CompatibilityParts['meta'];
  hm?: StoredTier & { articleIds: string[] };
  attributes?: StoredTier & { dictionaries: string[][] };
  arrays: { name: string; type: 'i32' | 'f32'; offset: number; length: number }[];
}

function storeTable(table: PairTable | undefined): StoredTable | null {
  if (!table) return null;
  const pairs: number[] = [];
  for (const [key, count] of table.pairs) pairs.push(key, count);
  return { cardinality: table.cardinality, total: table.total, marginals: [...table.marginals], pairs };
}

function loadTable(stored: StoredTable | null): PairTable | undefined {
  if (!stored) return undefined;
  const pairs = new Map<number, number>();
  for (let k = 0; k < stored.pairs.length; k += 2) {
    const key = stored.pairs[k];
    const count = stored.pairs[k + 1];
    if (key === undefined || count === undefined) throw new Error('stored pair table has an odd number of entries');
    pairs.set(key, count);
  }
  return {
    cardinality: stored.cardinality,
    total: stored.total,
    marginals: Float64Array.from(stored.marginals),
    pairs,
  };
}

/**
 * Writes the model to `<home>/outfits/` (atomically: temporary files, then rename).
 * @example
 * saveCompatibility(config.home, model.parts);
 */
export function saveCompatibility(home: string, parts: CompatibilityParts): string {
  const dir = outfitsHome(home);
  mkdirSync(dir, { recursive: true });
  const arrays: StoredModel['arrays'] = [];
  const buffers: Buffer[] = [];
  let offset = 0;
  const addArray = (name: string, data: Int32Array | Float32Array) => {
    const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    arrays.push({ name, type: data instanceof Int32Array ? 'i32' : 'f32', offset, length: data.length });
    buffers.push(buffer);
    offset += buffer.byteLength;
  };
  const storeSpace = (prefix: string, space: FeatureSpace): StoredSpace => {
    let itemPairs: string | undefined;
    if (space.itemPairs) {
      itemPairs = `${prefix}.itemPairs`;
      const flat = new Int32Array(space.itemPairs.size * 3);
      let k = 0;
      for (const [key, count] of space.itemPairs) {
        flat[k++] = Math.floor(key / space.itemCount);
        flat[k++] = key % space.itemCount;
        flat[k++] = count;
      }
      addArray(itemPairs, flat);
    }
    return { fields: [...space.fields], tables: space.tables.map(storeTable), itemCount: space.itemCount, itemPairs };
  };
  const stored: StoredModel = { format: ARTIFACT_FORMAT, meta: parts.meta, arrays };
  if (parts.hm) {
    const { articles } = parts.hm;
    articles.columns.forEach((column, f) => {
      addArray(`hm.column.${f}`, column);
    });
    addArray('hm.logPrice', articles.logPrice);
    addArray('hm.purchases', articles.purchases);
    stored.hm = { space: storeSpace('hm', parts.hm.space), ranker: parts.hm.ranker, articleIds: articles.ids };
  }
  if (parts.attributes) {
    stored.attributes = {
      space: storeSpace('attributes', parts.attributes.space),
      ranker: parts.attributes.ranker,
      dictionaries: parts.attributes.dictionaries.map((d) => [...d.keys()]),
    };
  }
  const json = path.join(dir, 'compatibility.json');
  const bin = path.join(dir, 'compatibility.bin');
  writeFileSync(`${bin}.tmp`, Buffer.concat(buffers));
  writeFileSync(`${json}.tmp`, JSON.stringify(stored));
  renameSync(`${bin}.tmp`, bin);
  renameSync(`${json}.tmp`, json);
  return dir;
}

/**
 * Reads the model from `<home>/outfits/`, or undefined when there is none. Throws on a damaged or outdated file.
 * @example
 * const parts = loadCompatibilityParts(config.home);
 */
export function loadCompatibilityParts(home: string): CompatibilityParts | undefined {
  const dir = outfitsHome(home);
  const json = path.join(dir, 'compatibility.json');
  const bin = path.join(dir, 'compatibility.bin');
  if (!existsSync(json) || !existsSync(bin)) return undefined;
  let stored: StoredModel;
  try {
    stored = JSON.parse(readFileSync(json, 'utf8')) as StoredModel;
  } catch (error) {
    throw new Error(`cannot read ${json}: ${(error as Error).message}`);
  }
  if (stored.format !== ARTIFACT_FORMAT) {
    throw new Error(`${json} has format ${stored.format}, expected ${ARTIFACT_FORMAT}: retrain the outfit model`);
  }
  const buffer = readFileSync(bin);
  const array = (name: string) => {
    const entry = stored.arrays.find((a) => a.name === name);
    if (!entry) throw new Error(`${bin}: missing array ${name}`);
    const bytes = buffer.subarray(entry.offset, entry.offset + entry.length * 4);
    if (bytes.byteLength !== entry.length * 4) throw new Error(`${bin}: array ${name} is truncated`);
    const copy = new Uint8Array(bytes).buffer;
    return entry.type === 'i32' ? new Int32Array(copy) : new Float32Array(copy);
  };
  const loadSpace = (space: StoredSpace): FeatureSpace => {
    const itemPairs = space.itemPairs
      ? PackedPairCounts.fromTriples(array(space.itemPairs) as Int32Array, space.itemCount)
      : undefined;
    return { fields: space.fields, tables: space.tables.map(loadTable), itemCount: space.itemCount, itemPairs };
  };
  const parts: CompatibilityParts = { meta: stored.meta };
  if (stored.hm) {
    const ids = stored.hm.articleIds;
    const articles: HmArticleTable = {
      ids,
      index: new Map(ids.map((id, i) => [id, i])),
      columns: stored.hm.space.fields.map((_, f) => array(`hm.column.${f}`) as Int32Array),
      logPrice: array('hm.logPrice') as Float32Array,
      purchases: array('hm.purchases') as Float32Array,
    };
    parts.hm = { space: loadSpace(stored.hm.space), ranker: stored.hm.ranker, articles };
  }
  if (stored.attributes) {
    parts.attributes = {
      space: loadSpace(stored.attributes.space),
      ranker: stored.attributes.ranker,
      dictionaries: stored.attributes.dictionaries.map((values) => new Map(values.map((v, i) => [v, i]))),
    };
  }
  return parts;
}
