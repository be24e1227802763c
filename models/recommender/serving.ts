/**
 * The ranker's view of a catalogue at serving: the per-article statistics saved with the model (popularity,
 * repeat rates, prices, types, best sellers, co-purchase neighbours), moved from H&M article order to catalogue
 * order. Items that are not H&M articles of the model get zero statistics: the ranker scores them from their
 * content similarity alone. The same `candidatesFor` + ranker then serve that the evaluation measures.
 */
import type { Catalog } from '../../src/types.ts';
import type { Artifacts } from './artifacts.ts';
import { neighbourRecommendations, type Popularity } from './baselines.ts';
import type { CoSignal, ItemStats } from './item-stats.ts';
import { TYPE_POPULAR } from './snapshot.ts';
import type { Purchase } from './transactions.ts';

/**
 * Co-purchase neighbours in catalogue positions, as flat arrays (about 450k pairs: a map of maps of pairs would be
 * ~50 MB of heap and a million objects for the garbage collector to walk): row `a` holds its neighbours, their
 * scores and counts at `[offsets[a], offsets[a + 1])` in the saved order, plus the same rows sorted by neighbour
 * for lookups.
 */
export class NeighbourSignal implements CoSignal {
  /** Per row, its pair indices ordered by neighbour (for lookups). */
  readonly byNeighbour: Int32Array;

  constructor(
    readonly offsets: Int32Array,
    readonly neighbours: Int32Array,
    readonly scores: Float64Array,
    readonly counts: Float64Array,
    byNeighbour?: Int32Array,
  ) {
    this.byNeighbour = byNeighbour ?? sortedRows(offsets, neighbours);
  }

  /** Where pair (a, b) is stored, or -1. */
  private find(a: number, b: number): number {
    if (a < 0 || a + 1 >= this.offsets.length) return -1;
    let lo = this.offsets[a] ?? 0;
    let hi = (this.offsets[a + 1] ?? 0) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.byNeighbour[mid] ?? -1;
      const v = this.neighbours[at] ?? -1;
      if (v === b) return at;
      if (v < b) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private row<T>(a: number, value: (at: number) => T): [number, T][] {
    if (a < 0 || a + 1 >= this.offsets.length) return [];
    const out: [number, T][] = [];
    const to = this.offsets[a + 1] ?? 0;
    for (let at = this.offsets[a] ?? 0; at < to; at++) out.push([this.neighbours[at] ?? -1, value(at)]);
    return out;
  }

  score(a: number, b: number): number {
    const at = this.find(a, b);
    return at < 0 ? 0 : (this.scores[at] ?? 0);
  }

  count(a: number, b: number): number {
    const at = this.find(a, b);
    return at < 0 ? 0 : (this.counts[at] ?? 0);
  }

  recommend(history: readonly Purchase[], limit: number, popularity?: Popularity): number[] {
    return neighbourRecommendations(history, limit, (a) => this.row(a, (at) => this.scores[at] ?? 0), popularity);
  }

  recommendByCount(history: readonly Purchase[], limit: number, popularity?: Popularity): number[] {
    return neighbourRecommendations(history, limit, (a) => this.row(a, (at) => this.counts[at] ?? 0), popularity);
  }
}

/** Per row of the pairs, their indices ordered by neighbour. */
function sortedRows(offsets: Int32Array, neighbours: Int32Array): Int32Array {
  const out = new Int32Array(neighbours.length);
  for (let a = 0; a + 1 < offsets.length; a++) {
    const from = offsets[a] ?? 0;
    const to = offsets[a + 1] ?? 0;
    // rows are short (≤ 80): insertion sort of the indices by neighbour
    for (let i = from; i < to; i++) {
      const at = i;
      let j = i - 1;
      const v = neighbours[at] ?? 0;
      for (; j >= from && (neighbours[out[j] ?? 0] ?? 0) > v; j--) out[j + 1] = out[j] ?? 0;
      out[j + 1] = at;
    }
  }
  return out;
}

/** The co-purchase neighbours of the artifacts, moved to catalogue positions (pairs outside the catalogue left out). */
function neighbourSignal(
  copurchase: Artifacts['copurchase'],
  positionOf: (id: string) => number,
  size: number,
): NeighbourSignal {
  const rows: [number, [string, number, number][]][] = [];
  let total = 0;
  for (const [id, list] of Object.entries(copurchase)) {
    const a = positionOf(id);
    if (a < 0) continue;
    rows.push([a, list]);
    total += list.length;
  }
  rows.sort((x, y) => x[0] - y[0]);
  const offsets = new Int32Array(size + 1);
  const neighbours = new Int32Array(total);
  const scores = new Float64Array(total);
  const counts = new Float64Array(total);
  let at = 0;
  let next = 0;
  for (let a = 0; a < size; a++) {
    offsets[a] = at;
    const row = rows[next];
    if (row && row[0] === a) {
      for (const [other, score, count] of row[1]) {
        const b = positionOf(other);
        if (b < 0) continue;
        neighbours[at] = b;
        scores[at] = score;
        counts[at] = count;
        at++;
      }
      next++;
    }
  }
  offsets[size] = at;
  return new NeighbourSignal(offsets, neighbours.subarray(0, at), scores.subarray(0, at), counts.subarray(0, at));
}

/**
 * Catalogue positions of the artifacts' article rows and back (-1: none), and the co-purchase neighbours in
 * positions. The id → row map stays in this scope: the serving closures must not keep it alive.
 */
function catalogueRows(catalog: Catalog, artifacts: Artifacts) {
  const n = catalog.size;
  const rowOf = new Int32Array(n).fill(-1);
  const positionOf = new Int32Array(artifacts.vocab.hmArticles.length).fill(-1);
  const hmRow = new Map(artifacts.vocab.hmArticles.map((id, i) => [id, i]));
  catalog.items.forEach((item, i) => {
    const row = item.source === 'hm' ? hmRow.get(item.id.slice(3)) : undefined;
    if (row === undefined) return;
    rowOf[i] = row;
    positionOf[row] = i;
  });
  const positionOfId = (id: string) => {
    const row = hmRow.get(id);
    return row === undefined ? -1 : (positionOf[row] ?? -1);
  };
  return { rowOf, positionOf, co: neighbourSignal(artifacts.copurchase, positionOfId, n) };
}

/** Colour variants: the catalogue positions of each product (by the artifacts' product codes). */
export class Variants {
  private readonly byCode = new Map<number, number[]>();

