/**
 * What the ranking features read about items at one point in time, and the co-purchase signal between items: the
 * temporal evaluation builds it from the purchases before the predicted day (a `Snapshot`), serving from the saved
 * artifacts (catalogue order).
 */
import type { Popularity } from './baselines.ts';
import type { Purchase } from './transactions.ts';

/** Item-to-item similarity of two articles (the learned embedding), when available. */
export type Similarity = (a: number, b: number) => number;

/** Co-purchase signal between two items. */
export interface CoSignal {
  /** Normalised co-purchase score (0 when never bought together). */
  score(a: number, b: number): number;
  /** Raw co-purchase count. */
  count(a: number, b: number): number;
  /** Items bought with any of `history`, best first (ties: most popular right now). */
  recommend(history: readonly Purchase[], limit: number, popularity?: Popularity): number[];
  /** Items bought with any of `history` by the most customers (raw counts summed; ties: most popular right now). */
  recommendByCount(history: readonly Purchase[], limit: number, popularity?: Popularity): number[];
}

/**
 * What the ranking features read about items at one point in time, indexed by item: the temporal evaluation builds
 * it from the purchases before the predicted day (a `Snapshot`), serving from the saved artifacts (catalogue order).
 */
export interface ItemStats {
  /** The day being predicted (purchase days count before it). */
  readonly day: number;
  /** Number of days of purchases behind the statistics. */
  readonly days: number;
  readonly popLastDay: Float32Array;
  readonly popLast3: Float32Array;
  readonly popAll: Float32Array;
  /** Units of the last 3 days, ties broken by all units: the "popular right now" order baselines use too. */
  readonly recency: Float32Array;
  /** Share of an item's buyers who bought it more than once (smoothed). */
  readonly repeatRate: Float32Array;
  /** Mean price paid per item (0 when not sold). */
  readonly meanPrice: Float32Array;
  /** Share of an item's units sold online (smoothed). */
  readonly onlineShare: Float32Array;
  /** Days between the first sale in the window and `day` (0 when not sold). */
  readonly age: Float32Array;
  /** Product type id per item (-1 none). */
  readonly type: Int32Array;
  /** Index group id (ladieswear, menswear, …) per item (-1 none). */
  readonly group: Int32Array;
  /** Department id per item (-1 none). */
  readonly department: Int32Array;
  /** Colour group id per item (-1 none). */
  readonly color: Int32Array;
  /** Repeat rate by product type id. */
  readonly typeRepeat: Float32Array;
  /** Best sellers of the last two days, best first. */
  readonly popular: number[];
  /** Per product type id, its best sellers right now, best first. */
  readonly popularByType: number[][];
  /** An item's place in its type's `popularByType` list (2 × TYPE_POPULAR when not in it). */
  readonly typeRank: Float32Array;
  readonly co: CoSignal;
  /** Colour variants (same product) of an item, the item included. */
  variantsOf(item: number): readonly number[];
}

/**
 * Whether items `a` and `b` have the same kind (product type, colour, department, …) in `kinds`, a kind being an
 * id ≥ 0 (-1: none).
 * @example
 * sameKind(stats.type, 7, 12);
 */
export function sameKind(kinds: Int32Array, a: number, b: number): boolean {
  const kind = kinds[a] ?? -1;
  return kind >= 0 && kind === kinds[b];
}
