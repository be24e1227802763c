/**
 * The learned compatibility score: how well a piece goes with other pieces, learned from real co-purchases
 * (H&M baskets: same customer, same day). Two tiers share one feature recipe (`features.ts`) and one ranker type:
 * - `hm`: raw H&M attributes (product type, colour, department, section, garment group …) plus item-level
 *   co-purchases, used when every piece is a known H&M article;
 * - `attributes`: the catalogue's normalised attributes (article type, category, colour, colour family, gender,
 *   usage, pattern), used for Myntra, demo and mixed outfits.
 * Scores are centred log-odds: 0 is an average candidate, positive goes better than average.
 */
import type { Item } from '../types.ts';
import { pmi } from './costats.ts';
import { type Entity, type FeatureSpace, features } from './features.ts';
import { type LinearRanker, rankScore } from './ranker.ts';

/** The normalised item attributes of the `attributes` tier, in order. */
export const ITEM_FIELDS = ['articleType', 'category', 'color', 'colorFamily', 'gender', 'usage', 'pattern'] as const;

/** One tier: its feature space, how to turn an item into an entity, and its ranker. */
export interface CompatibilityTier {
  space: FeatureSpace;
  ranker: LinearRanker;
}

/** The `hm` tier's per-article data (from the training days). */
export interface HmArticleTable {
  /** `hm:` item ids without the prefix, e.g. `0108775015`. */
  ids: string[];
  index: Map<string, number>;
  /** `columns[f][i]`: code of field f for article i. */
  columns: Int32Array[];
  /** log of mean price in the training days (H&M units), NaN when not sold. */
  logPrice: Float32Array;
  /** Purchases in the training days. */
  purchases: Float32Array;
}

/** The `attributes` tier's value dictionaries (value → code per field). */
export type AttributeDictionaries = Map<string, number>[];

/** Metadata saved with the model. */
export interface CompatibilityMeta {
  version: string;
  trainedAt: string;
  trainingDays: string[];
  baskets: number;
  fitQuestions: number;
  /** Size and modification time of the H&M files it was trained on (a change means "retrain"). */
  dataKey?: string;
  /** FITB accuracy of each tier on the fitting day (in-sample), for the log. */
  fitAccuracy: Record<string, number>;
}

/** Everything the model is made of (what `save`/`load` persist). */
export interface CompatibilityParts {
  meta: CompatibilityMeta;
  hm?: CompatibilityTier & { articles: HmArticleTable };
  attributes?: CompatibilityTier & { dictionaries: AttributeDictionaries };
}

/** Codes of an item's normalised attributes (unknown values → -1). */
export function itemAttributeCodes(
  item: Item,
  dictionaries: AttributeDictionaries,
  family: (c: string) => string,
): Int32Array {
  const color = item.colors[0];
  const values = [
    item.articleType,
    item.category,
    color,
    color === undefined ? undefined : family(color),
    item.gender,
    item.usage[0],
    item.pattern,
  ];
  return Int32Array.from(values, (value, f) => (value === undefined ? -1 : (dictionaries[f]?.get(value) ?? -1)));
}

/** Pairwise weights folded from a ranker: with one context piece, mean = max, so their weights add up. */
interface PairWeights {
  pmi: Float64Array;
  same: Float64Array;
  itemPairs: number;
  priceGap: number;
  priceUnknown: number;
  offset: number;
}

function foldPairWeights(tier: CompatibilityTier): PairWeights {
  const { space, ranker } = tier;
  const fields = space.fields.length;
  const w: PairWeights = {
    pmi: new Float64Array(fields),
    same: new Float64Array(fields),
    itemPairs: 0,
    priceGap: 0,
    priceUnknown: 0,
    offset: 0,
  };
  // the ranker has one weight, mean and std per feature: the defaults never apply
  ranker.features.forEach((name, j) => {
    const mean = ranker.mean[j] ?? 0;
    const scale = (ranker.weights[j] ?? 0) / (ranker.std[j] ?? 1);
    w.offset -= scale * mean;
    const [kind, field] = name.split(':');
    const f = field === undefined ? -1 : space.fields.indexOf(field);
    if (kind === 'pmi_mean' || kind === 'pmi_max') addAt(w.pmi, f, scale);
    else if (kind === 'same') addAt(w.same, f, scale);
    else if (kind === 'item_pairs_max' || kind === 'item_pairs_mean') w.itemPairs += scale;
    else if (kind === 'price_gap') w.priceGap = scale;
    else if (kind === 'price_unknown') w.priceUnknown = scale;
    // popularity: left at its mean, since compatibility of a pair should not reward popular pieces
    else if (kind === 'popularity') w.offset += scale * mean;
  });
  return w;
}

/** Adds `x` to `values[f]`; a feature of a field the space lacks (`f` = -1) adds nothing. */
function addAt(values: Float64Array, f: number, x: number): void {
  const current = values[f];
  if (current !== undefined) values[f] = current + x;
}

function pairScore(space: FeatureSpace, w: PairWeights, a: Entity, b: Entity): number {
  let s = w.offset;
  // codes and weights have one entry per field of the space: the defaults (an unknown code, no weight) never apply
  for (let f = 0; f < space.fields.length; f++) {
    const u = a.codes[f] ?? -1;
    const v = b.codes[f] ?? -1;
    const table = space.tables[f];
    if (table && u >= 0 && v >= 0 && table.total > 0) s += (w.pmi[f] ?? 0) * pmi(table, u, v);
    if (u >= 0 && u === v) s += w.same[f] ?? 0;
  }
  if (space.itemPairs && a.article >= 0 && b.article >= 0) {
    s += w.itemPairs * Math.log1p(space.itemPairs.get(a.article * space.itemCount + b.article) ?? 0);
  }
  if (Number.isNaN(a.logPrice) || Number.isNaN(b.logPrice)) s += w.priceUnknown;
  else s += w.priceGap * Math.abs(a.logPrice - b.logPrice);
  return s;
}

