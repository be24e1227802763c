/**
 * Actions about one piece: looks around it ("what goes with the second one?"), it in another colour, pieces of one kind
 * that go with it ("what shoes go with a navy suit?"), and more like it.
 */
import { colorsMatching } from '../../catalog/taxonomy.ts';
import { colorVariants } from '../../catalog/variants.ts';
import { findAnchor } from '../../outfits/index.ts';
import type { Catalog, Gender, Item, ItemQuery, ScoredItem, Slots } from '../../types.ts';
import type { Action, TurnContext } from '../context.ts';
import { describeSlots } from '../present.ts';
import { slotsToOutfitRequest } from '../query.ts';
import { languageOf, OCCASION_FOR_USAGE, runOutfits, runSearch, SEARCH_SIZE, showItems } from './shopping.ts';

/** The piece the policy decided the action is about; its absence is a programmer error. */
function pieceId(context: TurnContext): string {
  if (!context.itemId) throw new Error(`${context.action}: the policy named no piece`);
  return context.itemId;
}

/** The pairing question of the turn ("what shoes go with a navy suit?"); its absence is a programmer error. */
function pairingOf(context: TurnContext): NonNullable<Slots['pairing']> {
  if (!context.slots.pairing) throw new Error(`${context.action}: the parse holds no pairing`);
  return context.slots.pairing;
}

/**
 * "What goes with the second one?": looks built around a piece shown before, for its department, keeping the rest of
 * the request (the turn's slots: the season or occasion asked about before, a budget given after).
 */
export const outfitAround: Action = (context) => {
  const item = context.deps.catalog.get(pieceId(context));
  if (!item) return { events: [], say: [{ key: 'item_gone' }] };
  const around: Slots = { ...context.slots, category: item.articleType };
  if (item.gender !== 'unisex') around.gender = item.gender;
  delete around.color;
  return runOutfits(context, around, 'outfits_intro', item);
};

/**
 * "Do you have the first one in grey?": the piece itself in that colour (its colour variants), else the pieces most
 * like it in that colour, saying that it does not come in it.
 */
export const inColor: Action = (context) => {
  const itemId = pieceId(context);
  const colors = context.slots.color ?? [];
  const item = context.deps.catalog.get(itemId);
  if (!item) return { events: [], say: [{ key: 'item_gone' }] };
  const language = languageOf(context);
  const vars = { name: item.name, color: describeSlots({ color: colors }, language) };
  const wanted = new Set(colors.flatMap(colorsMatching));
  const variants = colorVariants(context.deps.catalog, item).filter((v) => v.colors.some((c) => wanted.has(c)));
  const slots: Slots = { ...context.state.session.request?.slots, category: item.articleType, color: colors };
  if (item.gender !== 'unisex') slots.gender = item.gender;
  const [first] = variants;
  if (first) {
    const signal = { name: 'match' as const, weight: 1, detail: `${item.name} in another colour` };
    const shown = variants.slice(0, SEARCH_SIZE).map((variant) => ({ item: variant, score: 1, signals: [signal] }));
    const found = showItems(context, { intent: 'product_search', slots }, shown, 'variant_found', vars);
    // "save it", "what's it made of" next: the piece asked about, in the colour asked for.
    return { ...found, events: [...found.events, { type: 'focus_set', itemId: first.id }] };
  }
  const similar = runSearch(context, slots, 'more_like_intro', [itemId]);
  return { ...similar, say: [{ key: 'variant_missing', vars }, ...similar.say] };
};

/** Kinds of piece that stand in for one the catalogue hardly sells (H&M sells suit jackets as blazers). */
const STAND_INS: Readonly<Record<string, readonly string[]>> = { suit: ['blazer'] };

/** A catalogue piece like the one described: in its colour if possible (before its kind), of its kind or a stand-in. */
function standIn(catalog: Catalog, described: Slots, gender: Gender | undefined): Item | undefined {
  const { category: kind } = described;
  if (!kind) return undefined;
  for (const colors of described.color ? [described.color, undefined] : [undefined]) {
    for (const category of [kind, ...(STAND_INS[kind] ?? [])]) {
      const found = findAnchor(catalog, { category, colors, gender });
      if (found) return found;
    }
  }
  return undefined;
}

