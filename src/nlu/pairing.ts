/** "What shoes go with a navy suit?": a question for pieces of one kind that go with a piece of another kind. */
import type { Slots } from '../types.ts';

const PAIRING =
  /\b(?:what|which)\s+(.+?)\s+(?:go(?:es)?|would go|go(?:es)? well|looks? good|should i wear|can i wear|to wear|pairs?)\s+with\s+(.+?)[\s?.!]*$/i;

/**
 * The kind of piece asked for and the piece it should go with, when the message asks "what X goes with Y" and both
 * name a kind of piece (different ones); `slotsOf` reads the slots of each phrase.
 * @example
 * pairingIn('what shoes go with a navy suit?', (phrase) => parser.extract(phrase).slots)
 * // { wanted: 'shoes', around: { category: 'suit', color: ['navy'] } }
 */
export function pairingIn(text: string, slotsOf: (phrase: string) => Slots): Slots['pairing'] {
  const match = PAIRING.exec(text);
  if (!match) return undefined;
  const wanted = slotsOf(match[1]!).category;
  const { category, color, gender } = slotsOf(match[2]!);
  if (!wanted || !category || category === wanted) return undefined;
  return { wanted, around: { category, ...(color ? { color } : {}), ...(gender ? { gender } : {}) } };
}
