/**
 * Training the compatibility model on H&M baskets. The last day of the transactions is held out (it is the FITB test
 * day); of the remaining days, the last one provides the questions the rankers are fitted on, while the co-purchase
 * statistics are counted on the days before it. The served model then recounts the statistics on every training day.
 */
import { colorFamily } from '../catalog/taxonomy.ts';
import type { Item, Logger } from '../types.ts';
import { seededRandom } from '../util/random.ts';
import { saveCompatibility } from './artifact.ts';
import {
  type AttributeDictionaries,
  type CompatibilityParts,
  type HmArticleTable,
  hmArticleEntity,
  ITEM_FIELDS,
  itemAttributeCodes,
} from './compatibility.ts';
import { type CodedFields, countEntityPairs, countPairs, pmi } from './costats.ts';
import { type Entity, type FeatureSpace, featureNames, features } from './features.ts';
import { type FitbQuestion, type FitbScorer, fitbAccuracy, makeFitbQuestions } from './fitb.ts';
import {
  type Basket,
  groupBaskets,
  HM_FIELDS,
  type HmArticles,
  type HmPurchase,
  hmDataKey,
  readHmArticles,
  readHmPurchases,
} from './hm-data.ts';
import { fitRanker, rankScore } from './ranker.ts';

/** The H&M data the model learns from, read once. */
export interface HmTrainingData {
  articles: HmArticles;
  purchases: HmPurchase[];
  baskets: Basket[];
  /** Distinct purchase days, ascending. */
  days: string[];
}

/** Options of `fitCompatibility` / `trainCompatibility`. */
export interface TrainOptions {
  /** The normalised catalogue item of an H&M article id (enables the `attributes` tier). */
  itemOf?: (articleId: string) => Item | undefined;
  /** Trailing days kept out of training (default 1: the FITB test day). */
  heldOutDays?: number;
  /** Seed of the fitting questions. */
  seed?: number;
  /** Clock reading for the metadata (ISO string). */
  trainedAt?: string;
}

/** Which `HM_FIELDS` get a PMI table (product codes are too fine: only "same product" counts). */
const HM_PMI_FIELDS = new Set<string>(HM_FIELDS.filter((f) => f !== 'product_code'));
/** The product-group field: FITB distractors come from the hidden item's group. */
export const PRODUCT_GROUP = HM_FIELDS.indexOf('product_group_name');

/**
 * Reads articles and purchases and groups baskets.
 * @example
 * const data = loadHmTrainingData('/work/shared/data');
 */
export function loadHmTrainingData(dataDir: string): HmTrainingData {
  const articles = readHmArticles(dataDir);
  const purchases = readHmPurchases(dataDir, articles);
  const days = [...new Set(purchases.map((p) => p.day))].sort();
  return { articles, purchases, baskets: groupBaskets(purchases), days };
}

/** Purchase counts per article over the given days. */
export function purchaseCounts(data: HmTrainingData, days: readonly string[]): Float64Array {
  const wanted = new Set(days);
  const counts = new Float64Array(data.articles.ids.length);
  for (const p of data.purchases) if (wanted.has(p.day)) counts[p.article] = (counts[p.article] ?? 0) + 1;
  return counts;
}

function basketsOf(data: HmTrainingData, days: readonly string[]): number[][] {
  const wanted = new Set(days);
  return data.baskets.filter((b) => wanted.has(b.day)).map((b) => b.articles);
}

/** The `hm` tier's statistics and article table counted on `days`. */
function hmStatistics(
  data: HmTrainingData,
  days: readonly string[],
): { space: FeatureSpace; articles: HmArticleTable } {
  const n = data.articles.ids.length;
  const fields: CodedFields = {
    names: HM_FIELDS,
    columns: data.articles.codes,
    cardinality: data.articles.labels.map((l) => l.length),
  };
  const baskets = basketsOf(data, days);
  const tables = countPairs(baskets, fields).map((t, f) => {
    const name = HM_FIELDS[f];
    return name !== undefined && HM_PMI_FIELDS.has(name) ? t : undefined;
  });
  const wanted = new Set(days);
  const priceSum = new Float64Array(n);
  const purchases = new Float32Array(n);
  // purchases refer to rows of the article table, so every `?? 0` below reads an existing entry
  for (const p of data.purchases) {
    if (!wanted.has(p.day)) continue;
    priceSum[p.article] = (priceSum[p.article] ?? 0) + p.price;
    purchases[p.article] = (purchases[p.article] ?? 0) + 1;
  }
  const logPrice = Float32Array.from(purchases, (count, a) =>
    count > 0 ? Math.log((priceSum[a] ?? 0) / count) : Number.NaN,
  );
  return {
    space: { fields: HM_FIELDS, tables, itemPairs: countEntityPairs(baskets, n), itemCount: n },
    articles: { ids: data.articles.ids, index: data.articles.index, columns: data.articles.codes, logPrice, purchases },
  };
}

