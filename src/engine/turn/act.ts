/** The act step: runs the decided action; inputs with nothing to read get a polite answer instead. */

import { ACTIONS } from '../actions/index.ts';
import type { ActionResult, Say, TurnContext } from '../context.ts';
import type { CleanInput } from '../input.ts';

/**
 * Runs the action the policy named; an empty or binary message (without a button) is answered as such, a truncated
 * one is answered with a note that it was cut.
 * @example
 * const result = await act(context, cleanInput(message.text));
 */
export async function act(context: TurnContext, input: CleanInput): Promise<ActionResult> {
  if (!context.message.action && (input.problem === 'empty' || input.problem === 'binary')) {
    return { events: [], say: [{ key: input.problem === 'empty' ? 'empty_input' : 'binary_input' }] };
  }
  const result = await ACTIONS[context.action](context);
  if (input.problem !== 'truncated') return result;
  const note: Say = { key: 'input_truncated' };
  return { ...result, say: [note, ...result.say] };
}
