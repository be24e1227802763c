/**
 * Statistics for A/B experiment reports: Wilson score intervals for proportions, Newcombe's hybrid score
 * interval for the difference of two independent proportions, and the sample-ratio-mismatch chi-square test.
 *
 * The unit of analysis is the user (see `report.ts`): each rate is "share of users with at least one event",
 * so observations are independent Bernoulli trials and these intervals apply.
 */

/** z for a two-sided 95% interval (the 0.975 quantile of the standard normal). */
export const Z_95 = 1.959963984540054;

/** A proportion with its confidence interval. */
export interface Proportion {
  /** Users with the event. */
  successes: number;
  /** Users observed. */
  total: number;
  /** successes / total (0 when total is 0). */
  rate: number;
  low: number;
  high: number;
}

/** A difference of two proportions (arm − baseline) with its confidence interval. */
export interface Difference {
  difference: number;
  low: number;
  high: number;
  /** True when the interval excludes 0. */
  significant: boolean;
}

/** Options of `wilson`. */
export interface WilsonOptions {
  /** Quantile of the standard normal; default `Z_95`. */
  z?: number;
  /**
   * Continuity correction (Newcombe 1998, method 4): slightly wider, designed so that the coverage stays at or above
   * the nominal level rather than around it. Default false.
   */
  continuity?: boolean;
}

/**
 * Wilson score interval for `successes` out of `total` (Wilson 1927; Newcombe 1998, methods 3 and 4).
 * With no observations the interval is the whole of [0, 1].
 * @example
 * wilson(5, 10); // { rate: 0.5, low: 0.2366…, high: 0.7634… }
 * wilson(15, 148, { continuity: true }); // { low: 0.0601…, high: 0.1644… }
 */
export function wilson(successes: number, total: number, options: WilsonOptions = {}): Proportion {
  if (!Number.isInteger(successes) || !Number.isInteger(total) || successes < 0 || total < 0 || successes > total) {
    throw new RangeError(`wilson: expected integers 0 ≤ successes ≤ total, got ${successes}/${total}`);
  }
  if (total === 0) return { successes, total, rate: 0, low: 0, high: 1 };
  const z = options.z ?? Z_95;
  const n = total;
  const p = successes / n;
  const z2 = z * z;
  let low: number;
  let high: number;
  if (options.continuity) {
    const denominator = 2 * (n + z2);
    low = (2 * n * p + z2 - 1 - z * Math.sqrt(z2 - 2 - 1 / n + 4 * p * (n * (1 - p) + 1))) / denominator;
    high = (2 * n * p + z2 + 1 + z * Math.sqrt(z2 + 2 - 1 / n + 4 * p * (n * (1 - p) - 1))) / denominator;
  } else {
    const centre = p + z2 / (2 * n);
    const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
    low = (centre - spread) / (1 + z2 / n);
    high = (centre + spread) / (1 + z2 / n);
  }
  return {
    successes,
    total,
    rate: p,
    // 0/n has no lower tail and n/n no upper tail (this also clamps rounding noise).
    low: successes === 0 ? 0 : Math.max(0, low),
    high: successes === total ? 1 : Math.min(1, high),
  };
}

/**
 * Newcombe's hybrid score interval for the difference `arm − baseline` of two independent proportions, built from
 * their Wilson intervals: method 10 of Newcombe (1998) with plain Wilson intervals, method 11 with
 * continuity-corrected ones. With an empty group the interval is [−1, 1].
 * @example
 * newcombeDifference(wilson(56, 70), wilson(48, 80)); // { difference: 0.2, low: 0.0524…, high: 0.3339… }
 */
export function newcombeDifference(arm: Proportion, baseline: Proportion): Difference {
  if (arm.total === 0 || baseline.total === 0) {
    return { difference: arm.rate - baseline.rate, low: -1, high: 1, significant: false };
  }
  const difference = arm.rate - baseline.rate;
  const low = difference - Math.sqrt((arm.rate - arm.low) ** 2 + (baseline.high - baseline.rate) ** 2);
  const high = difference + Math.sqrt((arm.high - arm.rate) ** 2 + (baseline.rate - baseline.low) ** 2);
  return { difference, low, high, significant: low > 0 || high < 0 };
}

/** Result of the sample-ratio-mismatch test. */
export interface SampleRatioTest {
  chiSquare: number;
  degreesOfFreedom: number;
  pValue: number;
  /** Expected count per group under the configured split. */
  expected: number[];
}

/**
 * Pearson chi-square goodness-of-fit test of observed group sizes against the configured shares
 * (the sample-ratio-mismatch check). Shares need not sum to 1; they are normalised.
 * @example
 * sampleRatioTest([5100, 4900], [1, 1]).pValue; // 0.0455…
 */
export function sampleRatioTest(observed: readonly number[], shares: readonly number[]): SampleRatioTest {
  if (observed.length !== shares.length || observed.length < 2) {
    throw new RangeError(
      `sampleRatioTest: need ≥ 2 groups and one share per group (${observed.length}/${shares.length})`,
    );
  }
  const total = observed.reduce((a, b) => a + b, 0);
  const shareSum = shares.reduce((a, b) => a + b, 0);
  const expected = shares.map((s) => (total * s) / shareSum);
  if (total === 0) return { chiSquare: 0, degreesOfFreedom: observed.length - 1, pValue: 1, expected };
  const chiSquare = observed.reduce((sum, o, i) => {
    const e = expected[i] ?? 0;
    return sum + (o - e) ** 2 / e;
  }, 0);
  const degreesOfFreedom = observed.length - 1;
  return { chiSquare, degreesOfFreedom, pValue: chiSquareSurvival(chiSquare, degreesOfFreedom), expected };
}

/**
 * P(X ≥ x) for a chi-square variable with `df` degrees of freedom.
 * @example
 * chiSquareSurvival(3.841458820694124, 1); // 0.05
 */
export function chiSquareSurvival(x: number, df: number): number {
  if (x <= 0) return 1;
  return regularizedGammaQ(df / 2, x / 2);
}

/** Upper regularised incomplete gamma Q(a, x) (series for x < a + 1, Lentz continued fraction otherwise). */
function regularizedGammaQ(a: number, x: number): number {
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 1000 && Math.abs(term) > Math.abs(sum) * 1e-15; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return Math.max(0, 1 - sum * Math.exp(logPrefix));
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.min(1, Math.exp(logPrefix) * h);
}

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406, 12.507343278686905,
  -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7,
];

/** ln Γ(z) for z > 0 (Lanczos approximation, g = 7). */
function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const shifted = z - 1;
  let sum = 0.9999999999998099;
  for (const [i, coefficient] of LANCZOS.entries()) sum += coefficient / (shifted + i + 1);
  const t = shifted + LANCZOS.length - 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
}
