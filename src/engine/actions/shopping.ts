/** Product search, outfit requests, gift ideas and inspiration. */

import { ARTICLE_GROUPS, categoryOf, colorFamily } from '../../catalog/taxonomy.ts';
import { productKey } from '../../catalog/variants.ts';
import { listOf } from '../../nlg/lexicon.ts';
import { pieceName } from '../../outfits/explain.ts';
import { findAnchor } from '../../outfits/index.ts';
import { primaryUsage, typicalFirst } from '../../ranking/occasion.ts';
import { isKnownStyle, styleRerank } from '../../ranking/style.ts';
import type {
  ActiveRequest,
  Catalog,
  Gender,
  Item,
  ItemQuery,
  Language,
  Outfit,
  OutfitRequest,
  ScoredItem,
  Season,
  Slots,
  Usage,
} from '../../types.ts';
import type { Action, ActionResult, TurnContext } from '../context.ts';
import type { StateEvent } from '../events.ts';
import { describeSlots, itemLines, outfitLines } from '../present.ts';
import { slotsToOutfitRequest, slotsToQuery } from '../query.ts';
import { needsWiderList, softRerank, softWishes } from '../soft-wishes.ts';
import { chooseLooks, freshFor, wideLooks } from './fresh.ts';
import { tripWeather } from './trip.ts';

/** How many items a search shows, and how many outfits an outfit request composes. */
export const SEARCH_SIZE = 5;
export const OUTFIT_COUNT = 3;
/** How many more items than shown a search with a style asks for, for the style to choose from. */
const STYLE_WIDEN = 4;
/** How much wider the list is when a soft wish reorders it. */
const SOFT_WIDEN = 12;

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

/** The language of this turn's reply (the profile's, else the message's). */
export function languageOf(context: TurnContext) {
  return context.state.profile.language ?? context.parse.language;
}

/** The occasion a piece is naturally worn to, when the shopper names none ("what goes with my navy blazer?"). */
export const OCCASION_FOR_USAGE: Record<Usage, string> = {
  casual: 'casual',
  smart_casual: 'work',
  formal: 'work',
  party: 'party',
  sports: 'gym',
  ethnic: 'festive',
  travel: 'travel',
  home: 'home',
};

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

/** Context slots a search may drop when nothing matches, if the user did not state them in this turn. */
const RELAXABLE = [
  'occasion',
  'season',
  'weather',
  'coverage',
  'length',
  'budget_max',
] as const satisfies (keyof Slots)[];

/** How a dropped slot is named in the reply. */
const DROPPED_WORDS: Record<Language, Record<(typeof RELAXABLE)[number] | 'gender', string>> = {
  en: {
    occasion: 'occasion',
    season: 'season',
    weather: 'weather',
    gender: "men's/women's choice",
    coverage: 'long sleeves',
    length: 'length',
    budget_max: 'budget',
  },
  zh: {
    occasion: '场合',
    season: '季节',
    weather: '天气',
    gender: '男女款',
    coverage: '长袖',
    length: '长度',
    budget_max: '预算',
  },
};

/**
 * The other adult department, when the one carried over (from an earlier request or the profile) sells nothing of the
 * category asked for in this turn's search ("a dress" after a men's look): the shopper is shopping for someone else.
 */
function switchedDepartment(context: TurnContext, slots: Slots): Gender | undefined {
  const carried = slots.gender ?? context.state.profile.gender;
  if (!carried || !slots.category || context.parse.slots.gender !== undefined) return undefined;
  const { category } = slots;
  const sells = (gender: Gender) =>
    context.deps.catalog.match(slotsToQuery({ category, gender }, context.state.profile)).length > 0;
  if (sells(carried)) return undefined;
  const other = carried === 'men' ? 'women' : carried === 'women' ? 'men' : undefined;
  return other && sells(other) ? other : undefined;
}

/** The k cheapest (or dearest) priced pieces matching a query (for adults unless it names a department). */
function byPrice(catalog: Catalog, query: ItemQuery, order: 'ascending' | 'descending', k: number): ScoredItem[] {
  const sign = order === 'ascending' ? 1 : -1;
  const detail = order === 'ascending' ? 'among the cheapest that match' : 'among the dearest that match';
  // Children's pieces are the cheapest of most kinds: only when asked for.
  const adult: Gender[] = ['women', 'men', 'unisex'];
  return [...catalog.match(query.genders ? query : { ...query, genders: adult })]
    .map((position) => catalog.items[position]!)
    .filter((item) => item.price !== undefined)
    .sort((a, b) => sign * (a.price! - b.price!) || b.popularity - a.popularity)
    .slice(0, k)
    .map((item) => ({ item, score: 1, signals: [{ name: 'budget', weight: 1, detail }] }));
}

/**
 * The first `k` pieces with one colour row per product: H&M lists a product once per colour, and five rows of one
 * jacket are one choice, not five.
 */