/** The department that sells a kind of piece (ties: men's) when it sells at least twice as many as the other. */
function usualDepartment(catalog: Catalog, kind: string): Gender | undefined {
  const men = catalog.match({ categories: [kind], genders: ['men'] }).length;
  const women = catalog.match({ categories: [kind], genders: ['women'] }).length;
  return men >= 2 * women && men > 0 ? 'men' : women >= 2 * men && women > 0 ? 'women' : undefined;
}

/** How many looks are built around a piece to find what goes with it, and how few of its pieces are enough. */
const PAIRING_LOOKS = 6;
const MIN_PAIRINGS = 2;

/**
 * "What shoes go with a navy suit?": the pieces of the kind asked for in the looks built around such a piece (a
 * stand-in from the catalogue), with the looks' reasons.
 */
export const pairWith: Action = (context) => {
  const { wanted, around } = pairingOf(context);
  const { catalog, composer } = context.deps;
  const { profile } = context.state;
  const language = languageOf(context);
  const gender = context.parse.slots.gender ?? around.gender ?? profile.gender ?? usualDepartment(catalog, wanted);
  const vars = {
    piece: describeSlots({ category: wanted }, language),
    anchor: describeSlots({ category: around.category, color: around.color }, language),
  };
  // A piece shown before ("what shoes go with the first one") is itself the anchor; a described one has a stand-in.
  const shown = context.itemId ? catalog.get(context.itemId) : undefined;
  const anchor = shown ?? standIn(catalog, around, gender);
  if (!anchor) return { events: [], say: [{ key: 'pairing_unknown', vars }] };
  if (shown) vars.anchor = shown.name;
  const { season, occasion, weather } = context.slots;
  const request = slotsToOutfitRequest(
    { gender: gender ?? (anchor.gender === 'unisex' ? undefined : anchor.gender), season, weather },
    profile,
    PAIRING_LOOKS,
  );
  request.anchorItemId = anchor.id;
  request.occasion = occasion ?? OCCASION_FOR_USAGE[anchor.usage[0] ?? 'casual'];
  const seen = new Set<string>();
  const pieces: ScoredItem[] = [];
  for (const outfit of composer.compose(request, profile)) {
    for (const piece of outfit.items) {
      const fits = piece.item.category === wanted || piece.item.articleType === wanted;
      if (fits && piece.item.id !== anchor.id && !seen.has(piece.item.id)) {
        seen.add(piece.item.id);
        pieces.push(piece);
      }
    }
  }
  // Looks may leave out an optional piece (a tie, a bag): then the recommender's best of that kind around it.
  if (pieces.length < MIN_PAIRINGS) {
    const query: ItemQuery = {
      categories: [wanted],
      ...(request.gender ? { genders: [request.gender] } : {}),
      excludeColors: profile.dislikedColors,
      excludeIds: [anchor.id, ...seen],
      ...(request.season ? { season: request.season } : {}),
    };
    pieces.push(
      ...context.deps.recommender.rank({ query, profile, k: SEARCH_SIZE - pieces.length, seeds: [anchor.id] }),
    );
  }
  if (pieces.length === 0) return { events: [], say: [{ key: 'pairing_none', vars }] };
  const slots: Slots = { category: wanted, ...(gender ? { gender } : {}), ...(season ? { season } : {}) };
  return showItems(context, { intent: 'product_search', slots }, pieces.slice(0, SEARCH_SIZE), 'pairing_intro', vars);
};

/** "More like this" on an item: same kind of item, ranked around it. */
export const moreLike: Action = (context) => {
  const itemId = pieceId(context);
  const item = context.deps.catalog.get(itemId);
  if (!item) return { events: [], say: [{ key: 'item_gone' }] };
  const slots: Slots = { ...context.state.session.request?.slots, category: item.articleType };
  delete slots.color;
  return runSearch(context, slots, 'more_like_intro', [itemId]);
};
