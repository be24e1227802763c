/**
 * The intent parser: slot extraction + a logistic-regression intent classifier + a few context rules
 * ("in blue?" right after a search is a refinement; an answer to the bot's question continues that request).
 */
import { INTENTS, type Intent, type IntentParser, type Parse, type ParseContext } from '../types.ts';
import { seededRandom } from '../util/random.ts';
import { adviceSlotsFor, preferAdvice, withAdviceSlots } from './advice-slots.ts';
import { type Classifier, type ClassifierModel, classifierFromJSON, trainClassifier } from './classifier.ts';
import type { Example } from './data.ts';
import { featuresOf } from './features.ts';
import { NearestWord } from './fuzzy.ts';
import { SpellingCorrector } from './matcher.ts';
import { type NeuralModel, NeuralTagger, tokenFeatures } from './neural.ts';
import { resolvePairing } from './pairing.ts';
import { hasUncoveredWord, recoverSlots } from './recover.ts';
import { preferShopping } from './shopping-wish.ts';
import { type Extraction, extractSlots, type NluSlots } from './slots.ts';

const EMOJI = /\p{Extended_Pictographic}/u;

/** Parser version, part of `Parse.source`. */
export const PARSER_VERSION = 'fa-nlu@1';

/**
 * Softmax temperature and confidence threshold used when the model is trained in memory (no cross-validation).
 * They are what `fashion-advisor train nlu` calibrated on the bundled data (5-fold out-of-fold predictions):
 * the temperature minimising the negative log-likelihood, and the lowest threshold at which the accepted
 * predictions are 95 % right (≈ 92 % of utterances accepted; below it the engine asks instead of guessing).
 * `train nlu` recalibrates both for the data it trains on and saves them with the model.
 */
export const DEFAULT_TEMPERATURE = 0.7;
export const DEFAULT_THRESHOLD = 0.67;

/** A trained parser model as saved by `train nlu`. */
export interface NluModel {
  version: string;
  classifier: ClassifierModel;
  threshold: number;
  dataHash: string;
  trainedAt: string;
  metrics?: unknown;
  /** The learned slot tagger (`neural.ts`), when `train nlu` trained one; without it the lexicons alone give slots. */
  tagger?: NeuralModel;
}

const SEARCHING: ReadonlySet<Intent> = new Set(['product_search', 'outfit_request', 'refine', 'inspiration']);
const ASKING: ReadonlySet<Intent> = new Set(['item_question', 'compare']);
const REFINING_SLOTS: readonly (keyof NluSlots)[] = [
  'color',
  'exclude_color',
  'pattern',
  'material',
  'exclude_material',
  'season',
  'weather',
  'budget_max',
  'budget_min',
  'price_direction',
  'size',
  'style',
  'exclude_style',
  'brand',
  'sleeve_length',
  'occasion',
  'gender',
  'rating',
  'price_level',
  'detail',
  'coverage',
  'fit',
  'length',
  'price_sort',
  'age',
  'age_group',
  'exclude_category',
];
/** What a short follow-up to a trend answer may name and still ask about trends ("for men?", 男生的呢). */
const TREND_FOLLOW_UPS: readonly (keyof NluSlots)[] = ['gender', 'region', 'season', 'category', 'detail'];

/**
 * Trains the intent model on examples (about a second for the bundled data).
 * @example
 * const model = trainModel(loadExamples('data/nlu'));
 */
export function trainModel(
  examples: readonly Example[],
  options: { seed?: number; temperature?: number; threshold?: number; dataHash?: string } = {},
): NluModel {
  const corrector = new SpellingCorrector();
  const rows = examples.map((e) => ({
    features: featuresOf(withAdviceSlots(extractSlots(e.text, corrector), e.text)),
    label: e.intent,
  }));
  // Five shorter runs over different example orders, averaged: +0.4 points of cross-validated macro-F1 over one
  // 15-epoch run, for about three times the training time (well under two seconds).
  const classifier = trainClassifier(rows, INTENTS, { random: seededRandom(options.seed ?? 7), runs: 5, epochs: 8 });
  return {
    version: PARSER_VERSION,
    classifier: classifier.toJSON(options.temperature ?? DEFAULT_TEMPERATURE),
    threshold: options.threshold ?? DEFAULT_THRESHOLD,
    dataHash: options.dataHash ?? '',
    trainedAt: new Date(0).toISOString(),
  };
}

/** Keeps only the slots that make sense for the chosen intent. */
function slotsFor(intent: Intent, slots: NluSlots): NluSlots {
  const own = adviceSlotsFor(intent, slots);
  if (ASKING.has(intent) || !own.request_slots) return own;
  const { request_slots: _dropped, ...rest } = own;
  return rest;
}

function hasRefiningSlot(slots: NluSlots): boolean {
  return REFINING_SLOTS.some((k) => slots[k] !== undefined);
}

/** Parser built from a trained model. */
export class NluParser implements IntentParser {
  readonly version: string;
  readonly threshold: number;
  private readonly classifier: Classifier;
  private readonly corrector: SpellingCorrector;
  private readonly tagger: NeuralTagger | undefined;
  /** The nearest known word for a word the classifier never saw. */
  private readonly unknownWord: (word: string) => string | undefined;

  constructor(readonly model: NluModel) {
    this.classifier = classifierFromJSON(model.classifier);
    this.corrector = new SpellingCorrector();
    this.tagger = model.tagger ? new NeuralTagger(model.tagger) : undefined;
    const known = new Set(model.classifier.features);
    const nearest = new NearestWord(model.classifier.features.filter((f) => f.startsWith('w:')).map((f) => f.slice(2)));
    this.unknownWord = (word) => (known.has(`w:${word}`) ? undefined : nearest.nearest(word));
    this.threshold = model.threshold;
    this.version = `${model.version}${model.dataHash ? `+${model.dataHash.slice(0, 8)}` : ''}`;
  }

