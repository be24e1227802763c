/**
 * Follow-ups change the answer: after "cheaper", "more casual", "warmer" or "no see-through", the pieces and looks
 * just shown give way to new ones that meet the request as well, and looks holding a piece a coverage wish rules out
 * are left out.
 */
import type { Outfit, Slots } from '../../types.ts';
import type { TurnContext } from '../context.ts';
import { unwantedPiece } from '../soft-wishes.ts';

const NONE: ReadonlySet<string> = new Set();

/**
 * The pieces a follow-up should not simply show again: those shown last, when this turn refines the request (and
 * is not a "more like this" or "more", which leave them out themselves).
 * @example
 * freshFor(contextOf('cheaper')) // Set { 'hm:0713986001', … }
 */
export function freshFor(context: TurnContext, alreadyLeftOut?: readonly string[]): ReadonlySet<string> {
  if (context.parse.intent !== 'refine' || alreadyLeftOut) return NONE;
  return new Set(context.state.session.lastShown);
}

/** How many looks to compose to choose `k` from: more when some may be left out or give way to new ones. */
export function wideLooks(k: number, slots: Slots, before: ReadonlySet<string>): number {
  return before.size > 0 || (slots.coverage?.length ?? 0) > 0 ? k * 2 : k;
}

/**
 * The `k` looks to show: none with a piece a coverage wish rules out, those with fewer pieces shown before first
 * (in the composer's order otherwise).
 * @example
 * chooseLooks(composed, { coverage: ['not_see_through'] }, shownBefore, 3)
 */
export function chooseLooks(outfits: Outfit[], slots: Slots, before: ReadonlySet<string>, k: number): Outfit[] {
  const repeated = (outfit: Outfit) => outfit.items.filter((s) => before.has(s.item.id)).length / outfit.items.length;
  return outfits
    .filter((outfit) => !outfit.items.some((s) => unwantedPiece(s.item, slots)))
    .map((outfit, position) => ({ outfit, position, repeated: repeated(outfit) > 0.5 ? 1 : 0 }))
    .sort((a, b) => a.repeated - b.repeated || a.position - b.position)
    .slice(0, k)
    .map(({ outfit }) => outfit);
}
