/** Greetings, help, goodbyes, out-of-scope answers and clarifying questions. */
import type { Intent } from '../../types.ts';
import type { Action } from '../context.ts';

export const greet: Action = ({ state }) => ({
  events: [],
  say: [{ key: state.session.turns > 0 || state.profile.feedback.length > 0 ? 'greeting_returning' : 'greeting' }],
});

export const help: Action = () => ({ events: [], say: [{ key: 'help' }] });

export const goodbye: Action = () => ({ events: [], say: [{ key: 'goodbye' }] });

export const outOfScope: Action = () => ({ events: [], say: [{ key: 'out_of_scope' }] });

const INTENT_WORDS: Partial<Record<Intent, string>> = {
  outfit_request: 'put an outfit together',
  product_search: 'find a specific item',
  refine: 'change the last search',
  trend_query: "tell you what's trending",
  item_question: 'answer a question about an item',
  set_preference: 'remember a preference',
  compare: 'compare items',
  save_item: 'save an item',
  explain: 'explain my picks',
  inspiration: 'suggest ideas',
};

/** Asked when the parse is not confident enough to act on. */
export const clarify: Action = ({ parse }) => {
  const options = [parse.intent, ...parse.alternatives.map((a) => a.intent)]
    .map((intent) => INTENT_WORDS[intent])
    .filter((words): words is string => words !== undefined);
  const unique = [...new Set(options)].slice(0, 2);
  if (unique.length === 2)
    return { events: [], say: [{ key: 'clarify_choice', vars: { a: unique[0]!, b: unique[1]! } }] };
  return { events: [], say: [{ key: 'clarify' }] };
};
