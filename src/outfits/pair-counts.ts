/**
 * Co-purchase counts of item pairs, keyed `a * itemCount + b`. Training counts them in a `Map`; serving loads them
 * into `PackedPairCounts`: per item `a` its partners `b` sorted, and their counts, in flat arrays — about 10 MB
 * outside the heap where a million-entry map took ~37 MB of it and a heap number per key for the collector to walk.
 */

/** What the composer reads of pair counts (a `Map<number, number>` is one). */
export interface PairCounts {
  get(key: number): number | undefined;
  readonly size: number;
  [Symbol.iterator](): IterableIterator<[number, number]>;
}

/** Pair counts in flat arrays (rows by `a`, partners sorted within a row). */
export class PackedPairCounts implements PairCounts {
  private constructor(
    private readonly itemCount: number,
    private readonly offsets: Int32Array,
    private readonly partners: Int32Array,
    private readonly counts: Int32Array,
  ) {}

  /**
   * Packs `(a, b, count)` triples (in any order; one per pair).
   * @example
   * PackedPairCounts.fromTriples(Int32Array.of(0, 1, 5), 2).get(0 * 2 + 1); // 5
   */
  static fromTriples(triples: Int32Array, itemCount: number): PackedPairCounts {
    const n = triples.length / 3;
    // every index below is an item id < itemCount or a slot < n by construction: `?? 0` never applies
    const offsets = new Int32Array(itemCount + 1);
    for (let k = 0; k < triples.length; k += 3) {
      const row = (triples[k] ?? 0) + 1;
      offsets[row] = (offsets[row] ?? 0) + 1;
    }
    for (let a = 0; a < itemCount; a++) offsets[a + 1] = (offsets[a + 1] ?? 0) + (offsets[a] ?? 0);
    const fill = offsets.slice(0, itemCount);
    const partners = new Int32Array(n);
    const counts = new Int32Array(n);
    for (let k = 0; k < triples.length; k += 3) {
      const a = triples[k] ?? 0;
      const at = fill[a] ?? 0;
      fill[a] = at + 1;
      partners[at] = triples[k + 1] ?? 0;
      counts[at] = triples[k + 2] ?? 0;
    }
    for (let a = 0; a < itemCount; a++) sortRow(partners, counts, offsets[a] ?? 0, offsets[a + 1] ?? 0);
    return new PackedPairCounts(itemCount, offsets, partners, counts);
  }

  get size(): number {
    return this.partners.length;
  }

  get(key: number): number | undefined {
    const a = Math.floor(key / this.itemCount);
    const b = key - a * this.itemCount;
    if (a < 0 || a >= this.itemCount) return undefined;
    // `a` is in range, so its row bounds exist; `mid` stays within them
    let lo = this.offsets[a] ?? 0;
    let hi = (this.offsets[a + 1] ?? 0) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const partner = this.partners[mid] ?? 0;
      if (partner === b) return this.counts[mid];
      if (partner < b) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  *[Symbol.iterator](): IterableIterator<[number, number]> {
    // row bounds and slots are in range by construction: `?? 0` never applies
    for (let a = 0; a < this.itemCount; a++) {
      const end = this.offsets[a + 1] ?? 0;
      for (let i = this.offsets[a] ?? 0; i < end; i++) {
        yield [a * this.itemCount + (this.partners[i] ?? 0), this.counts[i] ?? 0];
      }
    }
  }
}

/** Insertion-sorts one short row `[start, end)` by partner, carrying the counts along. */
function sortRow(partners: Int32Array, counts: Int32Array, start: number, end: number): void {
  // slots stay within `[start, end)`: `?? 0` never applies
  for (let i = start + 1; i < end; i++) {
    const b = partners[i] ?? 0;
    const c = counts[i] ?? 0;
    let j = i - 1;
    for (; j >= start && (partners[j] ?? 0) > b; j--) {
      partners[j + 1] = partners[j] ?? 0;
      counts[j + 1] = counts[j] ?? 0;
    }
    partners[j + 1] = b;
    counts[j + 1] = c;
  }
}
