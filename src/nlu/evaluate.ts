/**
 * The scores the parser's evaluations share: precision/recall/F1 per class and over sets of pairs, stratified folds,
 * confidence calibration (softmax temperature and the ask-instead-of-guess threshold), and slot F1 on the
 * multi-constraint set. Cross-validation itself is in `cross-validate.ts`.
 */
import { INTENTS, type Intent, type Language } from '../types.ts';
import { seededRandom } from '../util/random.ts';
import type { Example } from './data.ts';
import { withoutActs } from './dialogue-acts.ts';
import { flattenSlots, type NluSlots } from './slots.ts';

/** Precision, recall and F1 of one class or of a set of pairs. */
export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

const r4 = (x: number) => Math.round(x * 10000) / 10000;

function prf(tp: number, fp: number, fn: number): Prf {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision: r4(precision), recall: r4(recall), f1: r4(f1) };
}

/** Classification report over labels. Macro-F1 averages over labels that occur in gold or predictions. */
export function classificationReport<L extends string>(
  gold: readonly L[],
  predicted: readonly L[],
  labels: readonly L[],
) {
  const perLabel = {} as Record<L, Prf & { support: number }>;
  let correct = 0;
  const scored: number[] = [];
  for (const label of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      if (predicted[i] === label && gold[i] === label) tp++;
      else if (predicted[i] === label) fp++;
      else if (gold[i] === label) fn++;
    }
    const support = tp + fn;
    if (support === 0 && fp === 0) continue;
    perLabel[label] = { ...prf(tp, fp, fn), support };
    scored.push(perLabel[label].f1);
  }
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) correct++;
  return {
    accuracy: r4(gold.length ? correct / gold.length : 0),
    macro_f1: r4(scored.length ? scored.reduce((a, b) => a + b, 0) / scored.length : 0),
    per_label: perLabel,
  };
}

/**
 * Micro precision/recall/F1 of predicted vs gold `key=value` sets.
 * @example
 * setPrf([['color=blue']], [['color=blue', 'size=M']]); // precision 0.5, recall 1
 */
export function setPrf(gold: readonly (readonly string[])[], predicted: readonly (readonly string[])[]): Prf {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < gold.length; i++) {
    const g = new Set(gold[i]);
    const p = new Set(predicted[i]);
    for (const x of p)
      if (g.has(x)) tp++;
      else fp++;
    for (const x of g) if (!p.has(x)) fn++;
  }
  return prf(tp, fp, fn);
}

/**
 * Assigns each example to one of `k` folds, stratified by intent and language (deterministic for a seed).
 * @example
 * stratifiedFolds(examples, 5, 1); // [3, 0, 4, …]
 */
export function stratifiedFolds(examples: readonly Example[], k: number, seed: number): number[] {
  const random = seededRandom(seed);
  const groups = new Map<string, number[]>();
  examples.forEach((e, i) => {
    const key = `${e.language}:${e.intent}`;
    const list = groups.get(key) ?? [];
    list.push(i);
    groups.set(key, list);
  });
  const folds = new Array<number>(examples.length).fill(0);
  let offset = 0;
  const byKey = [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [, list] of byKey) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      // Fisher–Yates: i and j are both within the list.
      [list[i], list[j]] = [list[j] ?? 0, list[i] ?? 0];
    }
    list.forEach((index, position) => {
      folds[index] = (position + offset) % k;
    });
    offset += list.length;
  }
  return folds;
}

/** The `key=value` pairs of what a parse says about pieces: dialogue acts are scored on their own set. */
export const contentPairs = (slots: NluSlots) => flattenSlots(withoutActs(slots));

/** Out-of-fold predictions of one example. */
export interface Prediction {
  intent: Intent;
  /** Probabilities at temperature 1, in `INTENTS` order. */
  probs: number[];
  slots: string[];
}