function onePerProduct(ranked: readonly ScoredItem[], k: number): ScoredItem[] {
  const seen = new Set<string>();
  const out: ScoredItem[] = [];
  for (const scored of ranked) {
    const key = productKey(scored.item);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(scored);
    if (out.length === k) break;
  }
  return out;
}

/**
 * Searches the catalogue for the request's slots. When nothing matches, context carried over from earlier turns
 * (occasion, season) is dropped one by one, and the reply says so. `shown` pieces are left out ("more").
 */
export function runSearch(
  context: TurnContext,
  slots: Slots,
  introKey = 'items_intro',
  seeds?: string[],
  shown?: readonly string[],
) {
  const { profile } = context.state;
  const k = context.arms.suggestions ?? SEARCH_SIZE;
  // "The cheapest dress", "your most expensive jacket": every match by price, not the best few.
  const order = seeds ? undefined : context.parse.slots.price_sort;
  if (order) introKey = order === 'ascending' ? 'items_cheapest' : 'items_dearest';
  // Pieces made for the occasion's typical use come first; a style asked for reorders a wider list (both soft:
  // other items still come when too few fit).
  // A follow-up ("warmer", "XL", "long ones") shows pieces not just shown before those shown again.
  const before = freshFor(context, seeds ?? shown);
  const rank = (s: Slots) => {
    // "More like this" shows other pieces than the one it starts from.
    // "More" shows pieces not shown yet.
    const excluded = [...(seeds ?? []), ...(shown ?? [])];
    const query = { ...slotsToQuery(s, profile), ...(excluded.length > 0 ? { excludeIds: excluded } : {}) };
    if (order) return onePerProduct(byPrice(context.deps.catalog, query, order, k * 4), k);
    const style = isKnownStyle(s.style) ? s.style : undefined;
    const wide = needsWiderList(s, before);
    // A soft wish (warmth, rain-proofing, a plus-size line) is met by few pieces: look further down the ranking.
    // A deeper list than shown: colour rows of one product count once (see `onePerProduct`).
    const size = softWishes(s).length > 0 ? k * SOFT_WIDEN : style || wide ? k * STYLE_WIDEN : k * 4;
    const general = context.deps.recommender.rank({ query, profile, k: size, seeds });
    const usage = primaryUsage(s.occasion);
    const fitting = usage
      ? typicalFirst(
          context.deps.recommender.rank({ query: { ...query, usage: [usage] }, profile, k: size, seeds }),
          general,
          usage,
          size,
        )
      : general;
    const styled = style ? styleRerank(fitting, style, size) : fitting;
    return onePerProduct(wide ? softRerank(styled, s, before, size) : styled, k);
  };
  let ranked = rank(slots);
  let relaxed = slots;
  const dropped: (keyof (typeof DROPPED_WORDS)['en'])[] = [];
  const department = ranked.length === 0 ? switchedDepartment(context, relaxed) : undefined;
  if (department) {
    relaxed = { ...relaxed, gender: department };
    dropped.push('gender');
    ranked = rank(relaxed);
  }
  for (const key of RELAXABLE) {
    if (ranked.length > 0) break;
    // Context carried over may go quietly; a wish of this turn only when nothing meets it, and the reply says so.
    if (relaxed[key] === undefined) continue;
    if (context.parse.slots[key] !== undefined && key !== 'coverage' && key !== 'length') continue;
    const { [key]: _, ...rest } = relaxed;
    relaxed = rest;
    dropped.push(key);
    ranked = rank(relaxed);
  }
  const result = showItems(context, { intent: 'product_search', slots: relaxed }, ranked, introKey);
  if (dropped.length === 0 || ranked.length === 0) return result;
  const language = languageOf(context);
  const words = dropped.map((key) => DROPPED_WORDS[language][key]).join(language === 'zh' ? '和' : ' and ');
  return { ...result, say: [{ key: 'items_relaxed', vars: { dropped: words } }, ...result.say] };
}

/** "More": the next pieces of the search being worked on, leaving out those shown last. */
export const nextPage: Action = (context) =>
  runSearch(context, context.slots, 'items_intro', undefined, context.state.session.lastShown);

/**
 * Composes outfits for the request's slots; around `piece` when given ("what goes with the second one?"), else around
 * the piece the slots name, if any. `assumed` slots (an everyday occasion nobody named) shape the looks but are not
 * remembered as part of the request.
 */
