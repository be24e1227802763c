/**
 * A shopping wish the classifier routed elsewhere ("high waisted pls" read as a preference, "for a wedding guest thing
 * in autumn" as a trend question): the message is acted on as the wish it carries.
 */
import type { ActiveRequest, Intent, Parse, Slots } from '../../types.ts';
import type { DialogueState } from '../decision.ts';

/** Intents a classifier gives to follow-ups that really ask for pieces ("high waisted pls", "for women size 38"). */
const MISROUTED = new Set<Intent>(['set_preference', 'out_of_scope', 'feedback_negative', 'help', 'item_question']);
/** A trend question by the classifier's word only: the message names no trend ("a wedding guest thing in autumn"). */
function trendWithoutCue(parse: Parse): boolean {
  return parse.intent === 'trend_query' && !parse.slots.names_trend;
}

/**
 * Slots that describe a wish for pieces. A department or size alone ("I'm a woman", "size 38") is a wish only as a
 * change to a request being worked on.
 */
function carriesWish(slots: Slots, refining: boolean): boolean {
  return Boolean(
    slots.category ||
      slots.color?.length ||
      slots.occasion ||
      slots.style ||
      slots.season ||
      slots.weather ||
      slots.budget_max !== undefined ||
      slots.exclude_category?.length ||
      slots.coverage?.length ||
      slots.fit ||
      slots.length ||
      slots.pattern ||
      slots.material ||
      slots.recipient ||
      slots.owned?.length ||
      slots.price_direction ||
      slots.whole_look ||
      (refining && (slots.gender || slots.size) && !slots.reference),
  );
}

/**
 * The shopping intent a message carries when the classifier was unsure or routed a wish elsewhere: a change to the
 * request being worked on when there is one and the message names no new kind of piece or occasion, else a search
 * for a named kind of piece, else outfits. Undefined when the message carries no wish.
 */
function shoppingIntent(parse: Parse, request: ActiveRequest | undefined): Intent | undefined {
  const { slots } = parse;
  if (slots.reference && !slots.color?.length) return undefined;
  const followUp = request && slots.follow_up !== undefined;
  if (!carriesWish(slots, request !== undefined) && !followUp) return undefined;
  // A question about a shown piece ("is the 5th one waterproof?") is no new wish.
  if (parse.intent === 'item_question' && slots.about_piece && !slots.category) return undefined;
  if (slots.reference && slots.color?.length) return 'product_search';
  // A new occasion for looks keeps building around the same piece: a refinement, like any wish without a new kind.
  const sameLooks = request?.intent === 'outfit_request' && !slots.category;
  if (request && (followUp || sameLooks || (!slots.category && !slots.occasion))) return 'refine';
  if (slots.gift || (slots.category && !slots.whole_look)) return 'product_search';
  return 'outfit_request';
}

/**
 * The shopping intent of a message the classifier was unsure of or routed elsewhere, when it carries a wish;
 * undefined otherwise. Forgetting and standing dislikes stay what they are.
 * @example
 * misroutedWish(parseOf('high waisted pls'), state) // 'refine' (after a search)
 */
export function misroutedWish(parse: Parse, { user, threshold }: DialogueState): Intent | undefined {
  if (parse.slots.forget || parse.slots.standing_preference) return undefined;
  const wish = shoppingIntent(parse, user.session.request);
  if (!wish) return undefined;
  return parse.confidence < threshold || MISROUTED.has(parse.intent) || trendWithoutCue(parse) ? wish : undefined;
}
