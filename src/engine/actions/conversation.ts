/** Greetings, help, goodbyes, out-of-scope answers and clarifying questions. */
import type { Intent, Language } from '../../types.ts';
import type { Action } from '../context.ts';

export const greet: Action = ({ state }) => ({
  events: [],
  say: [{ key: state.session.turns > 0 || state.profile.feedback.length > 0 ? 'greeting_returning' : 'greeting' }],
});

export const help: Action = () => ({ events: [], say: [{ key: 'help' }] });

export const goodbye: Action = () => ({ events: [], say: [{ key: 'goodbye' }] });

export const outOfScope: Action = () => ({ events: [], say: [{ key: 'out_of_scope' }] });

/** What the bot can do for an intent, as a clarifying question offers it, in each reply language. */
const INTENT_WORDS: Record<Language, Partial<Record<Intent, string>>> = {
  en: {
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
  },
  zh: {
    outfit_request: '帮你搭配一套',
    product_search: '找一件具体的单品',
    refine: '调整上一次的搜索',
    trend_query: '告诉你现在流行什么',
    item_question: '回答关于某件单品的问题',
    set_preference: '记住你的偏好',
    compare: '比较几件单品',
    save_item: '收藏一件单品',
    explain: '解释我为什么这样选',
    inspiration: '给你一些灵感',
  },
};

/** Asked when the parse is not confident enough to act on. */
export const clarify: Action = ({ parse, state }) => {
  const words = INTENT_WORDS[state.profile.language ?? parse.language];
  const options = [parse.intent, ...parse.alternatives.map((a) => a.intent)]
    .map((intent) => words[intent])
    .filter((text): text is string => text !== undefined);
  const unique = [...new Set(options)].slice(0, 2);
  if (unique.length === 2)
    return { events: [], say: [{ key: 'clarify_choice', vars: { a: unique[0]!, b: unique[1]! } }] };
  return { events: [], say: [{ key: 'clarify' }] };
};