  /**
   * Slots and tokens only (no intent). When a word no lexicon phrase covers is left, the learned tagger labels the
   * tokens and the slots it finds on such words are added (`recover.ts`).
   */
  extract(text: string): Extraction {
    const extraction = extractSlots(text, this.corrector);
    if (this.tagger && hasUncoveredWord(extraction, (word) => this.corrector.isKnown(word))) {
      recoverSlots(extraction, this.tagger.run(tokenFeatures(extraction, this.tagger.shape)), this.tagger.tags);
    }
    return withAdviceSlots(extraction, text);
  }

  /** Intent probabilities for an extraction, best first. */
  rank(extraction: Extraction): { intent: Intent; confidence: number }[] {
    const probs = this.classifier.predict(featuresOf(extraction, this.unknownWord));
    // The classifier scores one probability per intent, in INTENTS order: `?? 0` never applies.
    return INTENTS.map((intent, i) => ({ intent, confidence: probs[i] ?? 0 })).sort(
      (a, b) => b.confidence - a.confidence,
    );
  }

  parse(text: string, context: ParseContext = {}): Parse {
    const extraction = this.extract(text);
    const words = extraction.tokens.filter((t) => t.kind !== 'sym' || EMOJI.test(t.norm)).length;
    if (words === 0) {
      return {
        text,
        intent: 'out_of_scope',
        confidence: 0,
        slots: {},
        spans: [],
        alternatives: [],
        language: context.language ?? extraction.language,
        source: this.version,
      };
    }
    let ranking = this.rank(extraction);
    ranking = preferShopping(
      preferAdvice(applyContext(ranking, extraction, context, words), extraction),
      extraction,
      text,
    );
    const [best, ...rest] = ranking;
    if (!best) throw new Error('parse: the intent ranking is empty');
    const slots = slotsFor(best.intent, extraction.slots);
    const pairing = extraction.pairing && resolvePairing(extraction.pairing, (phrase) => this.extract(phrase).slots);
    if (pairing) slots.pairing = pairing;
    return {
      text,
      intent: best.intent,
      confidence: round(best.confidence),
      slots,
      spans: extraction.spans.filter((s) => s.slot in slots) as Parse['spans'],
      alternatives: rest.slice(0, 3).map((a) => ({ intent: a.intent, confidence: round(a.confidence) })),
      language: extraction.language,
      source: this.version,
    };
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Moves `intent` to the top of the ranking with at least `confidence`. */
function promote(ranking: { intent: Intent; confidence: number }[], intent: Intent, confidence: number) {
  const others = ranking.filter((r) => r.intent !== intent);
  const current = ranking.find((r) => r.intent === intent)?.confidence ?? 0;
  return [{ intent, confidence: Math.max(current, confidence) }, ...others];
}

/**
 * Context rules (documented in the module comment):
 * - the bot asked for a slot and the answer is short and fills it → the pending request continues;
 * - a short, slot-only utterance right after a search ("in blue?", "and for winter?", "under 50") → `refine`.
 */
function applyContext(
  ranking: { intent: Intent; confidence: number }[],
  extraction: Extraction,
  context: ParseContext,
  words: number,
): { intent: Intent; confidence: number }[] {
  const [top] = ranking;
  if (!top) return ranking;
  const slots = extraction.slots;
  const afterSearch = context.previousIntent !== undefined && SEARCHING.has(context.previousIntent);
  if (context.awaitingSlot && context.previousIntent && words <= 6) {
    const filled =
      slots[context.awaitingSlot as keyof NluSlots] !== undefined ||
      (context.awaitingSlot === 'budget_max' && slots.budget_min !== undefined);
    if (filled && !['privacy_forget', 'privacy_export', 'goodbye', 'help'].includes(top.intent)) {
      return promote(ranking, context.previousIntent, 0.9);
    }
  }
  // "for men?", 男生的呢, "and in the uk?" right after trends: the same question for them.
  if (
    context.previousIntent === 'trend_query' &&
    words <= 5 &&
    TREND_FOLLOW_UPS.some((k) => slots[k] !== undefined) &&
    (SEARCHING.has(top.intent) || top.confidence < 0.6)
  ) {
    return promote(ranking, 'trend_query', 0.85);
  }
  // "the 2nd one in navy?", "do u have the 1st in size 32": a question about a piece just shown.
  if (
    (context.lastShownCount ?? 0) > 0 &&
    words <= 8 &&
    slots.reference?.kind === 'ordinal' &&
    (slots.color || slots.size) &&
    top.intent !== 'compare' &&
    (top.intent !== 'item_question' || top.confidence < 0.85)
  ) {
    return promote(ranking, 'item_question', 0.85);
  }
  if (afterSearch && words <= 6 && hasRefiningSlot(slots) && !slots.category && !slots.reference) {
    if (
      top.intent === 'product_search' ||
      top.intent === 'outfit_request' ||
      top.intent === 'refine' ||
      top.confidence < 0.6
    ) {
      if (top.intent !== 'set_preference' || top.confidence < 0.6) return promote(ranking, 'refine', 0.85);
    }
  }
  return ranking;
}

/**
 * Builds a parser from a saved model, or trains one in memory from the given examples.
 * @example
 * const parser = buildParser({ examples: loadExamples('data/nlu') });
 * parser.parse('something in blue?', { previousIntent: 'product_search' }).intent; // 'refine'
 */
export function buildParser(source: { model: NluModel } | { examples: readonly Example[] }): NluParser {
  const model = 'model' in source ? source.model : trainModel(source.examples);
  return new NluParser(model);
}
