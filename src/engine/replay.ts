/**
 * Replaying a conversation from the log: the state its recorded events build, turn by turn, exactly as the engine
 * applied them (`beginTurn` then `applyEvents`, at the turn's time).
 */
import { newUserState } from '../store/state.ts';
import type { Intent, StateEvent, UserState } from '../types.ts';
import { applyEvents, beginTurn } from './events.ts';

/** What a logged turn contributes to the state. */
export interface RecordedTurn {
  at: number;
  intent: Intent;
  /** Absent in turns logged before events were kept. */
  events?: readonly StateEvent[];
}

/**
 * The state a user's logged turns build from a new profile. The profile's `createdAt` is not an event: it is taken
 * from the first turn.
 * @example
 * rebuildState('telegram:42', await log.exportUser('telegram:42')).profile.dislikedColors // ['yellow']
 */
export function rebuildState(userId: string, turns: readonly RecordedTurn[]): UserState {
  let state = newUserState(userId, turns[0]?.at ?? 0);
  for (const turn of turns) state = applyEvents(beginTurn(state, turn.intent, turn.at), turn.events ?? [], turn.at);
  return state;
}