/**
 * A trained compatibility model.
 * @example
 * const model = new CompatibilityModel(parts, colorFamily);
 * model.pair(shirt, chinos); // > 0: goes together better than an average pair
 * model.score(sneakers, [shirt, chinos]);
 */
export class CompatibilityModel {
  readonly name: string;
  private readonly hmPairs?: PairWeights;
  private readonly attributePairs?: PairWeights;
  private readonly entities = new Map<string, { hm?: Entity; attributes?: Entity }>();

  constructor(
    readonly parts: CompatibilityParts,
    private readonly family: (color: string) => string,
  ) {
    const tiers = [parts.hm && 'hm', parts.attributes && 'attributes'].filter(Boolean).join('+');
    this.name = `copurchase-${tiers}@${parts.meta.version}`;
    if (parts.hm) this.hmPairs = foldPairWeights(parts.hm);
    if (parts.attributes) this.attributePairs = foldPairWeights(parts.attributes);
  }

  /**
   * Compatibility of two pieces, centred log-odds; symmetric, since every pair statistic is counted both ways.
   * 0 when the model knows neither tier for them.
   * @example
   * model.pair(whiteSneakers, blueJeans);
   */
  pair(a: Item, b: Item): number {
    const ha = this.hmEntity(a);
    const hb = ha && this.hmEntity(b);
    if (ha && hb && this.parts.hm && this.hmPairs) {
      return pairScore(this.parts.hm.space, this.hmPairs, ha, hb);
    }
    const aa = this.attributeEntity(a);
    const ab = aa && this.attributeEntity(b);
    if (aa && ab && this.parts.attributes && this.attributePairs) {
      return pairScore(this.parts.attributes.space, this.attributePairs, aa, ab);
    }
    return 0;
  }

  /**
   * Setwise score of a candidate against the other pieces (the FITB question): the full ranker, max and mean features.
   * @example
   * model.score(sneakers, [tee, jeans]);
   */
  score(candidate: Item, context: readonly Item[]): number {
    const hm = this.hmEntity(candidate);
    const hmContext = hm ? context.map((item) => this.hmEntity(item)) : [];
    if (hm && this.parts.hm && hmContext.every((e) => e !== undefined)) {
      return rankScore(this.parts.hm.ranker, features(this.parts.hm.space, hm, hmContext as Entity[]));
    }
    const attributes = this.attributeEntity(candidate);
    const attributeContext = attributes ? context.map((item) => this.attributeEntity(item)) : [];
    if (attributes && this.parts.attributes && attributeContext.every((e) => e !== undefined)) {
      const tier = this.parts.attributes;
      return rankScore(tier.ranker, features(tier.space, attributes, attributeContext as Entity[]));
    }
    return 0;
  }

  /** Setwise score using only the `attributes` tier (how the model does on items it has never seen bought). */
  scoreByAttributes(candidate: Item, context: readonly Item[]): number {
    const tier = this.parts.attributes;
    if (!tier) return 0;
    const c = this.tierEntity(tier, candidate);
    return rankScore(
      tier.ranker,
      features(
        tier.space,
        c,
        context.map((item) => this.tierEntity(tier, item)),
      ),
    );
  }

  private cached(item: Item) {
    let entry = this.entities.get(item.id);
    if (!entry) {
      entry = {};
      if (this.entities.size > 500_000) this.entities.clear();
      this.entities.set(item.id, entry);
    }
    return entry;
  }

  private hmEntity(item: Item): Entity | undefined {
    const hm = this.parts.hm;
    if (!hm || item.source !== 'hm') return undefined;
    const entry = this.cached(item);
    if (!entry.hm) {
      const a = hm.articles.index.get(item.id.slice(3));
      if (a === undefined) return undefined;
      entry.hm = hmArticleEntity(hm.articles, a);
    }
    return entry.hm;
  }

  private attributeEntity(item: Item): Entity | undefined {
    const tier = this.parts.attributes;
    return tier && this.tierEntity(tier, item);
  }

  /** The `attributes` entity of any item (every item has one once the tier exists). */
  private tierEntity(tier: NonNullable<CompatibilityParts['attributes']>, item: Item): Entity {
    const entry = this.cached(item);
    if (!entry.attributes) {
      entry.attributes = {
        codes: itemAttributeCodes(item, tier.dictionaries, this.family),
        article: -1,
        logPrice: item.price !== undefined && item.price > 0 ? Math.log(item.price) : Number.NaN,
        popularity: item.popularity,
      };
    }
    return entry.attributes;
  }
}

/** The `hm` entity of article `a`. */
export function hmArticleEntity(articles: HmArticleTable, a: number): Entity {
  return {
    // `a` is a row of the table, so these reads are in range; the defaults are the 'unknown' values anyway
    codes: Int32Array.from(articles.columns, (column) => column[a] ?? -1),
    article: a,
    logPrice: articles.logPrice[a] ?? Number.NaN,
    popularity: articles.purchases[a] ?? 0,
  };
}