/** Normalised attribute codes of every H&M article that has a catalogue item. */
interface AttributeColumns {
  dictionaries: AttributeDictionaries;
  columns: Int32Array[];
  logPrice: Float32Array;
}

function attributeColumns(data: HmTrainingData, itemOf: (articleId: string) => Item | undefined): AttributeColumns {
  const n = data.articles.ids.length;
  const dictionaries: AttributeDictionaries = ITEM_FIELDS.map(() => new Map());
  const items = data.articles.ids.map((id) => itemOf(id));
  for (const item of items) {
    if (!item) continue;
    const color = item.colors[0];
    const values = [
      item.articleType,
      item.category,
      color,
      color && colorFamily(color),
      item.gender,
      item.usage[0],
      item.pattern,
    ];
    dictionaries.forEach((dictionary, f) => {
      const value = values[f];
      if (value !== undefined && !dictionary.has(value)) dictionary.set(value, dictionary.size);
    });
  }
  const columns = ITEM_FIELDS.map(() => new Int32Array(n).fill(-1));
  const logPrice = new Float32Array(n).fill(Number.NaN);
  items.forEach((item, a) => {
    if (!item) return;
    const codes = itemAttributeCodes(item, dictionaries, familyOf);
    columns.forEach((column, f) => {
      column[a] = codes[f] ?? -1;
    });
    if (item.price !== undefined && item.price > 0) logPrice[a] = Math.log(item.price);
  });
  return { dictionaries, columns, logPrice };
}

/** Colour family with a fallback to the colour itself (the model's view). */
export function familyOf(color: string): string {
  return colorFamily(color) ?? color;
}

function attributeSpace(data: HmTrainingData, columns: AttributeColumns, days: readonly string[]): FeatureSpace {
  const fields: CodedFields = {
    names: ITEM_FIELDS,
    columns: columns.columns,
    cardinality: columns.dictionaries.map((d) => d.size),
  };
  return { fields: ITEM_FIELDS, tables: countPairs(basketsOf(data, days), fields), itemCount: 0 };
}

function attributeEntity(columns: AttributeColumns, counts: ArrayLike<number>, a: number): Entity {
  return {
    // `a` is a row of the columns, so these reads are in range; the defaults are the 'unknown' values anyway
    codes: Int32Array.from(columns.columns, (column) => column[a] ?? -1),
    article: -1,
    logPrice: columns.logPrice[a] ?? Number.NaN,
    popularity: counts[a] ?? 0,
  };
}

/** A FITB scorer over article indices from an entity maker, a feature space and a ranker. */
function tierScorer(
  space: FeatureSpace,
  ranker: Parameters<typeof rankScore>[0],
  entity: (a: number) => Entity,
): FitbScorer {
  return (candidates, context) => {
    const contextEntities = context.map(entity);
    return Float64Array.from(candidates, (c) => rankScore(ranker, features(space, entity(c), contextEntities)));
  };
}

/**
 * Fits the compatibility model on every day but the held-out ones. Pure apart from CPU time (tens of seconds on the
 * full week).
 * @example
 * const parts = fitCompatibility(loadHmTrainingData(dataDir), { itemOf: (id) => catalog.get(`hm:${id}`) });
 */
