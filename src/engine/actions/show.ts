/** What search and outfit replies share: the reply language, the list sizes and how a ranked list is shown. */

import type { ActiveRequest, ScoredItem } from '../../types.ts';
import type { ActionResult, TurnContext } from '../context.ts';
import { describeSlots, itemLines } from '../present.ts';

/** How many items a search shows. */
export const SEARCH_SIZE = 5;
/** How many outfits an outfit request composes. */
export const OUTFIT_COUNT = 3;

/** The language of this turn's reply (the profile's, else the message's). */
export function languageOf(context: TurnContext) {
  return context.state.profile.language ?? context.parse.language;
}

/** Shows a ranked item list and remembers it. */
export function showItems(
  context: TurnContext,
  request: ActiveRequest,
  ranked: ScoredItem[],
  introKey: string,
  introVars: Record<string, string> = {},
): ActionResult {
  const what = describeSlots(request.slots, languageOf(context)) || 'your request';
  if (ranked.length === 0) {
    return {
      events: [{ type: 'request_set', request }],
      say: [{ key: 'no_items', vars: { what } }],
    };
  }
  const signals = ranked.flatMap((s) => s.signals);
  return {
    events: [
      { type: 'request_set', request },
      { type: 'shown', itemIds: ranked.map((s) => s.item.id), outfits: [], signals },
    ],
    say: [
      { key: introKey, vars: { what, count: ranked.length, ...introVars } },
      { lines: itemLines(ranked, languageOf(context), request.slots.currency) },
    ],
    items: ranked,
    signals,
  };
}
