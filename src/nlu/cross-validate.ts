/**
 * Stratified k-fold cross-validation of the parser on the project's own data: per-intent precision/recall/F1,
 * macro-F1 per language, slot F1, the same folds on noisy copies of the held-out utterances (`noise.ts`),
 * confidence calibration, and the NLP.js peer on the same folds.
 */
import { INTENTS, type Intent, type Language } from '../types.ts';
import type { Example } from './data.ts';
import {
  calibrate,
  classificationReport,
  contentPairs,
  type Prediction,
  type Prf,
  setPrf,
  stratifiedFolds,
} from './evaluate.ts';
import { noisyCopy } from './noise.ts';
import { NluParser } from './parser.ts';
import { nlpjsAvailable, trainNlpjs } from './peer.ts';
import { NEW_SLOT_KEYS } from './slots.ts';
import { trainParser } from './train.ts';

/** The cross-validation report printed by `eval nlu --json`. */
export interface CrossValidationReport {
  folds: number;
  examples: number;
  accuracy: number;
  macro_f1: number;
  per_intent: Record<string, Prf & { support: number }>;
  languages: Record<Language, { examples: number; accuracy: number; macro_f1: number }>;
  slots: Prf & { examples: number };
  /**
   * Slot scores without this session's new slots (wishes, flags), which the older annotations do not list: a parse
   * that finds them there is not wrong, but the full score counts it as a false positive.
   */
  slots_original_schema: Prf;
  /** The same folds, each held-out utterance replaced by its noisy copy (`noise.ts`). */
  noisy: {
    accuracy: number;
    macro_f1: number;
    /** Clean minus noisy macro-F1. */
    macro_f1_drop: number;
    languages: Record<Language, { macro_f1: number }>;
    /** Slot F1 of the noisy copies against the clean gold slots. */
    slots: Prf;
  };
  calibration: ReturnType<typeof calibrate>;
  per_second: number;
  peer: {
    nlpjs:
      | { macro_f1: number; accuracy: number; languages: Record<string, { macro_f1: number }>; per_second: number }
      | { skipped: string };
  };
}

/** Options of `crossValidate`. */
export interface CrossValidationOptions {
  folds?: number;
  seed?: number;
  peer?: boolean;
  tagger?: boolean;
  progress?: (message: string) => void;
}

/** What the folds predicted for every example, each from the fold that held it out. */
interface OutOfFold {
  predictions: Prediction[];
  noisy: { intent: Intent; slots: string[] }[];
  peerIntents: Intent[];
  parseSeconds: number;
  peerSeconds: number;
}

/** Trains on every fold but one and predicts the held-out examples, clean, noisy and by the peer. */
async function runFold(
  examples: readonly Example[],
  test: readonly number[],
  train: readonly Example[],
  options: { tagger: boolean; peer: boolean },
  out: OutOfFold,
): Promise<void> {
  const parser = new NluParser(await trainParser(train, { temperature: 1, tagger: options.tagger }));
  const started = performance.now();
  for (const i of test) {
    const text = examples[i]?.text ?? '';
    const parse = parser.parse(text);
    const byIntent = new Map(parser.rank(parser.extract(text)).map((p) => [p.intent, p.confidence]));
    out.predictions[i] = {
      intent: parse.intent,
      probs: INTENTS.map((intent) => byIntent.get(intent) ?? 0),
      slots: contentPairs(parse.slots),
    };
  }
  out.parseSeconds += (performance.now() - started) / 1000;
  for (const i of test) {
    const parse = parser.parse(noisyCopy(examples[i]?.text ?? '', i));
    out.noisy[i] = { intent: parse.intent, slots: contentPairs(parse.slots) };
  }
  if (!options.peer) return;
  const peer = await trainNlpjs(train);
  const peerStarted = performance.now();
  for (const i of test) {
    const e = examples[i];
    if (e) out.peerIntents[i] = (await peer.classify(e.text, e.language)).intent;
  }
  out.peerSeconds += (performance.now() - peerStarted) / 1000;
}

/** Macro-F1 (and accuracy) of some predicted intents, for the examples of one language. */
function languageReport(examples: readonly Example[], predicted: readonly Intent[], language: Language) {
  const idx = examples.map((e, i) => (e.language === language ? i : -1)).filter((i) => i >= 0);
  const report = classificationReport(
    idx.map((i) => examples[i]?.intent ?? 'out_of_scope'),
    idx.map((i) => predicted[i] ?? 'out_of_scope'),
    INTENTS,
  );
  return { examples: idx.length, accuracy: report.accuracy, macro_f1: report.macro_f1 };
}

