/** Greetings, help, goodbyes, out-of-scope answers and clarifying questions. */
import type { Action } from '../context.ts';

export const greet: Action = ({ state }) => ({
  events: [],
  say: [{ key: state.session.turns > 0 || state.profile.feedback.length > 0 ? 'greeting_returning' : 'greeting' }],
});

export const help: Action = () => ({ events: [], say: [{ key: 'help' }] });

export const goodbye: Action = () => ({ events: [], say: [{ key: 'goodbye' }] });

export const outOfScope: Action = () => ({ events: [], say: [{ key: 'out_of_scope' }] });

/**
 * Asked when a message carries no wish the bot can act on and the parse is unsure: one question in a shopper's words,
 * never a choice between the bot's internal actions.
 */
export const clarify: Action = () => ({ events: [], say: [{ key: 'clarify' }] });
