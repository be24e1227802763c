/**
 * How the shopping intents are served: a refinement of the request being worked on, a search, looks, a question about
 * a shown piece — each around the piece a reference points to when there is one.
 */
import type { Route } from '../decision.ts';
import { mergeSlots } from '../query.ts';
import { resolveReference } from '../references.ts';
import { carriedSlots, giftBudget } from './carry.ts';
import { applyFormalityDirection, applyPriceDirection } from './follow-ups.ts';

/**
 * "Cheaper", "in blue", "less formal", "more": the request being worked on, changed as asked. Looks around a piece stay
 * around it unless another kind of piece is asked for.
 * @example
 * refineRequest(parseOf('cheaper'), state) // { action: 'outfit_request', slots: { occasion: 'wedding', budget_max: 29.99, … } }
 */
export const refineRequest: Route = (parse, { user, catalog }) => {
  const base = user.session.request ?? { intent: 'product_search' as const, slots: {} };
  const slots = applyFormalityDirection(
    applyPriceDirection(mergeSlots(base.slots, parse.slots), parse.slots.price_direction, user, catalog),
    parse.slots.exclude_style,
  );
  const anchor = base.intent === 'outfit_request' && !parse.slots.category ? base.anchorItemId : undefined;
  if (anchor) return { action: 'outfit_around', intent: base.intent, slots, itemId: anchor };
  if (base.intent === 'product_search' && parse.slots.follow_up === 'more') {
    return { action: 'next_page', intent: base.intent, slots };
  }
  return { action: base.intent, intent: base.intent, slots };
};

/**
 * A search: "the first one in grey" is that piece in another colour, "more like the second one" pieces like it,
 * anything else a search that keeps what the request before it says about who it is for.
 */
export const searchItems: Route = (parse, { user, catalog }) => {
  const { reference, category, color } = parse.slots;
  const [target] = reference && !category ? resolveReference(reference, user.session, catalog) : [];
  if (target && color) return { action: 'in_color', intent: 'product_search', slots: parse.slots, itemId: target.id };
  if (target) return { action: 'more_like', intent: 'product_search', slots: parse.slots, itemId: target.id };
  const { request } = user.session;
  const newKind = mergeSlots(carriedSlots(request, 'product_search'), parse.slots, true);
  const slots = parse.slots.budget_max === undefined ? { ...giftBudget(request), ...newKind } : newKind;
  return { action: 'product_search', intent: 'product_search', slots };
};

/** Looks, or inspiration: around a shown piece the message points to, else for the request's slots. */
export const composeLooks: Route = (parse, { user, catalog }) => {
  const { request } = user.session;
  const [piece] =
    parse.slots.reference && !parse.slots.category
      ? resolveReference(parse.slots.reference, user.session, catalog)
      : [];
  if (piece) {
    // Around a piece from a search too: that search's season and occasion still hold.
    const { season, occasion } = request?.slots ?? {};
    const slots = mergeSlots({ season, occasion, ...carriedSlots(request, 'outfit_request') }, parse.slots, true);
    return { action: 'outfit_around', intent: 'outfit_request', slots, itemId: piece.id };
  }
  const slots = mergeSlots(carriedSlots(request, 'outfit_request'), parse.slots, true);
  return { action: parse.intent, intent: parse.intent, slots };
};

/**
 * A question about a shown piece: "does the second one come in red?" or "does the blazer come in navy?" looks for it
 * in that colour (a colour that names the piece, "the red one", is no such question); "how do I wash it?" and "what size should I get?" are the stylist's.
 */
export const answerItemQuestion: Route = (parse, { user, catalog }) => {
  const { reference, color } = parse.slots;
  // "The blazer" names the piece by its kind, so a colour with it is asked about; "the red one" names it by colour.
  const asksColor = color && reference && (reference.kind !== 'attribute' || (reference.category && !reference.color));
  const pieces = asksColor ? resolveReference(reference, user.session, catalog) : [];
  const [only] = pieces;
  if (only && pieces.length === 1) {
    return { action: 'in_color', intent: 'product_search', slots: parse.slots, itemId: only.id };
  }
  const { advice_topic: topic, request_slots: asked } = parse.slots;
  if (topic === 'care' || topic === 'size' || asked?.includes('care')) {
    return { action: 'advice', intent: 'advice', slots: { ...parse.slots, advice_topic: topic ?? 'care' } };
  }
  return { action: 'item_question', intent: 'item_question', slots: parse.slots };
};
