/**
 * Wishes the catalogue has no attribute for, read from a piece's own name and description: warmth for cold weather,
 * rain-proofing for rain, a plus-size line, a long cut; and pieces a coverage wish rules out ("nothing see-through").
 * The first reorder a list (pieces that say so come first); the second remove pieces.
 */
import type { Item, ScoredItem, Slots } from '../types.ts';

const WARM = /\b(warm|padded|down|wool|woolen|insulat\w*|puffer|lined|quilted|teddy|fleece|thermal|pile|shearling)\b/i;
const RAINPROOF = /\b(water[- ]?(proof|repellent|resistant)|rain\w*|coated|trench|hood(ed)?)\b/i;
const PLUS = /\b(plus[- ]?size|curvy|h&m\+|\+ ?size)\b/i;
const LONG = /\blong\b/i;
const SHEER = /\b(sheer|mesh|see[- ]?through|transparent|lace|tulle|chiffon|semi[- ]transparent)\b/i;
const SLEEVELESS = /\b(sleeveless|strapless|spaghetti|tank|cami|bandeau|off[- ]the[- ]shoulder)\b/i;

/** A piece's words: its name, description and materials. */
const wordsOf = (item: Item) => `${item.name} ${item.description ?? ''} ${item.materials.join(' ')}`;

/** Whether the slots ask for warmth: cold, freezing or snowy weather, or 5 °C and below. */
function wantsWarmth(slots: Slots): boolean {
  const { weather } = slots;
  if (!weather) return false;
  if (weather.temperatureC !== undefined) return weather.temperatureC <= 5;
  return weather.condition === 'cold' || weather.condition === 'freezing' || weather.condition === 'snowy';
}

/** The patterns of the soft wishes the slots carry. */
export function softWishes(slots: Slots): RegExp[] {
  const wishes: RegExp[] = [];
  if (wantsWarmth(slots)) wishes.push(WARM);
  if (slots.weather?.condition === 'rainy') wishes.push(RAINPROOF);
  if (slots.fit === 'plus') wishes.push(PLUS);
  if (slots.length === 'long') wishes.push(LONG);
  return wishes;
}

/**
 * Whether a coverage wish rules a piece out: "nothing see-through" rules out sheer, mesh and lace pieces; covered
 * arms rule out sleeveless ones.
 * @example
 * unwantedPiece(laceBlouse, { coverage: ['not_see_through'] }) // true
 */
export function unwantedPiece(item: Item, slots: Slots): boolean {
  const coverage = slots.coverage ?? [];
  const words = wordsOf(item);
  if ((coverage.includes('not_see_through') || coverage.includes('modest')) && SHEER.test(words)) return true;
  const arms = coverage.some((c) => c === 'cover_arms' || c === 'long_sleeves' || c === 'modest');
  return arms && SLEEVELESS.test(words);
}

/**
 * A ranked list with the pieces that meet more soft wishes first, pieces just shown after the others (a follow-up
 * should show something new), and pieces a coverage wish rules out removed; at most `k`.
 * @example
 * softRerank(ranked, { weather: { condition: 'cold' } }, new Set(), 5) // padded and wool coats first
 */
export function softRerank(ranked: ScoredItem[], slots: Slots, shown: ReadonlySet<string>, k: number): ScoredItem[] {
  const wishes = softWishes(slots);
  const score = (s: ScoredItem) => {
    const words = wordsOf(s.item);
    return wishes.filter((wish) => wish.test(words)).length - (shown.has(s.item.id) ? 0.5 : 0);
  };
  return ranked
    .filter((s) => !unwantedPiece(s.item, slots))
    .map((s, position) => ({ s, position, score: score(s) }))
    .sort((a, b) => b.score - a.score || a.position - b.position)
    .slice(0, k)
    .map(({ s }) => s);
}

/** Whether a search needs a wider list to choose from: it carries a soft wish or a coverage wish. */
export function needsWiderList(slots: Slots, shown: ReadonlySet<string>): boolean {
  return softWishes(slots).length > 0 || (slots.coverage?.length ?? 0) > 0 || shown.size > 0;
}
