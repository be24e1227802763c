/** Follow-ups that move a request in a direction: "cheaper", "more expensive", "less formal", "less casual". */
import { perCatalog } from '../../catalog/memo.ts';
import type { Catalog, Item, Slots, UserState } from '../../types.ts';
import { fromEur } from '../money.ts';

/** The lower median; undefined for no values. */
const median = (values: number[]): number | undefined => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
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

/**
 * "cheaper" / "more expensive": a budget bound relative to what was shown, in the shopper's currency (else EUR).
 * @example
 * applyPriceDirection({ category: 'dress' }, 'lower', state, catalog) // { category: 'dress', budget_max: 29.99, currency: 'EUR' }
 */
export function applyPriceDirection(
  slots: Slots,
  direction: Slots['price_direction'],
  state: UserState,
  catalog: Catalog,
): Slots {
  if (!direction) return slots;
  const price = referencePrice(state, catalog);
  if (price === undefined) return slots;
  // The bound stays in the shopper's currency (CN¥384 after CN¥800), in whole units beyond the euro.
  const currency = slots.currency && slots.currency.toUpperCase() !== 'EUR' ? slots.currency : 'EUR';
  const inCurrency = (eur: number, round: (x: number) => number) =>
    currency === 'EUR' ? Math.round(eur * 100) / 100 : round(fromEur(eur, currency));
  if (direction === 'lower') {
    const { budget_min: _, ...rest } = slots;
    return { ...rest, budget_max: inCurrency(Math.max(price - 0.01, 0), Math.floor), currency };
  }
  const { budget_max: _, ...rest } = slots;
  return { ...rest, budget_min: inCurrency(price + 0.01, Math.ceil), currency };
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

/**
 * "Less formal" / "less casual" on outfits for an occasion: the same request for the next occasion that way.
 * @example
 * applyFormalityDirection({ occasion: 'wedding' }, ['formal']) // { occasion: 'party' }
 */
export function applyFormalityDirection(slots: Slots, away: Slots['exclude_style']): Slots {
  const steps = away?.includes('formal') ? LESS_FORMAL : away?.includes('casual') ? LESS_CASUAL : undefined;
  const next = steps && slots.occasion ? steps[slots.occasion] : undefined;
  if (!next) return slots;
  const exclude = slots.exclude_style?.filter((style) => style !== 'formal' && style !== 'casual');
  return { ...slots, occasion: next, exclude_style: exclude?.length ? exclude : undefined };
}