  /** `rowOf`: article row per catalogue position (-1: none); `productCode`: product code per article row. */
  constructor(
    readonly rowOf: Int32Array,
    readonly productCode: Int32Array,
  ) {
    rowOf.forEach((row, i) => {
      if (row < 0) return;
      const code = productCode[row] ?? -1;
      const list = this.byCode.get(code);
      if (list) list.push(i);
      else this.byCode.set(code, [i]);
    });
  }

  /** The positions of an item's product, the item included. */
  of(i: number): readonly number[] {
    const row = this.rowOf[i] ?? -1;
    return row >= 0 ? (this.byCode.get(this.productCode[row] ?? -1) ?? [i]) : [i];
  }
}

/**
 * The item statistics of a catalogue under trained artifacts, for predicting the day after the last training day.
 * @example
 * const stats = servingStats(catalog, artifacts); candidatesFor(history, stats, similarity);
 */
export function servingStats(catalog: Catalog, artifacts: Artifacts): ItemStats & { variants: Variants } {
  const { stats } = artifacts;
  const { rowOf, positionOf, co } = catalogueRows(catalog, artifacts);
  const column = (name: keyof Artifacts['stats']['columns'], missing = 0) => {
    const source = stats.columns[name];
    const out = new Float32Array(rowOf.length);
    for (let i = 0; i < rowOf.length; i++) {
      const row = rowOf[i] ?? -1;
      out[i] = row >= 0 ? (source[row] ?? missing) : missing;
    }
    return out;
  };
  const positions = (list: readonly number[]) => list.map((row) => positionOf[row] ?? -1).filter((i) => i >= 0);
  const variants = new Variants(rowOf, stats.productCode);
  return {
    day: stats.days,
    days: stats.days,
    popLastDay: column('popLastDay'),
    popLast3: column('popLast3'),
    popAll: column('popAll'),
    recency: column('recency'),
    repeatRate: column('repeatRate'),
    meanPrice: column('meanPrice'),
    onlineShare: column('onlineShare'),
    age: column('age'),
    type: Int32Array.from(column('type', -1)),
    group: Int32Array.from(column('group', -1)),
    department: Int32Array.from(column('department', -1)),
    color: Int32Array.from(column('color', -1)),
    typeRank: column('typeRank', 2 * TYPE_POPULAR),
    typeRepeat: Float32Array.from(stats.typeRepeat),
    popular: positions(stats.popular),
    popularByType: stats.popularByType.map(positions),
    co,
    variants,
    variantsOf: (i) => variants.of(i),
  };
}
