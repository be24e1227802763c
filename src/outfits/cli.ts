/**
 * `fashion-advisor eval outfits` and `train outfits`: learn the co-purchase compatibility from H&M baskets, then
 * measure it on basket fill-in-the-blank (held-out last day, popularity-weighted distractors) against random,
 * popularity and attribute-PMI baselines of the same run, and check hard-constraint satisfaction over generated
 * requests on the served catalogue.
 */
import { loadRecommender } from '../../models/recommender/index.ts';
import { loadCatalog, loadSourceItems } from '../catalog/index.ts';
import { COLORS, MATERIALS, OCCASIONS } from '../catalog/taxonomy.ts';
import { type Command, type CommandContext, intFlag, printJson, stringFlag, UsageError } from '../cli/command.ts';
import type { Config } from '../config.ts';
import { newProfile } from '../store/state.ts';
import type { Catalog, Gender, Item, Logger, OutfitRequest, Profile, Random, Season } from '../types.ts';
import { seededRandom } from '../util/random.ts';
import { loadCompatibilityParts } from './artifact.ts';
import { CompatibilityModel, type CompatibilityParts } from './compatibility.ts';
import { createComposer } from './composer.ts';
import { hardConstraints, outfitViolations } from './constraints.ts';
import { fitbAccuracy, makeFitbQuestions, popularityScorer, randomScorer } from './fitb.ts';
import { hasHmData, hmDataKey } from './hm-data.ts';
import {
  familyOf,
  fitbScorers,
  type HmTrainingData,
  loadHmTrainingData,
  PRODUCT_GROUP,
  purchaseCounts,
  trainCompatibility,
} from './train.ts';

/** Seed of the FITB questions and of the generated requests. */
export const EVAL_SEED = 42;

function dataDirOf(args: Parameters<Command>[0], config: Config): string {
  const dataDir = stringFlag(args, 'data') ?? config.dataDir;
  if (!hasHmData(dataDir)) {
    throw new UsageError(
      `the outfit model learns from H&M baskets: no hm-personalized-fashion-recommendations/ under ${dataDir ?? '(no data directory)'}; set FASHION_DATA_DIR or --data`,
    );
  }
  return dataDir;
}

/** The H&M catalogue items by article id (the `attributes` tier learns from their normalised attributes). */
function hmItems(dataDir: string, config: Config, logger: Logger): Map<string, Item> {
  const { items } = loadSourceItems('hm', dataDir, config.home, logger);
  return new Map(items.map((item) => [item.id.slice(3), item]));
}

/** The trained model from the data home when it matches the data, else trains (and saves) one. */
async function compatibilityFor(
  dataDir: string,
  context: CommandContext,
  retrain: boolean,
  itemOf: (articleId: string) => Item | undefined,
): Promise<CompatibilityParts> {
  const { config, logger } = context;
  if (!retrain) {
    try {
      const cached = loadCompatibilityParts(config.home);
      if (cached?.meta.dataKey === hmDataKey(dataDir) && cached.attributes) {
        logger.info('outfits: using the trained compatibility model', { version: cached.meta.version });
        return cached;
      }
    } catch (error) {
      logger.warn('outfits: saved model unreadable; retraining', { error: (error as Error).message });
    }
  }
  return trainCompatibility(dataDir, config.home, logger, { itemOf, trainedAt: new Date().toISOString() });
}

/** FITB report: the composer's compatibility and the baselines on the same questions. */
export function fitbReport(
  parts: CompatibilityParts,
  data: HmTrainingData,
  itemOf: (articleId: string) => Item | undefined,
  limit?: number,
) {
  const testDay = data.days.at(-1);
  if (testDay === undefined) throw new Error('no purchase days in the H&M data');
  const productGroups = data.articles.codes[PRODUCT_GROUP];
  if (!productGroups) throw new Error('H&M articles have no product group column');
  if (parts.meta.trainingDays.includes(testDay)) throw new Error(`the model was trained on the test day ${testDay}`);
  const questions = makeFitbQuestions(
    data.baskets.filter((b) => b.day === testDay).map((b) => b.articles),
    purchaseCounts(data, data.days),
    productGroups,
    seededRandom(EVAL_SEED),
    { limit },
  );
  const { compatibility, attribute_pmi: attributePmi } = fitbScorers(parts, data);
  if (!parts.hm || !compatibility || !attributePmi) throw new Error('the FITB report needs the hm tier');
  const accuracy = (scorer: Parameters<typeof fitbAccuracy>[1]) =>
    round(fitbAccuracy(questions, scorer, seededRandom(1)));
  const model = new CompatibilityModel(parts, familyOf);
  const item = (a: number) => {
    const id = data.articles.ids[a];
    return id === undefined ? undefined : itemOf(id);
  };
  const attributesOnly = parts.attributes
    ? accuracy((candidates, context) => {
        const contextItems = context.map(item).filter((i): i is Item => i !== undefined);
        return candidates.map((c) => {
          const candidate = item(c);
          return candidate ? model.scoreByAttributes(candidate, contextItems) : Number.NEGATIVE_INFINITY;
        });
      })
    : undefined;
  return {
    n: questions.length,
    accuracy: accuracy(compatibility),
    random: accuracy(randomScorer),
    popularity: accuracy(popularityScorer(parts.hm.articles.purchases)),
    attribute_pmi: accuracy(attributePmi),
    attributes_only: attributesOnly,
    test_day: testDay,
    training_days: parts.meta.trainingDays,
    choices: 4,
  };
}