/** Slot scores of the examples that carry gold slots: all slots, and the original schema's only. */
function slotScores(examples: readonly Example[], predicted: readonly (readonly string[])[]) {
  const withSlots = examples.map((e, i) => ({ gold: e.slots, i })).filter(({ gold }) => gold !== undefined);
  const gold = withSlots.map(({ gold }) => gold ?? []);
  const found = withSlots.map(({ i }) => predicted[i] ?? []);
  const oldKeys = (pairs: readonly string[]) => pairs.filter((p) => !NEW_SLOT_KEYS.has(p.slice(0, p.indexOf('='))));
  return {
    all: { ...setPrf(gold, found), examples: withSlots.length },
    originalSchema: setPrf(gold.map(oldKeys), found.map(oldKeys)),
    gold,
    found,
  };
}

/** The peer's scores on the same folds, or why there are none. */
function peerScores(
  examples: readonly Example[],
  out: OutOfFold,
  options: CrossValidationOptions,
  ran: boolean,
): CrossValidationReport['peer']['nlpjs'] {
  if (!ran) {
    return { skipped: options.peer === false ? 'not requested' : 'node-nlp is not installed (it is a dev dependency)' };
  }
  const report = classificationReport(
    examples.map((e) => e.intent),
    out.peerIntents,
    INTENTS,
  );
  const languages: Record<string, { macro_f1: number }> = {};
  for (const language of ['en', 'zh'] as const) {
    languages[language] = { macro_f1: languageReport(examples, out.peerIntents, language).macro_f1 };
  }
  return {
    macro_f1: report.macro_f1,
    accuracy: report.accuracy,
    languages,
    per_second: Math.round(examples.length / Math.max(out.peerSeconds, 1e-9)),
  };
}

/**
 * Stratified k-fold cross-validation of our parser (and of NLP.js, when installed and `peer` is set).
 * @example
 * const report = await crossValidate(loadExamples('data/nlu'), { folds: 5 });
 */
export async function crossValidate(
  examples: readonly Example[],
  options: CrossValidationOptions = {},
): Promise<CrossValidationReport> {
  const k = options.folds ?? 5;
  const foldOf = stratifiedFolds(examples, k, options.seed ?? 1);
  const out: OutOfFold = { predictions: [], noisy: [], peerIntents: [], parseSeconds: 0, peerSeconds: 0 };
  const runPeer = options.peer !== false && nlpjsAvailable();
  for (let fold = 0; fold < k; fold++) {
    const train = examples.filter((_, i) => foldOf[i] !== fold);
    const test = examples.map((_, i) => i).filter((i) => foldOf[i] === fold);
    await runFold(examples, test, train, { tagger: options.tagger ?? false, peer: runPeer }, out);
    options.progress?.(`fold ${fold + 1}/${k} done`);
  }
  const gold = examples.map((e) => e.intent);
  const predicted = out.predictions.map((p) => p.intent);
  const noisyIntents = out.noisy.map((p) => p.intent);
  const overall = classificationReport(gold, predicted, INTENTS);
  const noisy = classificationReport(gold, noisyIntents, INTENTS);
  const slots = slotScores(
    examples,
    out.predictions.map((p) => p.slots),
  );
  const noisySlots = slotScores(
    examples,
    out.noisy.map((p) => p.slots),
  );
  return {
    folds: k,
    examples: examples.length,
    accuracy: overall.accuracy,
    macro_f1: overall.macro_f1,
    per_intent: overall.per_label,
    languages: {
      en: languageReport(examples, predicted, 'en'),
      zh: languageReport(examples, predicted, 'zh'),
    },
    slots: slots.all,
    slots_original_schema: slots.originalSchema,
    noisy: {
      accuracy: noisy.accuracy,
      macro_f1: noisy.macro_f1,
      macro_f1_drop: Math.round((overall.macro_f1 - noisy.macro_f1) * 1e4) / 1e4,
      languages: {
        en: { macro_f1: languageReport(examples, noisyIntents, 'en').macro_f1 },
        zh: { macro_f1: languageReport(examples, noisyIntents, 'zh').macro_f1 },
      },
      slots: setPrf(noisySlots.gold, noisySlots.found),
    },
    calibration: calibrate(gold, out.predictions),
    per_second: Math.round(examples.length / Math.max(out.parseSeconds, 1e-9)),
    peer: { nlpjs: peerScores(examples, out, options, runPeer) },
  };
}
