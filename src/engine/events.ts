/**
 * State events: what an action changed. Actions return them; `applyEvents` is the only place that turns them into
 * a new profile and session (STYLE §4), which makes turns replayable.
 */
import type { Intent, Profile, Session, StateEvent, UserState } from '../types.ts';

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

/** How one kind of event changes the state; `now` stamps what needs a time. */
type Reducer<E extends StateEvent> = (state: UserState, event: E, now: number) => UserState;

/** A profile change: the session stays. */
const onProfile =
  <E extends StateEvent>(change: (profile: Profile, event: E, now: number) => Partial<Profile>): Reducer<E> =>
  (state, event, now) => ({ ...state, profile: { ...state.profile, ...change(state.profile, event, now) } });

/** A session change: the profile stays. */
const onSession =
  <E extends StateEvent>(change: (session: Session, event: E) => Partial<Session>): Reducer<E> =>
  (state, event) => ({ ...state, session: { ...state.session, ...change(state.session, event) } });

/** What each kind of event does (STYLE §5: a typed table, one entry per event type). */
const REDUCERS: { [T in StateEvent['type']]: Reducer<Extract<StateEvent, { type: T }>> } = {
  request_set: onSession((_, e) => ({ request: e.request })),
  shown: onSession((session, e) => ({
    lastShown: e.itemIds,
    lastOutfits: e.outfits,
    // A list that was not recommended (the wishlist) keeps "why?" about the last recommendation.
    lastSignals: e.signals.length > 0 ? e.signals : session.lastSignals,
    focusItemId: e.itemIds.length === 1 ? e.itemIds[0] : undefined,
  })),
  focus_set: onSession((_, e) => ({ focusItemId: e.itemId })),
  awaiting_set: onSession((_, e) => ({ awaiting: { slot: e.slot, intent: e.intent, slots: e.slots } })),
  template_used: onSession((session, e) => ({ lastVariants: { ...session.lastVariants, [e.key]: e.variant } })),
  color_disliked: onProfile((p, e) => ({
    dislikedColors: addUnique(p.dislikedColors, e.color),
    likedColors: without(p.likedColors, e.color),
  })),
  color_liked: onProfile((p, e) => ({
    likedColors: addUnique(p.likedColors, e.color),
    dislikedColors: without(p.dislikedColors, e.color),
  })),
  material_disliked: onProfile((p, e) => ({ dislikedMaterials: addUnique(p.dislikedMaterials, e.material) })),
  color_forgotten: onProfile((p, e) => ({
    likedColors: without(p.likedColors, e.color),
    dislikedColors: without(p.dislikedColors, e.color),
  })),
  material_forgotten: onProfile((p, e) => ({ dislikedMaterials: without(p.dislikedMaterials, e.material) })),
  sizes_forgotten: onProfile(() => ({ sizes: {} })),
  gender_set: onProfile((_, e) => ({ gender: e.gender })),
  size_set: onProfile((p, e) => ({ sizes: { ...p.sizes, [e.kind]: e.size } })),
  budget_set: onProfile((_, e) => ({ budgetMax: e.max, currency: e.currency })),
  style_added: onProfile((p, e) => ({ styles: addUnique(p.styles, e.style) })),
  tone_set: onProfile((_, e) => ({ tone: e.tone, toneChosen: true })),
  language_set: onProfile((_, e) => ({ language: e.language })),
  trend_opt_in: onProfile((_, e) => ({ trendOptIn: e.on })),
  feedback_given: onProfile((p, e, now) => ({
    feedback: [...p.feedback.filter((f) => f.itemId !== e.itemId), { itemId: e.itemId, value: e.value, at: now }].slice(
      -MAX_FEEDBACK,
    ),
  })),
  item_saved: onProfile((p, e) => ({ wishlist: addUnique(p.wishlist, e.itemId).slice(-MAX_WISHLIST) })),
  // The erasure itself is the store's work; the event only records that it happened.
  user_erased: (state) => state,
};

/** One event applied (the table's entry for its type, which TypeScript cannot pair with the union by itself). */
function applyEvent(state: UserState, event: StateEvent, now: number): UserState {
  return (REDUCERS[event.type] as Reducer<StateEvent>)(state, event, now);
}

/**
 * Applies events in order and returns the new state; the input is not modified.
 * @example
 * const next = applyEvents(state, [{ type: 'color_disliked', color: 'yellow' }], now);
 */
export function applyEvents(state: UserState, events: readonly StateEvent[], now: number): UserState {
  const fresh: UserState = { profile: { ...state.profile }, session: { ...state.session } };
  return events.reduce((current, event) => applyEvent(current, event, now), fresh);
}
