/**
 * Item spaces: every catalogue item's vector (L2-normalised) and static prior, optionally rotated onto principal
 * axes so that scans can bound a dot product after its first coordinates.
 */
import type { Signal } from '../../src/types.ts';
import { normalise } from './content.ts';
import { rotateToPrincipal } from './principal.ts';

/** Item vectors of a whole catalogue (row i = `catalog.items[i]`), L2-normalised, plus a static prior score. */
export interface ItemSpace {
  readonly dim: number;
  readonly vectors: Float32Array;
  /** Static score per item (already weighted), e.g. popularity. */
  readonly prior: Float32Array;
  /** The signal the prior stands for. */
  readonly priorSignal: Signal['name'];
  /**
   * When the vectors are rotated onto their principal axes (`principalSpace`): per item, the norm of its
   * coordinates from `head` on, which bounds the dot product's tail.
   */
  readonly tail?: Float32Array;
  readonly head?: number;
  /** The first `head` coordinates of every vector, packed (count × head), so the scan streams through memory. */
  readonly heads?: Float32Array;
}

/** Coordinates a scan reads before it bounds the rest of a dot product. */
export const SCAN_HEAD = 8;

/**
 * The same space with its vectors rotated onto their principal axes (dot products unchanged), so scans can skip
 * most full dot products.
 * @example
 * const space = principalSpace(contentSpace(catalog));
 */
export function principalSpace(space: ItemSpace, head = SCAN_HEAD): ItemSpace {
  const { vectors, tail } = rotateToPrincipal(space.vectors, space.dim, head);
  const count = tail.length;
  const heads = new Float32Array(count * head);
  for (let i = 0; i < count; i++) heads.set(vectors.subarray(i * space.dim, i * space.dim + head), i * head);
  return { ...space, vectors, tail, head, heads };
}

/**
 * Dot product of `a` with the row of `vectors` at `offset`, over coordinates `[from, dim)` (four lanes: fewer
 * dependent additions per step).
 * @example
 * dot(q, space.vectors, index * space.dim, space.dim);
 */
export function dot(a: Float32Array, vectors: Float32Array, offset: number, dim: number, from = 0): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = from;
  for (; j + 3 < dim; j += 4) {
    s0 += (a[j] ?? 0) * (vectors[offset + j] ?? 0);
    s1 += (a[j + 1] ?? 0) * (vectors[offset + j + 1] ?? 0);
    s2 += (a[j + 2] ?? 0) * (vectors[offset + j + 2] ?? 0);
    s3 += (a[j + 3] ?? 0) * (vectors[offset + j + 3] ?? 0);
  }
  for (; j < dim; j++) s0 += (a[j] ?? 0) * (vectors[offset + j] ?? 0);
  return s0 + s1 + s2 + s3;
}

/**
 * The mean of some items' vectors, L2-normalised; undefined when there are none.
 * @example
 * const u = meanVector(space, [3, 17]);
 */
export function meanVector(
  space: ItemSpace,
  indices: readonly number[],
  weights?: readonly number[],
): Float32Array | undefined {
  if (indices.length === 0) return undefined;
  const { dim, vectors } = space;
  const out = new Float32Array(dim);
  indices.forEach((index, n) => {
    const w = weights?.[n] ?? 1;
    const offset = index * dim;
    for (let j = 0; j < dim; j++) out[j] = (out[j] ?? 0) + w * (vectors[offset + j] ?? 0);
  });
  return normalise(out);
}
