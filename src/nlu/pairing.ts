/** "What shoes go with a navy suit?": a question for pieces of one kind that go with a piece of another kind. */
import type { Slots } from '../types.ts';

const PAIRING =
  /\b(?:what|which)\s+(.+?)\s+(?:go(?:es)?|would go|go(?:es)? well|looks? good|should i wear|can i wear|to wear|pairs?)\s+with\s+(.+?)[\s?.!]*$/iu;

/** The two phrases of a pairing question: the kind of piece wanted, and the piece it should go with. */
export interface PairingPhrases {
  wanted: string;
  around: string;
}

/**
 * The phrases of a "what X goes with Y" question (read over the canonical text of `act-text.ts`, so that
 * "wut shoes go wiht a navy suit" is one too).
 * @example
 * pairingPhrases('what shoes go with a navy suit?') // { wanted: 'shoes', around: 'a navy suit' }
 */
export function pairingPhrases(text: string): PairingPhrases | undefined {
  const [, wanted, around] = PAIRING.exec(text) ?? [];
  return wanted === undefined || around === undefined ? undefined : { wanted, around };
}

/**
 * The pairing slot: the kind of piece asked for and the piece it should go with, when both phrases name a kind of
 * piece (different ones); `slotsOf` reads the slots of a phrase.
 * @example
 * resolvePairing({ wanted: 'shoes', around: 'a navy suit' }, (phrase) => parser.extract(phrase).slots)
 * // { wanted: 'footwear', around: { category: 'suit', color: ['navy'] } }
 */
export function resolvePairing(phrases: PairingPhrases, slotsOf: (phrase: string) => Slots): Slots['pairing'] {
  const wanted = slotsOf(phrases.wanted).category;
  const { category, color, gender } = slotsOf(phrases.around);
  if (!wanted || !category || category === wanted) return undefined;
  return { wanted, around: { category, ...(color ? { color } : {}), ...(gender ? { gender } : {}) } };
}
