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
