/**
 * Scores the dialogue acts (`dialogue-acts.ts`) on their labelled set, `data/nlu/acts/<language>/<intent>.txt`: each
 * line lists the acts it carries (`surprise=true`, `follow_up=more` …; a line without any carries none), so a
 * false act on a plain message counts too. The same set is scored again as noisy copies (`noise.ts`).
 */
import type { Language, Slots } from '../types.ts';
import type { Example } from './data.ts';
import { DIALOGUE_ACT_KEYS } from './dialogue-acts.ts';
import { type Prf, setPrf } from './evaluate.ts';
import { noisyCopy } from './noise.ts';
import { flattenSlots } from './slots.ts';

/** The report of `eval nlu` on the dialogue acts. */
export interface DialogueActsReport {
  examples: number;
  /** Micro scores over every act. */
  acts: Prf;
  per_act: Record<string, Prf & { support: number }>;
  languages: Record<Language, { examples: number; f1: number }>;
  /** The same utterances typed carelessly (typos, chat spellings, no punctuation). */
  noisy: Prf;
}

const keyOf = (pair: string) => pair.slice(0, pair.indexOf('='));
const actPairs = (pairs: readonly string[]) => pairs.filter((pair) => DIALOGUE_ACT_KEYS.has(keyOf(pair)));

/**
 * Scores a parser's dialogue acts on labelled utterances, clean and noisy.
 * @example
 * evaluateDialogueActs(parser, loadExamples('data/nlu/acts')).acts.f1;
 */
export function evaluateDialogueActs(
  parser: { parse(text: string): { slots: Slots } },
  examples: readonly Example[],
): DialogueActsReport {
  const gold = examples.map((e) => actPairs(e.slots ?? []));
  const predicted = examples.map((e) => actPairs(flattenSlots(parser.parse(e.text).slots)));
  const noisy = examples.map((e, i) => actPairs(flattenSlots(parser.parse(noisyCopy(e.text, i)).slots)));
  const per_act: DialogueActsReport['per_act'] = {};
  for (const key of DIALOGUE_ACT_KEYS) {
    const only = (pairs: readonly string[]) => pairs.filter((pair) => keyOf(pair) === key);
    const support = gold.reduce((sum, pairs) => sum + only(pairs).length, 0);
    const found = predicted.reduce((sum, pairs) => sum + only(pairs).length, 0);
    if (support > 0 || found > 0) per_act[key] = { ...setPrf(gold.map(only), predicted.map(only)), support };
  }
  const languages = {} as DialogueActsReport['languages'];
  for (const language of ['en', 'zh'] as const) {
    // gold and predicted hold one entry per example, in the examples' order.
    const inLanguage = (_: unknown, i: number) => examples[i]?.language === language;
    languages[language] = {
      examples: examples.filter(inLanguage).length,
      f1: setPrf(gold.filter(inLanguage), predicted.filter(inLanguage)).f1,
    };
  }
  return {
    examples: examples.length,
    acts: setPrf(gold, predicted),
    per_act,
    languages,
    noisy: setPrf(gold, noisy),
  };
}
