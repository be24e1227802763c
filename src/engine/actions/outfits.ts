/**
 * Outfit replies: the composer's looks for the request's slots, built around a piece when there is one — a piece
 * shown before ("what goes with the second one?"), a stand-in for a piece the shopper owns ("my burgundy chinos",
 * never offered for sale), or the kind of piece the request names.
 */

import { ARTICLE_GROUPS, categoryOf, colorFamily } from '../../catalog/taxonomy.ts';
import { listOf } from '../../nlg/lexicon.ts';
import { pieceName } from '../../outfits/explain.ts';
import { findAnchor } from '../../outfits/index.ts';
import { dither, shopperSeed } from '../../outfits/variety.ts';
import type { ActiveRequest, Catalog, Gender, Item, Outfit, OutfitRequest, Slots, Usage } from '../../types.ts';
import type { ActionResult, Say, TurnContext } from '../context.ts';
import { describeSlots, outfitLines } from '../present.ts';
import { slotsToOutfitRequest } from '../query.ts';
import { chooseLooks, freshFor, wideLooks } from './fresh.ts';
import { languageOf, OUTFIT_COUNT } from './show.ts';

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

/** How many times the looks shown are composed for the shopper's draw (see `spreadLooks`). */
const LOOK_CHOICE = 2;
/** Spread of the per-shopper dithering of the looks composed (log-rank units). */
const LOOK_SPREAD = 2;

/**
 * `k` of the composed looks for one shopper: a dithered draw (the best looks drawn most often), shown in the
 * composer's order.
 */
function spreadLooks(outfits: readonly Outfit[], k: number, seed: number, salt: string): Outfit[] {
  if (outfits.length <= k) return [...outfits];
  const drawn = new Set(dither(outfits, seed, salt, LOOK_SPREAD).slice(0, k));
  return outfits.filter((outfit) => drawn.has(outfit));
}

/** A piece the shopper says they own. */
type Owned = NonNullable<Slots['owned']>[number];

/**
 * A catalogue stand-in for a piece the shopper owns: of its kind, else of a kind grouped with it (chinos →
 * trousers), else of its coarse category; in its colour, else in that colour's family (burgundy → red), else (last)
 * of another colour, so that the looks still leave out a second piece of that kind.
 */
function ownedStandIn(catalog: Catalog, owned: Owned, gender: Gender | undefined): Item | undefined {
  const kinds = [
    owned.category,
    ...Object.values(ARTICLE_GROUPS)
      .filter((group) => group.includes(owned.category))
      .flat(),
    categoryOf(owned.category),
  ];
  const colors = [owned.color, owned.color && colorFamily(owned.color), undefined];
  for (const color of colors) {
    for (const category of kinds) {
      if (!category) continue;
      const found = findAnchor(catalog, { category, colors: color ? [color] : undefined, gender });
      if (found) return found;
    }
  }
  return undefined;
}

/** The piece every look is built around: the one given, else a stand-in for one owned, else one the slots name. */
function anchorFor(context: TurnContext, slots: Slots, gender: Gender | undefined, piece?: Item): Item | undefined {
  if (piece) return piece;
  const catalog = context.deps.catalog;
  // "What goes with my white sneakers?": the named piece anchors every look; its colour describes the piece only.
  const owned = slots.owned?.[0];
  const standIn = owned ? ownedStandIn(catalog, owned, gender) : undefined;
  if (standIn) return standIn;
  return slots.category ? findAnchor(catalog, { category: slots.category, colors: slots.color, gender }) : undefined;
}

/**
 * Looks around a stand-in for the shopper's own piece, without the stand-in: it is not offered for sale, and the
 * explanation names the shopper's piece.
 */
function aroundOwnedPiece(outfits: Outfit[], standIn: Item, owned: readonly Owned[]): Outfit[] {
  const own = owned.find((p) => p.category === standIn.articleType) ?? owned[0];
  if (!own) return outfits;
  const ownedName = `${own.color ? `${own.color} ` : ''}${own.category.replace(/-/g, ' ')}`;
  return outfits.map((o) => ({
    ...o,
    items: o.items.filter((s) => s.item.id !== standIn.id),
    explanation: o.explanation.replace(`With the ${pieceName(standIn)}`, `With your ${ownedName}`),
  }));
}

/**
 * When a budget leaves no look and the looks it rules out hold pieces the catalogue has no price for (Myntra lists
 * none): those looks, and an intro that says so, rather than blame a budget that may be ample.
 */
function unpricedLooks(
  context: TurnContext,
  compose: (request: OutfitRequest) => Outfit[],
  request: OutfitRequest,
  what: string,
  anchor: Item | undefined,
): { outfits: Outfit[]; intro: Say } | undefined {
  const unbounded = compose({ ...request, budgetMax: undefined });
  const unpriced = new Set(
    unbounded.flatMap((o) => o.items.filter((s) => s.item.price === undefined && s.item.id !== anchor?.id)),
  );
  if (unpriced.size === 0) return undefined;
  const language = languageOf(context);
  const kinds = [...new Set([...unpriced].map((s) => describeSlots({ category: s.item.articleType }, language)))];
  const vars = { what, kinds: listOf(kinds, language), count: unbounded.length };
  return { outfits: unbounded, intro: { key: 'outfits_unpriced', vars } };
}

/** The reply showing some looks (and remembering the request and what was shown). */
function showLooks(context: TurnContext, request: ActiveRequest, outfits: Outfit[], intro: Say): ActionResult {
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
    say: [intro, { lines: outfitLines(outfits, languageOf(context), request.slots.currency) }],
    items,
    outfits,
    signals,
  };
}

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
  const anchor = anchorFor(context, slots, outfitRequest.gender, piece);
  if (anchor) {
    outfitRequest.anchorItemId = anchor.id;
    outfitRequest.colors = undefined;
    outfitRequest.occasion ??= OCCASION_FOR_USAGE[anchor.usage[0] ?? 'casual'];
  }
  const before = freshFor(context);
  // Twice the looks shown are composed (and cached for every shopper of the variety bucket); each shopper is shown
  // a draw of them, so that one request's looks differ from shopper to shopper.
  const wide = Math.max(wideLooks(k, slots, before), k * LOOK_CHOICE);
  const compose = (r: OutfitRequest) => {
    const composed = chooseLooks(context.deps.composer.compose({ ...r, k: wide }, profile), slots, before, wide);
    return spreadLooks(composed, k, shopperSeed(profile), JSON.stringify(r));
  };
  let outfits = compose(outfitRequest);
  // A piece the shopper owns anchors the looks through a stand-in of its kind; the stand-in is not offered for sale.
  const owned = slots.owned ?? [];
  const ownsIt = (p: Owned) =>
    anchor && (p.category === anchor.articleType || categoryOf(p.category) === anchor.category);
  if (anchor && owned.some(ownsIt)) {
    request.anchorItemId = anchor.id;
    outfits = aroundOwnedPiece(outfits, anchor, owned);
  }
  const what = describeSlots(slots, languageOf(context)) || 'you';
  let intro: Say = { key: introKey, vars: { what, count: outfits.length } };
  if (outfits.length === 0 && outfitRequest.budgetMax !== undefined) {
    const unpriced = unpricedLooks(context, compose, outfitRequest, what, anchor);
    if (unpriced) ({ outfits, intro } = unpriced);
  }
  if (outfits.length === 0) {
    return { events: [{ type: 'request_set', request }], say: [{ key: 'no_outfits', vars: { what } }] };
  }
  return showLooks(context, request, outfits, intro);
}
