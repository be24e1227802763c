/**
 * Co-purchase statistics over baskets: how often two attribute values (or two articles) are bought together by the
 * same customer on the same day, compared with chance. The basis of the learned compatibility score.
 */

/** Integer-coded attributes of a set of entities (articles), one column per field. */
export interface CodedFields {
  names: readonly string[];
  /** `columns[f][i]`: code of field f for entity i; -1 = unknown. */
  columns: readonly Int32Array[];
  /** Number of distinct codes per field. */
  cardinality: readonly number[];
}

/** Observed/expected co-occurrence of code pairs for one field. */
export interface PairTable {
  /** `(u * cardinality + v)` → pair count (symmetric, both orders stored). */
  pairs: Map<number, number>;
  marginals: Float64Array;
  total: number;
  cardinality: number;
}

/** Smoothing of the pointwise mutual information: pseudo-count added to observed and expected counts. */
export const PMI_SMOOTHING = 2;

/**
 * Counts, for every field, the code pairs of distinct entities bought together (each ordered pair once).
 * Baskets of one entity add nothing.
 * @example
 * const tables = countPairs([[0, 1]], fields); // tables[f].pairs has (code0,code1) and (code1,code0)
 */
export function countPairs(baskets: readonly (readonly number[])[], fields: CodedFields): PairTable[] {
  return fields.columns.map((column, f) => {
    const cardinality = fields.cardinality[f];
    if (cardinality === undefined) throw new Error(`field ${fields.names[f]} has no cardinality`);
    const pairs = new Map<number, number>();
    const marginals = new Float64Array(cardinality);
    let total = 0;
    for (const basket of baskets) {
      if (basket.length < 2) continue;
      // baskets hold row indices of the columns; a missing code would be skipped like an unknown one (-1)
      for (const a of basket) {
        const u = column[a] ?? -1;
        if (u < 0) continue;
        for (const b of basket) {
          if (a === b) continue;
          const v = column[b] ?? -1;
          if (v < 0) continue;
          const key = u * cardinality + v;
          pairs.set(key, (pairs.get(key) ?? 0) + 1);
          marginals[u] = (marginals[u] ?? 0) + 1;
          total += 1;
        }
      }
    }
    return { pairs, marginals, total, cardinality };
  });
}

/**
 * Smoothed pointwise mutual information of two codes: log((observed + s) / (expected + s)).
 * Zero when nothing is known; negative when a pair is expected but rarely seen.
 * @example
 * pmi(table, 3, 7); // > 0 when 3 and 7 are bought together more than chance
 */
export function pmi(table: PairTable, u: number, v: number): number {
  if (u < 0 || v < 0 || table.total === 0) return 0;
  const observed = table.pairs.get(u * table.cardinality + v) ?? 0;
  // codes are below the table's cardinality, so both marginals exist
  const expected = ((table.marginals[u] ?? 0) * (table.marginals[v] ?? 0)) / table.total;
  return Math.log((observed + PMI_SMOOTHING) / (expected + PMI_SMOOTHING));
}

/** Co-purchase counts of entity pairs (symmetric), keyed `a * n + b`. */
export function countEntityPairs(baskets: readonly (readonly number[])[], n: number): Map<number, number> {
  const pairs = new Map<number, number>();
  for (const basket of baskets) {
    for (const a of basket) {
      for (const b of basket) {
        if (a === b) continue;
        const key = a * n + b;
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
      }
    }
  }
  return pairs;
}
