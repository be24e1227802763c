/** Product search and outfit requests as the shopper opens them, gift ideas and inspiration. */

import type { ActiveRequest, Gender, Language, Season, Slots } from '../../types.ts';
import type { Action, ActionResult, TurnContext } from '../context.ts';
import type { StateEvent } from '../events.ts';
import { slotsToQuery } from '../query.ts';
import { runOutfits } from './outfits.ts';
import { LIST_DEPTH, plainList, runSearch } from './search.ts';
import { languageOf, SEARCH_SIZE, showItems } from './show.ts';
import { tripWeather } from './trip.ts';

// The search and outfit replies live in their own modules; the actions that build on them import them from here.
export { OCCASION_FOR_USAGE, runOutfits } from './outfits.ts';
export { nextPage, runSearch } from './search.ts';
export { languageOf, SEARCH_SIZE, showItems } from './show.ts';

/** Whether the slots say anything about what to look for. */
function describesSomething(slots: Slots): boolean {
  return Boolean(
    slots.category ||
      slots.color?.length ||
      slots.occasion ||
      slots.pattern ||
      slots.material ||
      slots.style ||
      slots.brand ||
      slots.season ||
      slots.weather,
  );
}

/** Remembers the gender the user gave for themselves (not the one of whoever they shop for). */
function genderEvents(context: TurnContext): StateEvent[] {
  const gender = context.parse.slots.gender;
  if (!gender || gender === context.state.profile.gender || context.parse.slots.recipient) return [];
  // A child's department is never the shopper's own.
  if (gender === 'kids' || gender === 'boys' || gender === 'girls') return [];
  return [{ type: 'gender_set', gender }];
}

/** What a gift is chosen from when the shopper names no kind of piece. */
const GIFT_CATEGORIES = ['accessory', 'bag'];

/** "A gift for my girlfriend": the best accessories and bags for that department. */
function giftIdeas(context: TurnContext): ActionResult {
  // A kind of piece carried over from the last search is not what the gift is.
  const { category: _, ...slots } = context.slots;
  const profile = context.state.profile;
  const query = { ...slotsToQuery(slots, profile), categories: GIFT_CATEGORIES };
  const k = context.arms.suggestions ?? SEARCH_SIZE;
  const ranked = plainList(context.deps.recommender.rank({ query, profile, k: k * LIST_DEPTH }), k, profile, query);
  return showItems(context, { intent: 'product_search', slots }, ranked, 'gift_intro');
}

const withEvents = (result: ActionResult, events: StateEvent[]): ActionResult => ({
  ...result,
  events: [...events, ...result.events],
});

export const productSearch: Action = (context) => {
  const { slots } = context;
  if (!context.parse.slots.category && context.parse.slots.gift) {
    return withEvents(giftIdeas(context), genderEvents(context));
  }
  if (!describesSomething(slots)) {
    return {
      events: [
        { type: 'request_set', request: { intent: 'product_search', slots } },
        { type: 'awaiting_set', slot: 'category', intent: 'product_search' },
      ],
      say: [{ key: 'ask_category' }],
    };
  }
  return withEvents(runSearch(context, slots), genderEvents(context));
};

/** The department a request implies without naming it, if any. */
function impliedDepartment(context: TurnContext, slots: Slots): Gender | undefined {
  if (slots.age_group === 'child' || slots.age_group === 'baby') return 'kids';
  const hint = context.parse.slots.department_hint;
  if (hint === 'women' || slots.coverage?.includes('modest')) return 'women';
  return hint;
}

/** Words for the department assumed, and for the other one, in the reply language. */
const DEPARTMENT_WORDS: Record<Language, Record<'men' | 'women', [string, string]>> = {
  en: { women: ["women's", 'men'], men: ["men's", 'women'] },
  zh: { women: ['女装', '男装'], men: ['男装', '女装'] },
};

/**
 * Composes outfits for the request, filling what it lacks with a stated assumption (the department the words imply,
 * else women's; an everyday look when no occasion is named). Asks one question only when the request says nothing
 * at all about who or what it is for.
 */
function outfitOrAsk(context: TurnContext, slots: Slots, defaults: Slots): ActionResult {
  const events = genderEvents(context);
  const request: ActiveRequest = { intent: 'outfit_request', slots };
  const said = describesSomething(slots) || slots.budget_max !== undefined || slots.recipient || slots.age_group;
  const notes: ActionResult['say'] = [];
  let gender = slots.gender ?? (slots.recipient ? undefined : context.state.profile.gender);
  if (!gender && said) {
    gender = impliedDepartment(context, slots);
    if (!gender) {
      gender = 'women';
      const [department, other] = DEPARTMENT_WORDS[languageOf(context)].women;
      notes.push({ key: 'assumed_department', vars: { department, other } });
    }
    slots = { ...slots, gender };
  }
  if (!gender) {
    return {
      events: [
        ...events,
        { type: 'request_set', request },
        { type: 'awaiting_set', slot: 'gender', intent: context.intent },
      ],
      say: [{ key: 'ask_gender' }],
    };
  }
  const assumed: Slots = {};
  if (!slots.occasion && !slots.style && !slots.category && !defaults.occasion) {
    assumed.occasion = 'casual';
    notes.push({ key: 'assumed_everyday' });
  }
  const trip = tripWeather(context, { ...defaults, ...slots });
  const result = withEvents(runOutfits(context, trip.slots, 'outfits_intro', undefined, assumed), events);
  const lines = trip.say ? [trip.say, ...result.say] : result.say;
  return { ...result, say: notes.length > 0 && result.outfits?.length ? [...lines, ...notes] : lines };
}

export const outfitRequest: Action = (context) => outfitOrAsk(context, context.slots, {});

const SEASON_BY_MONTH: Season[] = [
  'winter',
  'winter',
  'spring',
  'spring',
  'spring',
  'summer',
  'summer',
  'summer',
  'autumn',
  'autumn',
  'autumn',
  'winter',
];

/** "Surprise me", "any ideas?": an outfit for the current season, casual unless told otherwise. */
export const inspiration: Action = (context) => {
  // getUTCMonth() is 0–11, one season each; `?? 'winter'` only satisfies the index type.
  const season = SEASON_BY_MONTH[new Date(context.now).getUTCMonth()] ?? 'winter';
  // Around a named piece the piece sets the tone; otherwise a casual look for the season.
  return outfitOrAsk(context, context.slots, context.slots.category ? { season } : { occasion: 'casual', season });
};
