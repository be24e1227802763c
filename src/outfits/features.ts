/**
 * Features of "candidate item vs. the other pieces": for every attribute field, the mean and max co-purchase PMI
 * and the share of pieces with the same value; item-level co-purchase counts; price distance; popularity.
 */
import { type PairTable, pmi } from './costats.ts';
import type { PairCounts } from './pair-counts.ts';

/** One item as the compatibility model sees it. */
export interface Entity {
  /** Code per field of the feature space (-1 unknown). */
  codes: Int32Array;
  /** Index in the item-pair table, or -1. */
  article: number;
  /** log(price), NaN when unknown. */
  logPrice: number;
  popularity: number;
}

/** The statistics features are computed from. */
export interface FeatureSpace {
  fields: readonly string[];
  /** Fields whose code pairs have a PMI table (others only give "same value" features). */
  tables: readonly (PairTable | undefined)[];
  /** Co-purchase counts of item pairs keyed `a * itemCount + b`, when item-level data exists. */
  itemPairs?: PairCounts;
  itemCount: number;
}

/** Names of the features, in vector order. */
export function featureNames(space: FeatureSpace): string[] {
  const names: string[] = [];
  space.fields.forEach((field, f) => {
    if (space.tables[f]) names.push(`pmi_mean:${field}`, `pmi_max:${field}`);
    names.push(`same:${field}`);
  });
  if (space.itemPairs) names.push('item_pairs_max', 'item_pairs_mean');
  names.push('price_gap', 'price_unknown', 'popularity');
  return names;
}

/**
 * Feature vector of `candidate` against `context` (the other pieces). An empty context gives zeros except popularity.
 * @example
 * features(space, shoe, [shirt, jeans]); // Float64Array(featureNames(space).length)
 */
export function features(space: FeatureSpace, candidate: Entity, context: readonly Entity[]): Float64Array {
  const out = new Float64Array(featureNames(space).length);
  const n = context.length;
  let k = 0;
  // entities have one code per field of the space; a missing one would read as unknown (-1)
  for (let f = 0; f < space.fields.length; f++) {
    const u = candidate.codes[f] ?? -1;
    const table = space.tables[f];
    let sum = 0;
    let max = n > 0 ? -Infinity : 0;
    let same = 0;
    for (const other of context) {
      const v = other.codes[f] ?? -1;
      if (table) {
        const value = pmi(table, u, v);
        sum += value;
        if (value > max) max = value;
      }
      if (u >= 0 && u === v) same++;
    }
    if (table) {
      out[k++] = n > 0 ? sum / n : 0;
      out[k++] = max;
    }
    out[k++] = n > 0 ? same / n : 0;
  }
  if (space.itemPairs) {
    let max = 0;
    let sum = 0;
    if (candidate.article >= 0) {
      for (const other of context) {
        if (other.article < 0) continue;
        const value = Math.log1p(space.itemPairs.get(candidate.article * space.itemCount + other.article) ?? 0);
        sum += value;
        if (value > max) max = value;
      }
    }
    out[k++] = max;
    out[k++] = n > 0 ? sum / n : 0;
  }
  let gap = Infinity;
  if (!Number.isNaN(candidate.logPrice)) {
    for (const other of context) {
      if (!Number.isNaN(other.logPrice)) gap = Math.min(gap, Math.abs(candidate.logPrice - other.logPrice));
    }
  }
  out[k++] = Number.isFinite(gap) ? gap : 0;
  out[k++] = Number.isFinite(gap) ? 0 : 1;
  out[k++] = Math.log1p(candidate.popularity);
  return out;
}