const GENDERS: Gender[] = ['women', 'men', 'women', 'men', 'girls', 'boys'];
const SEASONS: Season[] = ['spring', 'summer', 'autumn', 'winter'];

function pick<T>(random: Random, values: ArrayLike<T>): T {
  const value = values[Math.floor(random.next() * values.length)];
  if (value === undefined) throw new RangeError('pick from an empty list');
  return value;
}

/**
 * A random outfit request: department, occasion, season or temperature, budget, excluded colours and materials,
 * sometimes a size or an anchor piece.
 * @example
 * generateRequest(seededRandom(1), catalog);
 */
export function generateRequest(random: Random, catalog: Catalog): OutfitRequest {
  const gender = pick(random, GENDERS);
  const r = () => random.next();
  const request: OutfitRequest = {
    gender,
    occasion: r() < 0.85 ? pick(random, Object.keys(OCCASIONS)) : undefined,
    excludeColors: Array.from({ length: Math.floor(r() * 3) }, () => pick(random, COLORS)),
    excludeMaterials: r() < 0.3 ? [pick(random, MATERIALS)] : [],
    k: 3,
  };
  const climate = r();
  if (climate < 0.35) request.season = pick(random, SEASONS);
  else if (climate < 0.65) request.weather = { temperatureC: Math.round(-5 + r() * 40) };
  if (r() < 0.6) request.budgetMax = Math.round(40 + r() * 460);
  if (r() < 0.15) request.sizes = { top: pick(random, ['S', 'M', 'L']), shoes: pick(random, ['38', '40', '42', '44']) };
  if (r() < 0.15 && catalog.size > 0) {
    const anchors = catalog.match({ categories: ['footwear', 'top', 'bottom', 'bag'], genders: [gender] });
    const anchor = anchors.length > 0 ? catalog.items[pick(random, anchors)] : undefined;
    if (anchor) request.anchorItemId = anchor.id;
  }
  return request;
}

/** An empty profile for generated requests. */
function anonymousProfile(): Profile {
  return newProfile('eval', 0);
}

/**
 * Composes outfits for `n` generated requests and counts those that break a hard constraint.
 * @example
 * constraintReport(catalog, composer, 500);
 */
export function constraintReport(catalog: Catalog, composer: ReturnType<typeof createComposer>, n: number) {
  const random = seededRandom(EVAL_SEED);
  const profile = anonymousProfile();
  let outfits = 0;
  let satisfied = 0;
  let answered = 0;
  const violations: string[] = [];
  for (let i = 0; i < n; i++) {
    const request = generateRequest(random, catalog);
    const composed = composer.compose(request, profile);
    if (composed.length > 0) answered++;
    const constraints = hardConstraints(request, profile);
    for (const outfit of composed) {
      outfits++;
      const broken = outfitViolations(
        outfit.items.map((s) => s.item),
        constraints,
      );
      if (broken.length === 0) satisfied++;
      else if (violations.length < 5) violations.push(`${JSON.stringify(request)}: ${broken.join('; ')}`);
    }
  }
  return {
    n,
    outfits,
    satisfied: outfits > 0 ? round(satisfied / outfits) : 1,
    requests_with_outfits: answered,
    examples_of_violations: violations,
  };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/**
 * `eval outfits [--data DIR] [--requests N] [--questions N] [--retrain] [--json]`
 * @example
 * fashion-advisor eval outfits --json
 */
export const evalOutfits: Command = async (args, context) => {
  const { config, logger } = context;
  const dataDir = dataDirOf(args, config);
  const requests = intFlag(args, 'requests', 500);
  const questionLimit = args.flags.questions === undefined ? undefined : intFlag(args, 'questions', 0);
  const items = hmItems(dataDir, config, logger);
  const itemOf = (articleId: string) => items.get(articleId);
  const parts = await compatibilityFor(dataDir, context, args.flags.retrain === true, itemOf);
  const data = loadHmTrainingData(dataDir);
  const fitb = fitbReport(parts, data, itemOf, questionLimit);
  logger.info('outfits: FITB done', fitb);
  const catalog = await loadCatalog({ ...config, dataDir }, logger);
  const recommender = await loadRecommender(catalog, config, logger);
  const composer = createComposer(catalog, recommender, { compatibility: new CompatibilityModel(parts, familyOf) });
  const constraints = constraintReport(catalog, composer, requests);
  const report = {
    fitb,
    constraints,
    composer: composer.name,
    catalog: { sources: catalog.sources, items: catalog.size },
  };
  if (args.flags.json) printJson(context.stdout, report);
  else {
    context.stdout.write(
      [
        `FITB (${fitb.n} questions, ${fitb.test_day}, 4 choices): composer ${fitb.accuracy}  random ${fitb.random}  popularity ${fitb.popularity}  attribute PMI ${fitb.attribute_pmi}  attributes only ${fitb.attributes_only ?? '-'}`,
        `constraints: ${constraints.outfits} outfits for ${constraints.n} requests (${constraints.requests_with_outfits} answered), ${constraints.satisfied * 100}% meet every hard constraint`,
        '',
      ].join('\n'),
    );
  }
  return 0;
};

/**
 * `train outfits [--data DIR]`: learns the compatibility model and saves it to `<home>/outfits/`.
 * @example
 * fashion-advisor train outfits
 */
export const trainOutfits: Command = async (args, context) => {
  const { config, logger } = context;
  const dataDir = dataDirOf(args, config);
  const items = hmItems(dataDir, config, logger);
  await compatibilityFor(dataDir, context, true, (id) => items.get(id));
  return 0;
};
