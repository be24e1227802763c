/** The parse step: the cleaned text read with what the conversation so far tells the parser. */
import type { Parse, ParseContext, UserState } from '../../types.ts';
import type { EngineDeps } from '../context.ts';
import type { CleanInput } from '../input.ts';

/** What the parser is told about the conversation: the last intent, the request, the list shown, the question asked. */
function parseContextOf({ session, profile }: UserState): ParseContext {
  return {
    previousIntent: session.lastIntent,
    activeSlots: session.request?.slots,
    lastShownCount: session.lastShown.length,
    awaitingSlot: session.awaiting?.slot,
    language: profile.language,
  };
}

/**
 * Parses a turn's text in the context of the shopper's conversation.
 * @example
 * parseTurn(deps, cleanInput('in blue?'), state).intent // 'refine' right after a search
 */
export function parseTurn(deps: EngineDeps, input: CleanInput, state: UserState): Parse {
  return deps.parser.parse(input.text, parseContextOf(state));
}