export function fitCompatibility(data: HmTrainingData, options: TrainOptions = {}): CompatibilityParts {
  const heldOut = options.heldOutDays ?? 1;
  const trainingDays = data.days.slice(0, data.days.length - heldOut);
  const fitDay = trainingDays.at(-1);
  if (fitDay === undefined || trainingDays.length < 2)
    throw new Error(`need at least 2 training days, got ${trainingDays.join(', ') || 'none'}`);
  const productGroups = data.articles.codes[PRODUCT_GROUP];
  if (!productGroups) throw new Error('H&M articles have no product group column');
  const statisticsDays = trainingDays.slice(0, -1);
  const questions = makeFitbQuestions(
    basketsOf(data, [fitDay]),
    purchaseCounts(data, trainingDays),
    productGroups,
    seededRandom(options.seed ?? 11),
  );
  if (questions.length < 50)
    throw new Error(`only ${questions.length} fitting questions on ${fitDay}: too little data`);
  const fitAccuracy: Record<string, number> = {};

  const hmFit = hmStatistics(data, statisticsDays);
  const hmEntity = (a: number) => hmArticleEntity(hmFit.articles, a);
  const hmRanker = fitRanker(featureNames(hmFit.space), groupsOf(questions, hmFit.space, hmEntity));
  fitAccuracy.hm = fitbAccuracy(questions, tierScorer(hmFit.space, hmRanker, hmEntity), seededRandom(1));
  const hmFinal = hmStatistics(data, trainingDays);
  const parts: CompatibilityParts = {
    meta: {
      version: `${trainingDays[0]}_${fitDay}`,
      trainedAt: options.trainedAt ?? new Date(0).toISOString(),
      trainingDays,
      baskets: basketsOf(data, trainingDays).length,
      fitQuestions: questions.length,
      fitAccuracy,
    },
    hm: { space: hmFinal.space, ranker: hmRanker, articles: hmFinal.articles },
  };

  if (options.itemOf) {
    const columns = attributeColumns(data, options.itemOf);
    const fitCounts = purchaseCounts(data, statisticsDays);
    const space = attributeSpace(data, columns, statisticsDays);
    const entity = (a: number) => attributeEntity(columns, fitCounts, a);
    const ranker = fitRanker(featureNames(space), groupsOf(questions, space, entity));
    fitAccuracy.attributes = fitbAccuracy(questions, tierScorer(space, ranker, entity), seededRandom(1));
    parts.attributes = {
      space: attributeSpace(data, columns, trainingDays),
      ranker,
      dictionaries: columns.dictionaries,
    };
  }
  return parts;
}

function groupsOf(questions: readonly FitbQuestion[], space: FeatureSpace, entity: (a: number) => Entity) {
  return questions.map((q) => {
    const context = q.context.map(entity);
    return { answer: q.answer, rows: q.candidates.map((c) => features(space, entity(c), context)) };
  });
}

/**
 * Trains the compatibility model from `<dataDir>/hm-personalized-fashion-recommendations` and saves it to
 * `<home>/outfits/`.
 * @example
 * await trainCompatibility(config.dataDir, config.home, logger, { itemOf: (id) => catalog.get(`hm:${id}`) });
 */
export async function trainCompatibility(
  dataDir: string,
  home: string,
  logger: Logger,
  options: TrainOptions = {},
): Promise<CompatibilityParts> {
  logger.info('outfits: reading H&M baskets', { dataDir });
  const data = loadHmTrainingData(dataDir);
  logger.info('outfits: fitting compatibility', {
    articles: data.articles.ids.length,
    purchases: data.purchases.length,
    days: data.days,
    attributes: options.itemOf !== undefined,
  });
  const parts = fitCompatibility(data, options);
  parts.meta.dataKey = hmDataKey(dataDir);
  const dir = saveCompatibility(home, parts);
  logger.info('outfits: compatibility model saved', { dir, fitAccuracy: parts.meta.fitAccuracy });
  return parts;
}

/** Scorers of the FITB report over article indices, from a fitted model and the data. */
export function fitbScorers(parts: CompatibilityParts, data: HmTrainingData): Record<string, FitbScorer> {
  const scorers: Record<string, FitbScorer> = {};
  const hm = parts.hm;
  if (hm) {
    scorers.compatibility = tierScorer(hm.space, hm.ranker, (a) => hmArticleEntity(hm.articles, a));
    const attributes = ['product_type_no', 'colour_group_code', 'index_group_no'].map((name) => {
      const f = HM_FIELDS.indexOf(name as never);
      const table = hm.space.tables[f];
      const column = data.articles.codes[f];
      if (!table || !column) throw new Error(`the hm tier has no PMI table for ${name}`);
      return { table, column };
    });
    // candidates and context are article rows, so the column reads are in range (-1 would be 'unknown')
    scorers.attribute_pmi = (candidates, context) =>
      Float64Array.from(candidates, (c) => {
        let s = 0;
        for (const b of context) {
          for (const { table, column } of attributes) s += pmi(table, column[c] ?? -1, column[b] ?? -1);
        }
        return s;
      });
  }
  return scorers;
}
