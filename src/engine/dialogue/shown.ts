/**
 * Turns about the pieces or looks just shown, decided before the classifier's intent (which is often unsure of such
 * short messages): "1st or 3rd?" after looks compares the looks, "the 5th one in white?" shows that piece in white,
 * "do u have the 1st in size 32" answers about its sizes, "what shoes go with the first one" shows shoes for that
 * piece (or for that look).
 */
import { ordinalsIn } from '../../nlu/lexicon.ts';
import type { NluSlots } from '../../nlu/slots.ts';
import type { Intent, Item, Parse, Session } from '../../types.ts';
import type { Decision, DialogueState, Rule } from '../decision.ts';
import { resolveReference } from '../references.ts';

/** Intents that keep their own meaning when recognised confidently, even with a reference in the message. */
const OWN_MEANING = new Set<Intent>([
  'save_item',
  'feedback_positive',
  'feedback_negative',
  'explain',
  'privacy_forget',
  'privacy_export',
  'greet',
  'goodbye',
  'advice',
]);

/** The slots the parser reads beyond the shared ones ("looks" counted, not pieces). */
const nlu = (parse: Parse): NluSlots => parse.slots as NluSlots;

/**
 * Whether the ordinals name looks: the message says "look" or 套, or the last reply showed looks and every ordinal
 * named fits their number ("1st or 3rd?" after three looks).
 */
export function countsLooks(parse: Parse, session: Session, ordinals: readonly number[]): boolean {
  const looks = session.lastOutfits.length;
  if (looks === 0) return false;
  if (nlu(parse).reference_unit === 'look') return true;
  return ordinals.length > 0 && ordinals.every((index) => (index < 0 ? -index <= looks : index < looks));
}

const isOfKind = (item: Item, kind: string) => item.category === kind || item.articleType === kind;

/** The pieces of a look still in the catalogue. */
function lookPieces(look: readonly string[], state: DialogueState): Item[] {
  return look.map((id) => state.catalog.get(id)).filter((item): item is Item => item !== undefined);
}

/** Whether the message asks something about a piece (a fact, a fabric, a detail) rather than for other pieces. */
const asksAboutPiece = (parse: Parse) =>
  Boolean(parse.slots.request_slots?.length || parse.slots.material || parse.slots.detail?.length);

/** "What shoes go with the first one / 第一套": shoes for that piece, or for the look's main piece. */
function pairingWithShown(parse: Parse, state: DialogueState, looks: boolean): Decision | undefined {
  const { reference, category } = parse.slots;
  if (!reference || !category || reference.kind === 'attribute') return undefined;
  const { session } = state.user;
  let piece: Item | undefined;
  if (looks && reference.kind === 'ordinal') {
    const look = reference.index < 0 ? session.lastOutfits.at(reference.index) : session.lastOutfits[reference.index];
    const pieces = look ? lookPieces(look, state) : [];
    // The look's piece of the kind named ("第三套的衬衫", the shirt of look 3) when the message asks about it or
    // wants it in another colour; otherwise the look's first other piece, for new pieces of that kind to go with it.
    const own = pieces.find((item) => isOfKind(item, category));
    const keepOwn = own && (parse.slots.color?.length || asksAboutPiece(parse));
    piece = keepOwn ? own : (pieces.find((item) => !isOfKind(item, category)) ?? own);
  } else {
    [piece] = resolveReference(reference, session, state.catalog);
  }
  if (!piece) return undefined;
  // The piece of that kind itself: in another colour, or a question about it.
  if (isOfKind(piece, category)) {
    if (parse.slots.color?.length) {
      return { action: 'in_color', intent: 'product_search', slots: parse.slots, itemId: piece.id };
    }
    return looks
      ? { action: 'item_question', intent: 'item_question', slots: parse.slots, itemId: piece.id }
      : undefined;
  }
  // The looks' season and occasion still hold: shoes for a summer beach look are no winter boots.
  const { season, occasion, weather, gender } = session.request?.slots ?? {};
  const around = { category: piece.articleType, color: piece.colors.slice(0, 1) };
  const slots = { season, occasion, weather, gender, pairing: { wanted: category, around } };
  for (const key of Object.keys(slots) as (keyof typeof slots)[]) if (slots[key] === undefined) delete slots[key];
  return { action: 'pair_with', intent: 'product_search', slots, itemId: piece.id };
}

/**
 * "是羊毛的吗", "is it lined?": a yes/no question about a fabric or detail of the pieces just shown, naming no piece or
 * kind (the parse marks it as about a piece), is no wish to search for wool pieces.
 */
function yesNoAboutShown(parse: Parse): boolean {
  const { about_piece, reference, category, color, material, detail } = parse.slots;
  if (!about_piece || category || color?.length || (reference && reference.kind !== 'anaphora')) return false;
  return Boolean(material || detail?.length) && parse.intent !== 'product_search';
}

/**
 * A message about what was just shown, when it is one: two looks or pieces compared, a piece in another colour or
 * size, or pieces of another kind for a shown piece or look. Undefined for anything else (and for confident intents
 * with a meaning of their own: saving, feedback, "why?").
 * @example
 * aboutShownPieces(parseOf('the 5th one in white?'), state) // { action: 'in_color', itemId: 'hm:…', … }
 */
export const aboutShownPieces: Rule = (parse, state) => {
  const { session } = state.user;
  if (session.lastShown.length === 0) return undefined;
  if (OWN_MEANING.has(parse.intent) && parse.confidence >= state.threshold) return undefined;
  const ordinals = [...new Set(ordinalsIn(parse.text))];
  const looks = countsLooks(parse, session, ordinals);
  const { reference, color, size, category } = parse.slots;
  if (ordinals.length >= 2 && !category && (parse.intent === 'compare' || looks)) {
    return { action: 'compare', intent: 'compare', slots: parse.slots };
  }
  if (yesNoAboutShown(parse)) return { action: 'item_question', intent: 'item_question', slots: parse.slots };
  if (!reference || reference.kind === 'attribute') return undefined;
  const pairing = pairingWithShown(parse, state, looks);
  if (pairing) return pairing;
  if (looks) return undefined;
  const [piece] = resolveReference(reference, session, state.catalog);
  if (!piece || category) return undefined;
  if (color?.length) return { action: 'in_color', intent: 'product_search', slots: parse.slots, itemId: piece.id };
  if (size) {
    return { action: 'item_question', intent: 'item_question', slots: { ...parse.slots, request_slots: ['size'] } };
  }
  return undefined;
};
