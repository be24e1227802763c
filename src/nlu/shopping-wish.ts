/**
 * A request to shop that names an advice topic is still a request to shop: "need smth for my sister's beach wedding
 * in august, budget 150 eur, i'm plus size and hate showing my arms" asks for pieces that meet every wish, not for a
 * lecture on plus-size cuts. When the classifier ranks advice first for a message that asks no question and states
 * a wish for pieces (or several shopping constraints), the search it describes goes first.
 */
import type { Extraction, NluSlots } from './slots.ts';

/** Asking words: a question wants an answer first. */
const ASKS =
  /\?|？|\b(?:what|whats|which|how|should|can|could|is|are|does|do|would|will|any tips|advice|tips|explain|tell me|yes or no)\b|吗|怎么|什么|如何|哪|建议|合适吗|要不要|会不会/u;

/** Words that ask for pieces ("need smth for", "looking for", "show me", 想买, 帮我找). */
const WISH =
  /\b(?:need|needs|want|wanna|looking for|look for|show me|find me|get me|shopping for|buy|pick me|give me)\b|想买|要买|帮我找|帮我挑|找一[件条双套]|推荐几|给我来/u;

/** Slots that describe what to shop for. */
const SHOPPING_SLOTS: readonly (keyof NluSlots)[] = [
  'category',
  'budget_max',
  'occasion',
  'fit',
  'coverage',
  'size',
  'color',
  'recipient',
  'budget_scope',
  'length',
  'detail',
  'season',
  'gender',
  'style',
];

/**
 * Moves the search a message describes above `advice` when it asks no question and wishes for pieces: pieces of a
 * named kind (`product_search`), else looks (`outfit_request`).
 * @example
 * preferShopping(ranking, extraction, 'casual fri at the office, im a guy, smart casual')[0].intent; // 'outfit_request'
 */
export function preferShopping<T extends { intent: string; confidence: number }>(
  ranking: T[],
  extraction: Extraction,
  text: string,
): T[] {
  const top = ranking[0];
  if (top?.intent !== 'advice' || ASKS.test(text.toLowerCase())) return ranking;
  const { slots } = extraction;
  // "give me 90s grunge vibes": a named style is answered by the stylist, whose pieces follow the style.
  if (slots.style_reference && !slots.category) return ranking;
  const constraints = SHOPPING_SLOTS.filter((key) => slots[key] !== undefined).length;
  if (!(constraints >= 3 || (constraints >= 1 && WISH.test(text.toLowerCase())))) return ranking;
  const wanted = slots.category ? 'product_search' : 'outfit_request';
  const search = ranking.find((r) => r.intent === wanted);
  if (!search) return ranking;
  const promoted = { ...search, confidence: Math.max(search.confidence, top.confidence, 0.8) };
  return [promoted, ...ranking.filter((r) => r !== search)];
}
