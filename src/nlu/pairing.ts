/** "What shoes go with a navy suit?": a question for pieces of one kind that go with a piece of another kind. */
import type { Slots } from '../types.ts';
import { canonicalText } from './act-text.ts';
import { normalizeText, tokenize } from './text.ts';

const PAIRING =
  /\b(?:what|which)\s+(.+?)\s+(?:go(?:es)?|would go|go(?:es)? well|looks? good|should i wear|can i wear|to wear|pairs?)\s+with\s+(.+?)[\s?.!]*$/i;

/**
 * The kind of piece asked for and the piece it should go with, when the message asks "what X goes with Y" and both
 * name a kind of piece (different ones); `slotsOf` reads the slots of each phrase, `known` tells words without a typo
 * (the question is read in its canonical copy: "wut shoes go wiht a navy suit" too).
 * @example
 * pairingIn('what shoes go with a navy suit?', (phrase) => parser.extract(phrase).slots, known)
 * // { wanted: 'shoes', around: { category: 'suit', color: ['navy'] } }
 */
export function pairingIn(
  text: string,
  slotsOf: (phrase: string) => Slots,
  known: (word: string) => boolean,
): Slots['pairing'] {
  const normalized = normalizeText(text);
  const match = PAIRING.exec(canonicalText(normalized, tokenize(normalized), known).text);
  if (!match) return undefined;
  const wanted = slotsOf(match[1]!).category;
  const { category, color, gender } = slotsOf(match[2]!);
  if (!wanted || !category || category === wanted) return undefined;
  return { wanted, around: { category, ...(color ? { color } : {}), ...(gender ? { gender } : {}) } };
}
