/**
 * What the policy decides: a named action with the intent it serves and the slots it acts on. Decisions are data, so
 * the log can record which action served a turn and a replay can show it.
 */
import type { Catalog, Intent, MessageAction, Parse, Slots, UserState } from '../types.ts';

/**
 * The actions the engine can run (keys of `ACTIONS` in `actions/index.ts`): one per intent, plus the actions the
 * policy picks for a piece or a follow-up.
 */
export type ActionName =
  | Intent
  /** "What shoes go with a navy suit?": pieces of one kind for a piece the shopper has in mind. */
  | 'pair_with'
  /** "More like this" on a piece (a button, or "more like the second one"). */
  | 'more_like'
  /** "Do you have the first one in grey?" */
  | 'in_color'
  /** Looks built around a piece shown before. */
  | 'outfit_around'
  /** "More": the next pieces of the same search. */
  | 'next_page'
  /** "Forget the yellow thing", "forget my sizes": some preferences, not the whole profile. */
  | 'forget_preferences'
  /** One question, when the parse is unsure and the message carries no wish to act on. */
  | 'clarify';

/** The policy's answer for one turn. */
export interface Decision {
  /** The named action that serves the turn. */
  action: ActionName;
  /** The intent served (may differ from the parse's: an answer continues the request that asked). */
  intent: Intent;
  /** The slots to act on: the parse's, merged with the request being refined where the action refines it. */
  slots: Slots;
  /** The piece the action is about ("the second one", a button's piece), for the actions about one piece. */
  itemId?: string;
}

/** What the policy decides from, besides the parse: the dialogue state of this turn. */
export interface DialogueState {
  /** The shopper's profile and session as loaded for this turn. */
  user: UserState;
  /** A button the shopper pressed: it decides the turn whatever the text says. */
  pressed?: MessageAction;
  /** The catalogue the pieces shown are looked up in ("the blue one", "cheaper" than what was shown). */
  catalog: Catalog;
  /** Below this parse confidence the policy asks instead of guessing. */
  threshold: number;
}

/** A rule that decides some turns before the intent's route does; undefined when it does not apply. */
export type Rule = (parse: Parse, state: DialogueState) => Decision | undefined;

/** How one intent is served when no rule decided the turn. */
export type Route = (parse: Parse, state: DialogueState) => Decision;