export function runOutfits(
  context: TurnContext,
  slots: Slots,
  introKey = 'outfits_intro',
  piece?: Item,
  assumed: Slots = {},
): ActionResult {
  const { profile } = context.state;
  const request: ActiveRequest = { intent: 'outfit_request', slots, ...(piece ? { anchorItemId: piece.id } : {}) };
  const k = Math.min(context.arms.suggestions ?? OUTFIT_COUNT, OUTFIT_COUNT + 2);
  // Assumptions shape these looks only: the request remembered is what the shopper said.
  const outfitRequest = slotsToOutfitRequest({ ...assumed, ...slots }, profile, k);
  // "What goes with my white sneakers?": the named piece anchors every look; its colour describes the piece only.
  const owned = slots.owned?.[0];
  // The stand-in for a piece the shopper owns is of its kind, else of a kind grouped with it (chinos → trousers), else
  // of its coarse category; in its colour, else in that colour's family (burgundy → red).
  const ownedStandIn = (kind: string | undefined, color: string | undefined) =>
    owned && kind
      ? findAnchor(context.deps.catalog, {
          category: kind,
          colors: color ? [color] : undefined,
          gender: outfitRequest.gender,
        })
      : undefined;
  const kinds = owned
    ? [
        owned.category,
        ...Object.values(ARTICLE_GROUPS)
          .filter((group) => group.includes(owned.category))
          .flat(),
        categoryOf(owned.category),
      ]
    : [];
  // Last, a stand-in of another colour: the looks then still leave out a second piece of that kind.
  const colors = owned ? [owned.color, owned.color && colorFamily(owned.color), undefined] : [];
  const anchor =
    piece ??
    colors
      .flatMap((color) => kinds.map((kind) => [kind, color] as const))
      .reduce<Item | undefined>((found, [kind, color]) => found ?? ownedStandIn(kind, color), undefined) ??
    (slots.category
      ? findAnchor(context.deps.catalog, {
          category: slots.category,
          colors: slots.color,
          gender: outfitRequest.gender,
        })
      : undefined);
  if (anchor) {
    outfitRequest.anchorItemId = anchor.id;
    outfitRequest.colors = undefined;
    outfitRequest.occasion ??= OCCASION_FOR_USAGE[anchor.usage[0] ?? 'casual'];
  }
  const before = freshFor(context);
  const compose = (request: OutfitRequest) =>
    chooseLooks(
      context.deps.composer.compose({ ...request, k: wideLooks(k, slots, before) }, profile),
      slots,
      before,
      k,
    );
  let outfits: Outfit[] = compose(outfitRequest);
  // A piece the shopper owns anchors the looks through a stand-in of its kind; the stand-in is not offered for sale.
  const standIn =
    anchor && slots.owned?.some((p) => p.category === anchor.articleType || categoryOf(p.category) === anchor.category)
      ? anchor
      : undefined;
  if (standIn) {
    request.anchorItemId = standIn.id;
    const own = slots.owned!.find((p) => p.category === standIn.articleType) ?? slots.owned![0]!;
    const ownedName = `${own.color ? `${own.color} ` : ''}${own.category.replace(/-/g, ' ')}`;
    outfits = outfits.map((o) => ({
      ...o,
      items: o.items.filter((s) => s.item.id !== standIn.id),
      explanation: o.explanation.replace(`With the ${pieceName(standIn)}`, `With your ${ownedName}`),
    }));
  }
  const language = languageOf(context);
  const what = describeSlots(slots, language) || 'you';
  let intro: { key: string; vars: Record<string, string | number> } = {
    key: introKey,
    vars: { what, count: outfits.length },
  };
  if (outfits.length === 0 && outfitRequest.budgetMax !== undefined) {
    // A budget needs every piece priced. When the looks it rules out hold pieces the catalogue has no price for
    // (Myntra lists none), say so and show them, rather than blame a budget that may be ample.
    const unbounded = compose({ ...outfitRequest, budgetMax: undefined });
    const unpriced = new Set(
      unbounded.flatMap((o) => o.items.filter((s) => s.item.price === undefined && s.item.id !== anchor?.id)),
    );
    if (unpriced.size > 0) {
      const kinds = [...new Set([...unpriced].map((s) => describeSlots({ category: s.item.articleType }, language)))];
      outfits = unbounded;
      intro = { key: 'outfits_unpriced', vars: { what, kinds: listOf(kinds, language), count: outfits.length } };
    }
  }
  if (outfits.length === 0) {
    return { events: [{ type: 'request_set', request }], say: [{ key: 'no_outfits', vars: { what } }] };
  }
  const items = outfits.flatMap((o) => o.items);
  const signals = outfits.flatMap((o) => [...o.signals, ...o.items.flatMap((s) => s.signals)]);
  return {
    events: [
      { type: 'request_set', request },
      {
        type: 'shown',
        itemIds: items.map((s) => s.item.id),
        outfits: outfits.map((o) => o.items.map((s) => s.item.id)),
        signals,
      },
    ],
    say: [intro, { lines: outfitLines(outfits, language, slots.currency) }],
    items,
    outfits,
    signals,
  };
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
  const ranked = context.deps.recommender.rank({ query, profile, k: context.arms.suggestions ?? SEARCH_SIZE });
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
  const season = SEASON_BY_MONTH[new Date(context.now).getUTCMonth()]!;
  // Around a named piece the piece sets the tone; otherwise a casual look for the season.
  return outfitOrAsk(context, context.slots, context.slots.category ? { season } : { occasion: 'casual', season });
};
