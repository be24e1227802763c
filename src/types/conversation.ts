/** The words every layer shares about a conversation: the intent labels, the languages, tones and platforms. */

/** The NLU label set (DESIGN §3). */
export const INTENTS = [
  'greet',
  'help',
  'goodbye',
  'outfit_request',
  'product_search',
  'refine',
  'item_question',
  'compare',
  'save_item',
  'feedback_positive',
  'feedback_negative',
  'set_preference',
  'explain',
  'trend_query',
  'inspiration',
  'privacy_forget',
  'privacy_export',
  'out_of_scope',
  'advice',
] as const;
/** One NLU label. */
export type Intent = (typeof INTENTS)[number];

/** The languages the bot understands and writes. */
export type Language = 'en' | 'zh';
/** How replies are worded (the shopper can choose; experiments may vary it). */
export type Tone = 'friendly' | 'concise' | 'editorial';
/** Where a message came from. */
export type Platform = 'cli' | 'telegram' | 'discord' | 'bench' | 'test';
