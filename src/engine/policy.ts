/** The policy: which action serves this turn, with which slots (DESIGN §3 "context matters"). */

import { perCatalog } from '../catalog/memo.ts';
import type { ActiveRequest, Catalog, IncomingMessage, Intent, Item, Parse, Slots, UserState } from '../types.ts';
import { clarify } from './actions/conversation.ts';
import { ACTIONS } from './actions/index.ts';
import { inColour, moreLike, outfitAround, pairWith } from './actions/pieces.ts';
import { type ForgottenPreferences, forgetPreferences } from './actions/profile.ts';
import { runSearch } from './actions/shopping.ts';
import { trendConsent } from './consent.ts';
import type { Action } from './context.ts';
import { mergeSlots } from './query.ts';
import { resolveReference } from './references.ts';

export interface Decision {
  intent: Intent;
  slots: Slots;
  action: Action;
}

/** Intents that always win over a pending question when recognised confidently. */
const INTERRUPTS = new Set<Intent>([
  'greet',
  'help',
  'goodbye',
  'privacy_forget',
  'privacy_export',
  'trend_query',
  'explain',
]);

const SURPRISE =
  /\b(surprise me|anything|whatever|you (choose|pick|decide)|don'?t (care|mind)|no preference)\b|随便|都可以|无所谓/i;

/** Default values a "surprise me" gives to the slot the bot asked about. */
const SURPRISE_DEFAULTS: Partial<Record<keyof Slots, Slots>> = { occasion: { occasion: 'casual' } };

/** Answers that imply the slot asked about without naming it: "not too formal" to "what's the occasion?" is casual. */
function impliedAnswer(slot: keyof Slots, slots: Slots): Slots | undefined {
  if (slot === 'occasion' && slots.exclude_style?.includes('formal')) return { occasion: 'casual' };
  return undefined;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
};

/** The median price of the catalogue's priced pieces of each kind, built on first use. */
const typicalPrices = perCatalog((catalog) => {
  const prices = new Map<string, number[]>();
  for (const candidate of catalog.items) {
    if (candidate.price === undefined) continue;
    const list = prices.get(candidate.articleType);
    if (list) list.push(candidate.price);
    else prices.set(candidate.articleType, [candidate.price]);
  }
  return new Map([...prices].map(([type, list]) => [type, median(list)]));
});

/** The median price of the catalogue's priced pieces of an item's kind (0 when none has a price). */
const typicalPrice = (catalog: Catalog, item: Item) => typicalPrices(catalog).get(item.articleType) ?? 0;

/**
 * The price (EUR) "cheaper" and "more expensive" are relative to: the item being discussed when there is one,
 * else the median of the last list (or of the last outfits' totals).
 */
function referencePrice(state: UserState, catalog: Catalog): number | undefined {
  const { session } = state;
  const focus = session.focusItemId ? catalog.get(session.focusItemId)?.price : undefined;
  if (focus !== undefined) return focus;
  if (session.request?.intent === 'outfit_request' && session.lastOutfits.length > 0) {
    // Looks with an unpriced piece (Myntra lists no prices) understate their total: judge by fully priced looks, or
    // when there are none, count an unpriced piece at the typical price of its kind.
    const looks = session.lastOutfits.map((ids) => ids.map((id) => catalog.get(id)).filter((i) => i !== undefined));
    const priced = looks.filter((items) => items.every((item) => item.price !== undefined));
    const total = (items: Item[]) => items.reduce((sum, item) => sum + (item.price ?? typicalPrice(catalog, item)), 0);
    return median((priced.length > 0 ? priced : looks).map(total));
  }
  const prices = session.lastShown.map((id) => catalog.get(id)?.price).filter((p): p is number => p !== undefined);
  return prices.length ? median(prices) : undefined;
}

/** "cheaper" / "more expensive": a budget bound relative to what was shown, in EUR. */
function applyPriceDirection(
  slots: Slots,
  direction: Slots['price_direction'],
  state: UserState,
  catalog: Catalog,
): Slots {
  if (!direction) return slots;
  const price = referencePrice(state, catalog);
  if (price === undefined) return slots;
  const cents = (x: number) => Math.round(x * 100) / 100;
  if (direction === 'lower') {
    const { budget_min: _, ...rest } = slots;
    return { ...rest, budget_max: cents(Math.max(price - 0.01, 0)), currency: 'EUR' };
  }
  const { budget_max: _, ...rest } = slots;
  return { ...rest, budget_min: cents(price + 0.01), currency: 'EUR' };
}

/** "Less formal": the occasion a step down the formality scale; "less casual": a step up. */
const LESS_FORMAL: Readonly<Record<string, string>> = {
  'formal event': 'party',
  wedding: 'party',
  funeral: 'work',
  interview: 'work',
  work: 'casual',
  party: 'date',
  date: 'casual',
  brunch: 'casual',
};
const LESS_CASUAL: Readonly<Record<string, string>> = {
  casual: 'work',
  home: 'casual',
  gym: 'casual',
  beach: 'casual',
  travel: 'casual',
  outdoors: 'casual',
  brunch: 'date',
  date: 'party',
  work: 'interview',
};

/** "Less formal" / "less casual" on outfits for an occasion: the same request for the next occasion that way. */
function applyFormalityDirection(slots: Slots, away: Slots['exclude_style']): Slots {
  const steps = away?.includes('formal') ? LESS_FORMAL : away?.includes('casual') ? LESS_CASUAL : undefined;
  const next = steps && slots.occasion ? steps[slots.occasion] : undefined;
  if (!next) return slots;
  const exclude = slots.exclude_style?.filter((style) => style !== 'formal' && style !== 'casual');
  return { ...slots, occasion: next, exclude_style: exclude?.length ? exclude : undefined };
}

/**
 * What a new request inherits from the previous one: everything (but the item slots, dropped by `mergeSlots`) when it
 * is the same kind of request; only who it is for and the exclusions when it switches between outfits and items —
 * a wedding outfit's occasion should not silently filter the sneakers asked for next.
 */
function carriedSlots(request: ActiveRequest | undefined, kind: ActiveRequest['intent']): Slots {
  if (!request) return {};
  if (request.intent === kind) return request.slots;
  const { gender, exclude_color, exclude_material, exclude_category, age_group, recipient, fit, coverage } =
    request.slots;
  const carried: Slots = {
    gender,
    exclude_color,
    exclude_material,
    exclude_category,
    age_group,
    recipient,
    fit,
    coverage,
  };
  for (const key of Object.keys(carried) as (keyof Slots)[]) if (carried[key] === undefined) delete carried[key];
  return carried;
}

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

/** "More", "show me more", "other ones": the next pieces of the same search. */
const MORE =
  /^(more|show me more|more (pls|please|options|of (these|those|them))|other ones|any others?|next)\b[\s!?.]*$|^(再来点|换一批|还有吗|更多|再看看)/i;

const FORGET_WORDS = /\b(forget|never ?mind|ignore|drop|remove|delete|scratch|undo|clear)\b|忘(掉|记)|删除|取消|清除/i;
const SIZE_WORDS = /\bsizes?\b|尺码|尺寸/i;

/**
 * The preferences a message asks to forget, when it names some: colours and fabrics it mentions (as a wish, a
 * dislike or "the yellow thing"), sizes. Undefined for a message that asks to forget nothing in particular.
 */
function forgottenPreferences(parse: Parse): ForgottenPreferences | undefined {
  if ((parse.intent !== 'privacy_forget' && parse.intent !== 'set_preference') || !FORGET_WORDS.test(parse.text)) {
    return undefined;
  }
  const { color, exclude_color, reference, material, exclude_material } = parse.slots;
  const colors = [...new Set([...(color ?? []), ...(exclude_color ?? [])])];
  if (reference?.kind === 'attribute' && reference.color && !colors.includes(reference.color)) {
    colors.push(reference.color);
  }
  const materials = [...new Set([...(material ? [material] : []), ...(exclude_material ?? [])])];
  const sizes = SIZE_WORDS.test(parse.text);
  return colors.length > 0 || materials.length > 0 || sizes ? { colors, materials, sizes } : undefined;
}

const PAIRING =
  /\b(?:what|which)\s+(.+?)\s+(?:go(?:es)?|would go|go(?:es)? well|looks? good|should i wear|can i wear|to wear|pairs?)\s+with\s+(.+?)[\s?.!]*$/i;

/** The kind of piece asked for and the piece it should go with, when the message asks "what X goes with Y". */
function pairingIn(text: string, parsePhrase: (text: string) => Slots): { wanted: string; around: Slots } | undefined {
  const match = PAIRING.exec(text);
  if (!match) return undefined;
  const wanted = parsePhrase(match[1]!).category;
  const around = parsePhrase(match[2]!);
  return wanted && around.category && around.category !== wanted ? { wanted, around } : undefined;
}

/**
 * Decides what to do with a parsed message.
 * @example
 * decide(parse, message, state, catalog, 0.45) // { intent: 'product_search', slots: {...}, action }
 */
export function decide(
  parse: Parse,
  message: IncomingMessage,
  state: UserState,
  catalog: Catalog,
  threshold: number,
  parsePhrase?: (text: string) => Slots,
): Decision {
  const { session } = state;
  const action = message.action;
  // "What shoes go with a navy suit?": pieces of one kind for a piece the shopper has in mind.
  const pairing = action || !parsePhrase ? undefined : pairingIn(parse.text, parsePhrase);
  if (pairing) {
    const { wanted, around } = pairing;
    return { intent: 'product_search', slots: parse.slots, action: (context) => pairWith(context, wanted, around) };
  }
  if (action) {
    if (action.type === 'more_like') {
      return { intent: 'product_search', slots: {}, action: (context) => moreLike(context, action.itemId) };
    }
    const intent: Intent =
      action.type === 'save' ? 'save_item' : action.value > 0 ? 'feedback_positive' : 'feedback_negative';
    return { intent, slots: {}, action: ACTIONS[intent] };
  }

  const request = session.request;
  const awaiting = session.awaiting;
  if (awaiting && !(INTERRUPTS.has(parse.intent) && parse.confidence >= threshold)) {
    const answered = parse.slots[awaiting.slot] !== undefined;
    const implied = answered ? undefined : impliedAnswer(awaiting.slot, parse.slots);
    const surprise = SURPRISE.test(parse.text);
    if (answered || implied || surprise) {
      const fill = answered ? parse.slots : { ...parse.slots, ...(implied ?? SURPRISE_DEFAULTS[awaiting.slot]) };
      return {
        intent: awaiting.intent,
        slots: mergeSlots(request?.slots ?? {}, fill),
        action: ACTIONS[awaiting.intent],
      };
    }
  }

  // "be brief", "说中文", "count my requests in trend stats": a preference whatever the classifier thought.
  const preference = parse.slots.tone || parse.slots.language || trendConsent(parse.text) !== undefined;
  const aboutAnItem = parse.slots.category || parse.slots.reference;
  // An advice question naming a language's culture ("a Chinese wedding") is no wish to switch languages.
  const advice = parse.intent === 'advice' && parse.confidence >= threshold;
  if (preference && parse.intent !== 'set_preference' && parse.intent !== 'trend_query' && !aboutAnItem && !advice) {
    return { intent: 'set_preference', slots: parse.slots, action: ACTIONS.set_preference };
  }
  // Forgetting, dislikes and privacy stay what they are; a message that carries a shopping wish is acted on whatever
  // the classifier called it (a question between internal actions helps nobody).
  const wish = FORGET_WORDS.test(parse.text) || DISLIKE.test(parse.text) ? undefined : shoppingIntent(parse, request);
  if (wish && (parse.confidence < threshold || MISROUTED.has(parse.intent) || trendWithoutCue(parse))) {
    return decide({ ...parse, intent: wish, confidence: threshold }, message, state, catalog, threshold, parsePhrase);
  }
  // "Forget the yellow thing", "forget that I hate yellow", "forget my sizes": that preference, not the whole profile.
  // Naming what to forget is clear whatever the classifier's confidence.
  const forgotten = forgottenPreferences(parse);
  if (forgotten) return { intent: 'set_preference', slots: parse.slots, action: forgetPreferences(forgotten) };
  if (parse.confidence < threshold) return { intent: parse.intent, slots: parse.slots, action: clarify };

  switch (parse.intent) {
    case 'refine': {
      const base = request ?? { intent: 'product_search' as const, slots: {} };
      const merged = applyFormalityDirection(
        applyPriceDirection(mergeSlots(base.slots, parse.slots), parse.slots.price_direction, state, catalog),
        parse.slots.exclude_style,
      );
      // Looks around a piece stay around it ("cheaper", "for a wedding"), unless another kind of piece is asked for.
      const anchor = base.intent === 'outfit_request' && !parse.slots.category ? base.anchorItemId : undefined;
      if (anchor) {
        return { intent: base.intent, slots: merged, action: (context) => outfitAround(context, anchor, merged) };
      }
      if (base.intent === 'product_search' && MORE.test(parse.text.trim())) {
        const shown = session.lastShown;
        return {
          intent: base.intent,
          slots: merged,
          action: (context) => runSearch(context, merged, 'items_intro', undefined, shown),
        };
      }
      return { intent: base.intent, slots: merged, action: ACTIONS[base.intent] };
    }
    case 'product_search': {
      const target =
        parse.slots.reference && !parse.slots.category ? resolveReference(parse.slots.reference, session, catalog) : [];
      const colours = parse.slots.color;
      if (target.length > 0 && colours) {
        // "Do you have the first one in grey?"
        return {
          intent: 'product_search',
          slots: parse.slots,
          action: (context) => inColour(context, target[0]!.id, colours),
        };
      }
      if (target.length > 0) {
        return { intent: 'product_search', slots: parse.slots, action: (context) => moreLike(context, target[0]!.id) };
      }
      return {
        intent: parse.intent,
        slots: mergeSlots(carriedSlots(request, 'product_search'), parse.slots, true),
        action: ACTIONS.product_search,
      };
    }
    case 'outfit_request':
    case 'inspiration': {
      const piece =
        parse.slots.reference && !parse.slots.category ? resolveReference(parse.slots.reference, session, catalog) : [];
      if (piece.length > 0) {
        // Around a piece from a search too: that search's season and occasion still hold.
        const { season, occasion } = request?.slots ?? {};
        const slots = mergeSlots({ season, occasion, ...carriedSlots(request, 'outfit_request') }, parse.slots, true);
        return { intent: 'outfit_request', slots, action: (context) => outfitAround(context, piece[0]!.id, slots) };
      }
      return {
        intent: parse.intent,
        slots: mergeSlots(carriedSlots(request, 'outfit_request'), parse.slots, true),
        action: ACTIONS[parse.intent],
      };
    }
    case 'item_question': {
      // "Does the second one come in red?" (a colour that names the piece, "the red one", is no such question).
      const { reference, color: colours } = parse.slots;
      const piece =
        colours && reference && reference.kind !== 'attribute' ? resolveReference(reference, session, catalog) : [];
      if (piece.length === 1) {
        return {
          intent: 'product_search',
          slots: parse.slots,
          action: (context) => inColour(context, piece[0]!.id, colours!),
        };
      }
      // "How do I wash it?", "what size should I get?": the stylist answers from the piece's fabric and fit.
      const { advice_topic: topic, request_slots: asked } = parse.slots;
      if (topic === 'care' || topic === 'size' || asked?.includes('care')) {
        return { intent: 'advice', slots: { ...parse.slots, advice_topic: topic ?? 'care' }, action: ACTIONS.advice };
      }
      return { intent: parse.intent, slots: parse.slots, action: ACTIONS[parse.intent] };
    }
    default:
      return { intent: parse.intent, slots: parse.slots, action: ACTIONS[parse.intent] };
  }
}
