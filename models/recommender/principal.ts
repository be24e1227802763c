/**
 * Rotating item vectors onto their principal axes (an orthogonal change of basis: every dot product stays the
 * same), so that the first few coordinates carry most of the variance. A scan can then bound a dot product from
 * its cheap head plus |q tail| · |v tail| and skip the full product for items that cannot enter the top.
 */

/**
 * Eigenvectors of a symmetric matrix (cyclic Jacobi), as the rows of the returned dim × dim matrix, by decreasing
 * eigenvalue.
 * @example
 * const axes = principalAxes(covariance, 32);
 */
export function principalAxes(symmetric: Float64Array, dim: number): Float64Array {
  const a = Float64Array.from(symmetric);
  const v = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) v[i * dim + i] = 1;
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < dim; p++) for (let q = p + 1; q < dim; q++) off += (a[p * dim + q] ?? 0) ** 2;
    if (off < 1e-18) break;
    for (let p = 0; p < dim; p++) {
      for (let q = p + 1; q < dim; q++) {
        const apq = a[p * dim + q] ?? 0;
        if (Math.abs(apq) < 1e-15) continue;
        const theta = ((a[q * dim + q] ?? 0) - (a[p * dim + p] ?? 0)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < dim; k++) {
          const akp = a[k * dim + p] ?? 0;
          const akq = a[k * dim + q] ?? 0;
          a[k * dim + p] = c * akp - s * akq;
          a[k * dim + q] = s * akp + c * akq;
        }
        for (let k = 0; k < dim; k++) {
          const apk = a[p * dim + k] ?? 0;
          const aqk = a[q * dim + k] ?? 0;
          a[p * dim + k] = c * apk - s * aqk;
          a[q * dim + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < dim; k++) {
          const vkp = v[k * dim + p] ?? 0;
          const vkq = v[k * dim + q] ?? 0;
          v[k * dim + p] = c * vkp - s * vkq;
          v[k * dim + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: dim }, (_, i) => i).sort(
    (x, y) => (a[y * dim + y] ?? 0) - (a[x * dim + x] ?? 0) || x - y,
  );
  const out = new Float64Array(dim * dim);
  order.forEach((col, row) => {
    for (let k = 0; k < dim; k++) out[row * dim + k] = v[k * dim + col] ?? 0;
  });
  return out;
}

/**
 * Rotates `count` vectors of `dim` onto their principal axes (uncentred second moments) and returns the rotated
 * copy plus, per vector, the norm of its coordinates from `head` on.
 * @example
 * const { vectors, tail } = rotateToPrincipal(space.vectors, 32, 8);
 */
export function rotateToPrincipal(
  vectors: Float32Array,
  dim: number,
  head: number,
): { vectors: Float32Array; tail: Float32Array } {
  const count = vectors.length / dim;
  const moments = new Float64Array(dim * dim);
  for (let i = 0; i < count; i++) {
    const o = i * dim;
    for (let p = 0; p < dim; p++) {
      const x = vectors[o + p] ?? 0;
      if (x === 0) continue;
      for (let q = p; q < dim; q++) moments[p * dim + q] = (moments[p * dim + q] ?? 0) + x * (vectors[o + q] ?? 0);
    }
  }
  for (let p = 0; p < dim; p++) for (let q = 0; q < p; q++) moments[p * dim + q] = moments[q * dim + p] ?? 0;
  const axes = principalAxes(moments, dim);
  const out = new Float32Array(vectors.length);
  const tail = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const o = i * dim;
    let rest = 0;
    for (let r = 0; r < dim; r++) {
      let s = 0;
      for (let k = 0; k < dim; k++) s += (axes[r * dim + k] ?? 0) * (vectors[o + k] ?? 0);
      out[o + r] = s;
      if (r >= head) rest += s * s;
    }
    tail[i] = Math.sqrt(rest);
  }
  return { vectors: out, tail };
}
