/** Fixed-size bitsets over item positions (32 positions per `Uint32Array` word), for the catalogue index. */

// Indexing a typed array is typed `number | undefined`; the `?? 0` below only satisfies that type in loops that
// stay within the arrays (reading past the end also gives 0 bits, as the bitwise operators did before).

/** A bitset over positions `0 … size-1`. */
export type Bitset = Uint32Array;

/** Number of 32-bit words needed for `size` positions. */
export const wordsFor = (size: number): number => (size + 31) >>> 5;

/**
 * A bitset with the given positions set.
 * @example
 * bitsetOf(64, [1, 40]); // bits 1 and 40 set
 */
export function bitsetOf(size: number, positions: ArrayLike<number>): Bitset {
  const bits = new Uint32Array(wordsFor(size));
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i] ?? 0;
    bits[p >>> 5] = (bits[p >>> 5] ?? 0) | (1 << (p & 31));
  }
  return bits;
}

/** A bitset with every position `0 … size-1` set. */
export function fullBitset(size: number): Bitset {
  const bits = new Uint32Array(wordsFor(size)).fill(0xffffffff);
  const tail = size & 31;
  if (tail !== 0) bits[bits.length - 1] = (1 << tail) - 1;
  return bits;
}

/** `target &= other`, in place. */
export function andInto(target: Bitset, other: Bitset): void {
  for (let i = 0; i < target.length; i++) target[i] = (target[i] ?? 0) & (other[i] ?? 0);
}

/** `target &= ~other`, in place. */
export function andNotInto(target: Bitset, other: Bitset): void {
  for (let i = 0; i < target.length; i++) target[i] = (target[i] ?? 0) & ~(other[i] ?? 0);
}

/** `target |= other`, in place. */
export function orInto(target: Bitset, other: Bitset): void {
  for (let i = 0; i < target.length; i++) target[i] = (target[i] ?? 0) | (other[i] ?? 0);
}

/** Clears one position. */
export function clearBit(bits: Bitset, position: number): void {
  bits[position >>> 5] = (bits[position >>> 5] ?? 0) & ~(1 << (position & 31));
}

/** Whether a position is set. */
export function hasBit(bits: Bitset, position: number): boolean {
  return ((bits[position >>> 5] ?? 0) & (1 << (position & 31))) !== 0;
}

/**
 * The set positions in ascending order, at most `limit` of them.
 * @example
 * positionsOf(bitsetOf(64, [40, 1])); // Uint32Array [1, 40]
 */
export function positionsOf(bits: Bitset, limit = Number.POSITIVE_INFINITY): Uint32Array {
  let count = 0;
  for (let i = 0; i < bits.length && count < limit; i++) count += popcount(bits[i] ?? 0);
  const out = new Uint32Array(Math.min(count, limit));
  let n = 0;
  for (let i = 0; i < bits.length && n < out.length; i++) {
    let word = bits[i] ?? 0;
    while (word !== 0 && n < out.length) {
      const low = word & -word;
      out[n++] = (i << 5) + (31 - Math.clz32(low));
      word ^= low;
    }
  }
  return out;
}

function popcount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
