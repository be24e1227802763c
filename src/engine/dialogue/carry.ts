/** What a new request keeps from the one before it. */
import type { ActiveRequest, Slots } from '../../types.ts';

/**
 * What a new request inherits from the previous one: everything (but the item slots, dropped by `mergeSlots`) when it
 * is the same kind of request; only who it is for, the season and weather, and the exclusions when it switches between
 * outfits and items — a wedding outfit's occasion should not silently filter the sneakers asked for next, but shoes
 * asked for after summer beach looks are for summer.
 * @example
 * carriedSlots({ intent: 'outfit_request', slots: { occasion: 'wedding', gender: 'men' } }, 'product_search') // { gender: 'men' }
 */
export function carriedSlots(request: ActiveRequest | undefined, kind: ActiveRequest['intent']): Slots {
  if (!request) return {};
  if (request.intent === kind) return request.slots;
  const { gender, exclude_color, exclude_material, exclude_category, age_group, recipient, fit, coverage } =
    request.slots;
  const { season, weather } = request.slots;
  const carried: Slots = {
    season,
    weather,
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

/**
 * What a search for another kind of piece keeps of a gift request: its budget (and currency), since "how about a
 * scarf?" after "a birthday present for my mum, under 200" is the same present; nothing for a shopper's own search.
 * @example
 * giftBudget({ intent: 'product_search', slots: { gift: true, budget_max: 200, currency: 'CNY' } }) // { budget_max: 200, currency: 'CNY' }
 */
export function giftBudget(request: ActiveRequest | undefined): Slots {
  const slots = request?.slots;
  if (!slots || !(slots.gift || slots.recipient) || slots.budget_max === undefined) return {};
  return slots.currency ? { budget_max: slots.budget_max, currency: slots.currency } : { budget_max: slots.budget_max };
}
