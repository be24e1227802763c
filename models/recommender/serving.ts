/**
 * The ranker's view of a catalogue at serving: the per-article statistics saved with the model (popularity,
 * repeat rates, prices, types, best sellers, co-purchase neighbours), moved from H&M article order to catalogue
 * order. Items that are not H&M articles of the model get zero statistics: the ranker scores them from their
 * content similarity alone. The same `candidatesFor` + ranker then serve that the evaluation measures.
 */
import type { Catalog } from '../../src/types.ts';
import type { Artifacts } from './artifacts.ts';
import { neighbourRecommendations, type Popularity } from './baselines.ts';
import { type CoSignal, type ItemStats, TYPE_POPULAR } from './candidates.ts';
import type { Purchase } from './transactions.ts';

/** Co-purchase neighbours in catalogue positions: per item, neighbour → [score, count]. */
class NeighbourSignal implements CoSignal {
  constructor(private readonly neighbours: Map<number, Map<number, [number, number]>>) {}

  score(a: number, b: number): number {
    return this.neighbours.get(a)?.get(b)?.[0] ?? 0;
  }

  count(a: number, b: number): number {
    return this.neighbours.get(a)?.get(b)?.[1] ?? 0;
  }

  recommend(history: readonly Purchase[], limit: number, popularity?: Popularity): number[] {
    const scoresOf = (a: number) => [...(this.neighbours.get(a) ?? [])].map(([b, [s]]) => [b, s] as const);
    return neighbourRecommendations(history, limit, scoresOf, popularity);
  }

  recommendByCount(history: readonly Purchase[], limit: number, popularity?: Popularity): number[] {
    const countsOf = (a: number) => [...(this.neighbours.get(a) ?? [])].map(([b, [, c]]) => [b, c] as const);
    return neighbourRecommendations(history, limit, countsOf, popularity);
  }
}

/**
 * The item statistics of a catalogue under trained artifacts, for predicting the day after the last training day.
 * @example
 * const stats = servingStats(catalog, artifacts); candidatesFor(history, stats, similarity);
 */
export function servingStats(catalog: Catalog, artifacts: Artifacts): ItemStats {
  const { stats, vocab } = artifacts;
  const n = catalog.size;
  const rows = vocab.hmArticles.length;
  const rowOf = new Int32Array(n).fill(-1);
  const positionOf = new Int32Array(rows).fill(-1);
  const hmRow = new Map(vocab.hmArticles.map((id, i) => [id, i]));
  catalog.items.forEach((item, i) => {
    const row = item.source === 'hm' ? hmRow.get(item.id.slice(3)) : undefined;
    if (row === undefined) return;
    rowOf[i] = row;
    positionOf[row] = i;
  });
  const column = (name: keyof Artifacts['stats']['columns'], missing = 0) => {
    const source = stats.columns[name];
    return Float32Array.from(rowOf, (row) => (row >= 0 ? source[row]! : missing));
  };
  const positions = (list: readonly number[]) => list.map((row) => positionOf[row]!).filter((i) => i >= 0);
  const variants = new Map<number, number[]>();
  rowOf.forEach((row, i) => {
    if (row < 0) return;
    const code = stats.productCode[row]!;
    const list = variants.get(code);
    if (list) list.push(i);
    else variants.set(code, [i]);
  });
  const neighbours = new Map<number, Map<number, [number, number]>>();
  for (const [id, list] of Object.entries(artifacts.copurchase)) {
    const row = hmRow.get(id);
    const a = row === undefined ? -1 : positionOf[row]!;
    if (a < 0) continue;
    const mapped = new Map<number, [number, number]>();
    for (const [other, score, count] of list) {
      const r = hmRow.get(other);
      const b = r === undefined ? -1 : positionOf[r]!;
      if (b >= 0) mapped.set(b, [score, count]);
    }
    neighbours.set(a, mapped);
  }
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
    colour: Int32Array.from(column('colour', -1)),
    typeRank: column('typeRank', 2 * TYPE_POPULAR),
    typeRepeat: Float32Array.from(stats.typeRepeat),
    popular: positions(stats.popular),
    popularByType: stats.popularByType.map(positions),
    co: new NeighbourSignal(neighbours),
    variantsOf: (i) => (rowOf[i]! >= 0 ? (variants.get(stats.productCode[rowOf[i]!]!) ?? [i]) : [i]),
  };
}
