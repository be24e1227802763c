/**
 * A shopping wish the classifier routed elsewhere ("high waisted pls" read as a preference, "for a wedding guest thing
 * in autumn" as a trend question): the message is acted on as the wish it carries.
 */
import type { ActiveRequest, Intent, Parse, Slots } from '../../types.ts';
import type { DialogueState } from '../decision.ts';
import { FORGET_WORDS } from '../forgotten.ts';

/** Intents a classifier gives to follow-ups that really ask for pieces ("high waisted pls", "for women size 38"). */
const MISROUTED = new Set<Intent>(['set_preference', 'out_of_scope', 'feedback_negative', 'help', 'item_question']);
/** Words without which a message is no trend question ("for a wedding guest thing in autumn" is a wish). */
const TREND_CUE =
  /\b(trend\w*|popular|in style|in fashion|fashionable|hot|hip|coming back|comeback|still a thing|out of style|in season|what'?s in|everyone|people wear\w*)\b|流行|趋势|时髦|火|过时|热门/i;

/** A trend question by the classifier's word only: the message names no trend. */
function trendWithoutCue(parse: Parse): boolean {
  return parse.intent === 'trend_query' && !TREND_CUE.test(parse.text);
}

/** A standing preference ("I hate yellow", "my budget is always 80 euros"), not a wish to shop now. */
const DISLIKE =
  /\b(hate|don'?t like|do not like|dislike|can'?t stand|love|remember|i'?m a size|my size|always|usually|generally|in general)\b|讨厌|不喜欢|记住|一般|通常|平时|总是/i;
/** A question about a shown piece ("is the 5th one waterproof?", "what material is it"), not a new wish. */
const ABOUT_A_PIECE =
  /\b(is|does|are|what|how|can|which)\b.*\b(it|one|this|that|them|material|made|wash|fabric|waterproof|shrink)\b|\?$|吗|怎么|什么/i;
/** Short follow-ups that change the last request ("more", "cheaper", "something sexier"). */
const FOLLOW_UP =
  /^(more|show me more|more pls|other ones?|something else|smth else|cheaper|something (sexier|warmer|cheaper|different|else|more \w+)|more (casual|formal|elegant|colou?rful)|warmer|sexier|different ones?)\b|^(再来|换一批|还有吗|更多|便宜)/i;

/** Words that ask for a whole look rather than one kind of piece. */
const OUTFIT_WORDS = /\b(outfits?|looks?|wear|wer|pack|put together|dress me)\b|穿什么|穿啥|搭配|造型|一套/i;
const GIFT_WORDS = /\b(gifts?|presents?)\b|礼物/i;

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
  const followUp = request && FOLLOW_UP.test(parse.text.trim());
  if (!carriesWish(slots, request !== undefined) && !followUp) return undefined;
  if (parse.intent === 'item_question' && ABOUT_A_PIECE.test(parse.text) && !slots.category) return undefined;
  if (slots.reference && slots.color?.length) return 'product_search';
  // A new occasion for looks keeps building around the same piece: a refinement, like any wish without a new kind.
  const sameLooks = request?.intent === 'outfit_request' && !slots.category;
  if (request && (followUp || sameLooks || (!slots.category && !slots.occasion))) return 'refine';
  if (GIFT_WORDS.test(parse.text) || (slots.category && !OUTFIT_WORDS.test(parse.text))) return 'product_search';
  return 'outfit_request';
}

/**
 * The shopping intent of a message the classifier was unsure of or routed elsewhere, when it carries a wish;
 * undefined otherwise. Forgetting and standing dislikes stay what they are.
 * @example
 * misroutedWish(parseOf('high waisted pls'), state) // 'refine' (after a search)
 */
export function misroutedWish(parse: Parse, { user, threshold }: DialogueState): Intent | undefined {
  if (FORGET_WORDS.test(parse.text) || DISLIKE.test(parse.text)) return undefined;
  const wish = shoppingIntent(parse, user.session.request);
  if (!wish) return undefined;
  return parse.confidence < threshold || MISROUTED.has(parse.intent) || trendWithoutCue(parse) ? wish : undefined;
}