function withTemperature(probs: readonly number[], t: number): number[] {
  const logits = probs.map((p) => Math.log(Math.max(p, 1e-12)) / t);
  const max = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/**
 * Fits the softmax temperature that minimises the negative log-likelihood of out-of-fold predictions, then picks
 * the confidence threshold: the lowest one at which the accepted predictions are at least `target` accurate
 * (95 % by default: one wrong guess in twenty; below the threshold the engine asks a question instead).
 */
export function calibrate(gold: readonly Intent[], predictions: readonly Prediction[], target = 0.95) {
  let best = { temperature: 1, nll: Infinity };
  for (let t = 0.5; t <= 6.0001; t += 0.1) {
    let nll = 0;
    predictions.forEach((p, i) => {
      const intent = gold[i];
      if (intent === undefined) throw new Error(`calibrate: prediction ${i} has no gold intent`);
      // probs holds one probability per intent, so a known intent's index is in range.
      const q = withTemperature(p.probs, t)[INTENTS.indexOf(intent)] ?? 0;
      nll -= Math.log(Math.max(q, 1e-12));
    });
    if (nll < best.nll) best = { temperature: r4(t), nll };
  }
  const confident = predictions.map((p, i) => ({
    confidence: Math.max(...withTemperature(p.probs, best.temperature)),
    correct: p.intent === gold[i],
  }));
  let threshold = 0.95;
  for (let t = 0.2; t <= 0.95; t += 0.01) {
    const accepted = confident.filter((c) => c.confidence >= t);
    const accuracy = accepted.filter((c) => c.correct).length / Math.max(1, accepted.length);
    if (accuracy >= target) {
      threshold = r4(t);
      break;
    }
  }
  const accepted = confident.filter((c) => c.confidence >= threshold);
  // Expected calibration error over 10 confidence bins.
  let ece = 0;
  for (let b = 0; b < 10; b++) {
    const bin = confident.filter((c) => c.confidence >= b / 10 && (c.confidence < (b + 1) / 10 || b === 9));
    if (!bin.length) continue;
    const acc = bin.filter((c) => c.correct).length / bin.length;
    const conf = bin.reduce((a, c) => a + c.confidence, 0) / bin.length;
    ece += (bin.length / confident.length) * Math.abs(acc - conf);
  }
  return {
    temperature: best.temperature,
    threshold,
    target_accuracy: target,
    coverage: r4(accepted.length / Math.max(1, confident.length)),
    accepted_accuracy: r4(accepted.filter((c) => c.correct).length / Math.max(1, accepted.length)),
    ece: r4(ece),
  };
}

/** Slot scores on the multi-constraint set (`data/nlu-eval`): utterances with three or more gold slots. */
export interface MultiConstraintReport {
  examples: number;
  slots: Prf;
  languages: Record<Language, { examples: number; f1: number }>;
}

/**
 * Scores a parser trained without them on utterances that carry several wishes at once.
 * @example
 * evaluateMultiConstraint(parser, loadExamples('data/nlu-eval')).slots.f1;
 */
export function evaluateMultiConstraint(
  parser: { parse(text: string): { slots: NluSlots } },
  examples: readonly Example[],
): MultiConstraintReport {
  const labelled = examples.flatMap(({ slots, language, text }) =>
    slots && slots.length >= 3 ? [{ language, gold: slots, predicted: contentPairs(parser.parse(text).slots) }] : [],
  );
  const languages = {} as MultiConstraintReport['languages'];
  for (const language of ['en', 'zh'] as const) {
    const rows = labelled.filter((e) => e.language === language);
    languages[language] = {
      examples: rows.length,
      f1: setPrf(
        rows.map((e) => e.gold),
        rows.map((e) => e.predicted),
      ).f1,
    };
  }
  return {
    examples: labelled.length,
    slots: setPrf(
      labelled.map((e) => e.gold),
      labelled.map((e) => e.predicted),
    ),
    languages,
  };
}
