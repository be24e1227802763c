/**
 * Short messages that continue the conversation's topic rather than start one: "for men?" after a trend answer asks
 * for men's trends; "ok im usually a M in shirts" states a standing preference even when the classifier is unsure.
 */
import type { Slots } from '../../types.ts';
import type { Rule } from '../decision.ts';

/** Slots that only say who or where ("for men?", 男生的呢, "in the UK?"), without a new kind of piece or occasion. */
function onlyWhoOrWhere(slots: Slots): boolean {
  const said = (Object.keys(slots) as (keyof Slots)[]).filter((key) => {
    const value = slots[key];
    return value !== undefined && !(Array.isArray(value) && value.length === 0);
  });
  return said.length > 0 && said.every((key) => key === 'gender' || key === 'region' || key === 'season');
}

/**
 * "For men?" or "in the UK?" right after a trend answer: the same trend question for them.
 * @example
 * continuedTopic(parseOf('for men?'), stateAfterTrends) // { action: 'trend_query', slots: { gender: 'men' } }
 */
export const continuedTopic: Rule = (parse, { user }) => {
  if (user.session.lastIntent !== 'trend_query' || parse.slots.reference) return undefined;
  if (parse.intent !== 'refine' && parse.intent !== 'product_search' && parse.intent !== 'set_preference') {
    return undefined;
  }
  return onlyWhoOrWhere(parse.slots) ? { action: 'trend_query', intent: 'trend_query', slots: parse.slots } : undefined;
};

/** What a standing preference may name: sizes, dislikes, a budget, a style. */
function statesPreference(slots: Slots): boolean {
  return Boolean(
    slots.size ||
      slots.exclude_color?.length ||
      slots.exclude_material?.length ||
      slots.budget_max !== undefined ||
      slots.style,
  );
}

/**
 * "Ok im usually a M in shirts", "nah i hate green actually": the classifier's best guess is a preference and the
 * message names one, so it is noted rather than answered with a question.
 * @example
 * standingPreference(parseOf('ok im usually a M in shirts'), state) // { action: 'set_preference', slots: { size: 'M', category: 'shirt' } }
 */
export const standingPreference: Rule = (parse) =>
  parse.intent === 'set_preference' && !parse.slots.reference && statesPreference(parse.slots)
    ? { action: 'set_preference', intent: 'set_preference', slots: parse.slots }
    : undefined;
