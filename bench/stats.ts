/** Small helpers for benchmark reports: the one quantile definition every benchmark uses, and rounding. */

/**
 * The q-quantile (0..1) of a list of numbers (nearest rank).
 * @example
 * quantile([1, 2, 3, 4], 0.5) // 2
 */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Array.from(values).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

/** Rounds for reports. */
export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
