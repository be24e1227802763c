/** Per-user memory (profile and session), its store, and the events that are the only way it changes. */
import type { Gender } from './catalog.ts';
import type { Intent, Language, Tone } from './conversation.ts';
import type { Signal } from './scores.ts';
import type { Slots } from './slots.ts';

/** One 👍 or 👎 on an item. */
export interface FeedbackEntry {
  itemId: string;
  value: 1 | -1;
  at: number;
}

/** What the bot keeps about a shopper across conversations. */
export interface Profile {
  userId: string;
  createdAt: number;
  gender?: Gender;
  sizes: Record<string, string>;
  likedColors: string[];
  dislikedColors: string[];
  dislikedMaterials: string[];
  styles: string[];
  budgetMax?: number;
  currency?: string;
  tone: Tone;
  /**
   * The shopper chose `tone` ("be friendly", "be brief"): no experiment arm overrides it. Profiles stored before this
   * field existed lack it; there only a tone other than the default counts as chosen.
   */
  toneChosen?: boolean;
  language?: Language;
  feedback: FeedbackEntry[];
  wishlist: string[];
  /** Opt-in to anonymous aggregated trend statistics. */
  trendOptIn: boolean;
}

/** The request being worked on, refined turn by turn. */
export interface ActiveRequest {
  intent: 'product_search' | 'outfit_request';
  slots: Slots;
  /** The piece every look is built around ("what goes with the second one?"), kept when the request is refined. */
  anchorItemId?: string;
}

/** The state of the current conversation. */
export interface Session {
  userId: string;
  turns: number;
  lastActiveAt: number;
  request?: ActiveRequest;
  /** Ids of the last list shown, in display order. */
  lastShown: string[];
  /** Item ids of the last outfits shown. */
  lastOutfits: string[][];
  /** Signals behind the last recommendation, for "why?". */
  lastSignals: Signal[];
  lastIntent?: Intent;
  /** The slot the bot asked for, and the slots of the question it asked back about ("is it wool?" → "which one?"). */
  awaiting?: { slot: keyof Slots; intent: Intent; slots?: Slots };
  /** The item the conversation is about ("it", "that one"). */
  focusItemId?: string;
  /** Template variant used last, per template key, so consecutive replies read differently. */
  lastVariants?: Record<string, number>;
}

/** A user's profile and session, loaded and saved together. */
export interface UserState {
  profile: Profile;
  session: Session;
}

/** Profiles and sessions (Keyv: SQLite by default, Redis with `REDIS_URL`). */
export interface StateStore {
  /**
   * Takes the user's turn lock, so that a turn's load → save is atomic even across instances; resolves to the
   * release function.
   */
  lock(userId: string): Promise<() => Promise<void>>;
  load(userId: string): Promise<UserState>;
  save(state: UserState): Promise<void>;
  erase(userId: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * What an action changed (`src/engine/events.ts` applies them): the only way a profile or session changes, kept in
 * the log with each turn so that a conversation can be replayed.
 */
export type StateEvent =
  | { type: 'request_set'; request: ActiveRequest }
  | { type: 'shown'; itemIds: string[]; outfits: string[][]; signals: Signal[] }
  | { type: 'focus_set'; itemId: string }
  | { type: 'awaiting_set'; slot: keyof Slots; intent: Intent; slots?: Slots }
  | { type: 'color_disliked'; color: string }
  | { type: 'color_liked'; color: string }
  | { type: 'material_disliked'; material: string }
  | { type: 'color_forgotten'; color: string }
  | { type: 'material_forgotten'; material: string }
  | { type: 'sizes_forgotten' }
  | { type: 'gender_set'; gender: Gender }
  | { type: 'size_set'; kind: string; size: string }
  | { type: 'budget_set'; max: number; currency: string }
  | { type: 'style_added'; style: string }
  | { type: 'tone_set'; tone: Tone }
  | { type: 'language_set'; language: Language }
  | { type: 'trend_opt_in'; on: boolean }
  | { type: 'feedback_given'; itemId: string; value: 1 | -1 }
  | { type: 'item_saved'; itemId: string }
  | { type: 'template_used'; key: string; variant: number }
  | { type: 'user_erased' };
