/**
 * State events: what an action changed. Actions return them; `applyEvents` is the only place that turns them into
 * a new profile and session (STYLE §4), which makes turns replayable.
 */
import type { Intent, Session, StateEvent, UserState } from '../types.ts';

export type { StateEvent } from '../types.ts';

/** How many feedback entries a profile keeps (newest win). */
const MAX_FEEDBACK = 200;
const MAX_WISHLIST = 200;

const addUnique = (list: string[], value: string) => (list.includes(value) ? list : [...list, value]);
const without = (list: string[], value: string) => list.filter((v) => v !== value);

/**
 * The session as a new turn starts: no question pending (an answer was read this turn), this turn's intent, counted.
 * @example
 * const next = applyEvents(beginTurn(state, 'product_search', now), events, now);
 */
export function beginTurn(state: UserState, intent: Intent, now: number): UserState {
  const session: Session = {
    ...state.session,
    awaiting: undefined,
    lastIntent: intent,
    lastActiveAt: now,
    turns: state.session.turns + 1,
  };
  return { profile: state.profile, session };
}

/**
 * Applies events in order and returns the new state; the input is not modified.
 * @example
 * const next = applyEvents(state, [{ type: 'color_disliked', color: 'yellow' }], now);
 */
export function applyEvents(state: UserState, events: readonly StateEvent[], now: number): UserState {
  let profile = { ...state.profile };
  let session: Session = { ...state.session };
  for (const event of events) {
    switch (event.type) {
      case 'request_set':
        session = { ...session, request: event.request };
        break;
      case 'shown':
        session = {
          ...session,
          lastShown: event.itemIds,
          lastOutfits: event.outfits,
          // A list that was not recommended (the wishlist) keeps "why?" about the last recommendation.
          lastSignals: event.signals.length > 0 ? event.signals : session.lastSignals,
          focusItemId: event.itemIds.length === 1 ? event.itemIds[0] : undefined,
        };
        break;
      case 'focus_set':
        session = { ...session, focusItemId: event.itemId };
        break;
      case 'awaiting_set':
        session = { ...session, awaiting: { slot: event.slot, intent: event.intent, slots: event.slots } };
        break;
      case 'color_disliked':
        profile = {
          ...profile,
          dislikedColors: addUnique(profile.dislikedColors, event.color),
          likedColors: without(profile.likedColors, event.color),
        };
        break;
      case 'color_liked':
        profile = {
          ...profile,
          likedColors: addUnique(profile.likedColors, event.color),
          dislikedColors: without(profile.dislikedColors, event.color),
        };
        break;
      case 'material_disliked':
        profile = { ...profile, dislikedMaterials: addUnique(profile.dislikedMaterials, event.material) };
        break;
      case 'color_forgotten':
        profile = {
          ...profile,
          likedColors: without(profile.likedColors, event.color),
          dislikedColors: without(profile.dislikedColors, event.color),
        };
        break;
      case 'material_forgotten':
        profile = { ...profile, dislikedMaterials: without(profile.dislikedMaterials, event.material) };
        break;
      case 'sizes_forgotten':
        profile = { ...profile, sizes: {} };
        break;
      case 'gender_set':
        profile = { ...profile, gender: event.gender };
        break;
      case 'size_set':
        profile = { ...profile, sizes: { ...profile.sizes, [event.kind]: event.size } };
        break;
      case 'budget_set':
        profile = { ...profile, budgetMax: event.max, currency: event.currency };
        break;
      case 'style_added':
        profile = { ...profile, styles: addUnique(profile.styles, event.style) };
        break;
      case 'tone_set':
        profile = { ...profile, tone: event.tone, toneChosen: true };
        break;
      case 'language_set':
        profile = { ...profile, language: event.language };
        break;
      case 'trend_opt_in':
        profile = { ...profile, trendOptIn: event.on };
        break;
      case 'feedback_given':
        profile = {
          ...profile,
          feedback: [
            ...profile.feedback.filter((f) => f.itemId !== event.itemId),
            { itemId: event.itemId, value: event.value, at: now },
          ].slice(-MAX_FEEDBACK),
        };
        break;
      case 'item_saved':
        profile = { ...profile, wishlist: addUnique(profile.wishlist, event.itemId).slice(-MAX_WISHLIST) };
        break;
      case 'template_used':
        session = { ...session, lastVariants: { ...session.lastVariants, [event.key]: event.variant } };
        break;
      case 'user_erased':
        break;
    }
  }
  return { profile, session };
}
