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
    const offsets = new Int32Array(itemCount + 1);
    for (let k = 0; k < triples.length; k += 3) offsets[triples[k]! + 1]!++;
    for (let a = 0; a < itemCount; a++) offsets[a + 1]! += offsets[a]!;
    const fill = offsets.slice(0, itemCount);
    const partners = new Int32Array(n);
    const counts = new Int32Array(n);
    for (let k = 0; k < triples.length; k += 3) {
      const at = fill[triples[k]!]!++;
      partners[at] = triples[k + 1]!;
      counts[at] = triples[k + 2]!;
    }
    for (let a = 0; a < itemCount; a++) {
      // rows are short: insertion sort by partner, carrying the counts
      for (let i = offsets[a]! + 1; i < offsets[a + 1]!; i++) {
        const b = partners[i]!;
        const c = counts[i]!;
        let j = i - 1;
        for (; j >= offsets[a]! && partners[j]! > b; j--) {
          partners[j + 1] = partners[j]!;
          counts[j + 1] = counts[j]!;
        }
        partners[j + 1] = b;
        counts[j + 1] = c;
      }
    }
    return new PackedPairCounts(itemCount, offsets, partners, counts);
  }

  get size(): number {
    return this.partners.length;
  }

  get(key: number): number | undefined {
    const a = Math.floor(key / this.itemCount);
    const b = key - a * this.itemCount;
    if (a < 0 || a >= this.itemCount) return undefined;
    let lo = this.offsets[a]!;
    let hi = this.offsets[a + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const partner = this.partners[mid]!;
      if (partner === b) return this.counts[mid];
      if (partner < b) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  *[Symbol.iterator](): IterableIterator<[number, number]> {
    for (let a = 0; a < this.itemCount; a++) {
      for (let i = this.offsets[a]!; i < this.offsets[a + 1]!; i++) {
        yield [a * this.itemCount + this.partners[i]!, this.counts[i]!];
      }
    }
  }
}
