/**
 * Product search: the recommender's best pieces for the request's slots (pieces made for the occasion first, a style
 * or a soft wish reordering a wider list, one colour row per product), or every match by price; when nothing
 * matches, context carried over is dropped one slot at a time and the reply says which.
 */

import { productKey } from '../../catalog/variants.ts';
import { shopperSeed } from '../../outfits/variety.ts';
import { primaryUsage, typicalFirst } from '../../ranking/occasion.ts';
import { isKnownStyle, styleRerank } from '../../ranking/style.ts';
import type { Catalog, Gender, Item, ItemQuery, Language, Profile, ScoredItem, Slots } from '../../types.ts';
import type { Action, ActionResult, TurnContext } from '../context.ts';
import { slotsToQuery } from '../query.ts';
import { needsWiderList, softRerank, softWishes } from '../soft-wishes.ts';
import { freshFor } from './fresh.ts';
import { spreadList } from './list-variety.ts';
import { languageOf, SEARCH_SIZE, showItems } from './show.ts';

/** How many more items than shown a search with a style asks for, for the style to choose from. */
const STYLE_WIDEN = 4;
/** How much wider the list is when a soft wish reorders it. */
const SOFT_WIDEN = 12;
/** How much deeper than shown a plain search ranks, for the list to vary between shoppers (see `spreadList`). */
export const LIST_DEPTH = 8;

/** Context slots a search may drop when nothing matches, if the user did not state them in this turn. */
const RELAXABLE = [
  'occasion',
  'season',
  'weather',
  'coverage',
  'length',
  'budget_max',
] as const satisfies (keyof Slots)[];

/** What a search may drop: a relaxable slot, or the department carried over. */
type Dropped = (typeof RELAXABLE)[number] | 'gender';

/** How a dropped slot is named in the reply. */
const DROPPED_WORDS: Record<Language, Record<Dropped, string>> = {
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
    .map((position) => catalog.items[position])
    .filter((item): item is Item & { price: number } => item?.price !== undefined)
    .sort((a, b) => sign * (a.price - b.price) || b.popularity - a.popularity)
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
 * `k` pieces of a plain ranking, one per product: shoppers who ask alike see different pieces of the list, of
 * different kinds where it allows (see `spreadList`), until their votes make the ranking their own.
 * @example
 * plainList(recommender.rank({ query, profile, k: k * LIST_DEPTH }), k, profile, query);
 */
export function plainList(ranked: readonly ScoredItem[], k: number, profile: Profile, query: ItemQuery): ScoredItem[] {
  // After 👍/👎 the ranking is the shopper's own: its order is kept.
  if (profile.feedback.length > 0) return onePerProduct(ranked, k);
  return spreadList(onePerProduct(ranked, ranked.length), k, shopperSeed(profile), JSON.stringify(query));
}

/** How one search ranks: the turn's price order, the pieces left out, and those shown before a refinement. */
interface SearchPlan {
  k: number;
  order?: 'ascending' | 'descending';
  seeds?: string[];
  excluded: string[];
  before: ReadonlySet<string>;
}

/** The ranked pieces shown for some slots. */
function rankFor(context: TurnContext, plan: SearchPlan, s: Slots): ScoredItem[] {
  const { profile } = context.state;
  const { k, order, seeds, excluded, before } = plan;
  const query = { ...slotsToQuery(s, profile), ...(excluded.length > 0 ? { excludeIds: excluded } : {}) };
  if (order) return onePerProduct(byPrice(context.deps.catalog, query, order, k * 4), k);
  const style = isKnownStyle(s.style) ? s.style : undefined;
  const wide = needsWiderList(s, before);
  // A soft wish (warmth, rain-proofing, a plus-size line) is met by few pieces: look further down the ranking.
  // A deeper list than shown: colour rows of one product count once (see `onePerProduct`).
  const size = softWishes(s).length > 0 ? k * SOFT_WIDEN : style || wide ? k * STYLE_WIDEN : k * LIST_DEPTH;
  const general = context.deps.recommender.rank({ query, profile, k: size, seeds });
  // Pieces made for the occasion's typical use come first; a style asked for reorders a wider list (both soft:
  // other items still come when too few fit).
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
  if (style || wide) return onePerProduct(wide ? softRerank(styled, s, before, size) : styled, k);
  return plainList(fitting, k, profile, query);
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
): ActionResult {
  // "The cheapest dress", "your most expensive jacket": every match by price, not the best few.
  const order = seeds ? undefined : context.parse.slots.price_sort;
  if (order) introKey = order === 'ascending' ? 'items_cheapest' : 'items_dearest';
  const plan: SearchPlan = {
    k: context.arms.suggestions ?? SEARCH_SIZE,
    order,
    seeds,
    // "More like this" shows other pieces than the one it starts from; "more" shows pieces not shown yet.
    excluded: [...(seeds ?? []), ...(shown ?? [])],
    // A follow-up ("warmer", "XL", "long ones") shows pieces not just shown before those shown again.
    before: freshFor(context, seeds ?? shown),
  };
  let ranked = rankFor(context, plan, slots);
  let relaxed = slots;
  const dropped: Dropped[] = [];
  const department = ranked.length === 0 ? switchedDepartment(context, relaxed) : undefined;
  if (department) {
    relaxed = { ...relaxed, gender: department };
    dropped.push('gender');
    ranked = rankFor(context, plan, relaxed);
  }
  for (const key of RELAXABLE) {
    if (ranked.length > 0) break;
    // Context carried over may go quietly; a wish of this turn only when nothing meets it, and the reply says so.
    if (relaxed[key] === undefined) continue;
    if (context.parse.slots[key] !== undefined && key !== 'coverage' && key !== 'length') continue;
    const { [key]: _, ...rest } = relaxed;
    relaxed = rest;
    dropped.push(key);
    ranked = rankFor(context, plan, relaxed);
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
