/**
 * The policy: which named action serves this turn, with which slots (DESIGN §3 "context matters"). A few rules decide
 * first, in order (a button, a pairing question, an answer to the bot's question, a preference, a misrouted wish,
 * forgetting some preferences, "surprise me", an unsure parse); otherwise the intent's route in `ROUTES` does.
 */
import type { Intent, MessageAction, Parse } from '../types.ts';
import type { Decision, DialogueState, Route, Rule } from './decision.ts';
import { answerToQuestion } from './dialogue/answers.ts';
import { answerItemQuestion, composeLooks, refineRequest, searchItems } from './dialogue/routes.ts';
import { aboutShownPieces } from './dialogue/shown.ts';
import { continuedTopic, standingPreference } from './dialogue/topic.ts';
import { misroutedWish } from './dialogue/wish.ts';
import { forgottenPreferences } from './forgotten.ts';

/** The intent a button press serves. */
function pressedIntent(pressed: Exclude<MessageAction, { type: 'more_like' }>): Intent {
  if (pressed.type === 'save') return 'save_item';
  return pressed.value > 0 ? 'feedback_positive' : 'feedback_negative';
}

/** A button (👍, 👎, save, more like this) decides the turn whatever the text says. */
const buttonPressed: Rule = (_parse, { pressed }) => {
  if (!pressed) return undefined;
  if (pressed.type === 'more_like') {
    return { action: 'more_like', intent: 'product_search', slots: {}, itemId: pressed.itemId };
  }
  const intent = pressedIntent(pressed);
  return { action: intent, intent, slots: {} };
};

/** "What shoes go with a navy suit?": pieces of one kind for a piece the shopper has in mind. */
const pairingQuestion: Rule = (parse) =>
  parse.slots.pairing ? { action: 'pair_with', intent: 'product_search', slots: parse.slots } : undefined;

/**
 * "Be brief", "说中文", "count my requests in trend stats": a preference whatever the classifier thought — unless the
 * message is about a piece, or is a confident advice question naming a language's culture ("a Chinese wedding").
 */
const preferenceChange: Rule = (parse, { threshold }) => {
  const { slots, intent } = parse;
  const preference = slots.tone || slots.language || slots.trend_consent;
  if (!preference || intent === 'set_preference' || intent === 'trend_query') return undefined;
  if (slots.category || slots.reference || (intent === 'advice' && parse.confidence >= threshold)) return undefined;
  return { action: 'set_preference', intent: 'set_preference', slots };
};

/**
 * A message that carries a shopping wish is acted on whatever the classifier called it (a question between internal
 * actions helps nobody): decided again as that wish.
 */
const wishRoutedElsewhere: Rule = (parse, state) => {
  const wish = misroutedWish(parse, state);
  return wish ? decide({ ...parse, intent: wish, confidence: state.threshold }, state) : undefined;
};

/** "Forget the yellow thing", "forget my sizes": that preference, not the whole profile, whatever the confidence. */
const forgetSomePreferences: Rule = (parse) =>
  forgottenPreferences(parse)
    ? { action: 'forget_preferences', intent: 'set_preference', slots: parse.slots }
    : undefined;

/** Intents that, when confident, serve a shopper who leaves the choice to the bot as they are. */
const CHOOSING = new Set<Intent>(['inspiration', 'outfit_request', 'product_search', 'refine', 'set_preference']);

/** "Surprise me", "u pick", "随便" with no question pending: the choice is the bot's — an inspiration look. */
const leftToTheBot: Rule = (parse, { threshold }) => {
  if (!parse.slots.surprise || (CHOOSING.has(parse.intent) && parse.confidence >= threshold)) return undefined;
  return { action: 'inspiration', intent: 'inspiration', slots: parse.slots };
};

/** Unsure, and no wish to act on: one question. */
const unsure: Rule = (parse, { threshold }) =>
  parse.confidence < threshold ? { action: 'clarify', intent: parse.intent, slots: parse.slots } : undefined;

/** The rules, in the order they are tried. */
const RULES: readonly Rule[] = [
  buttonPressed,
  pairingQuestion,
  answerToQuestion,
  aboutShownPieces,
  preferenceChange,
  continuedTopic,
  wishRoutedElsewhere,
  forgetSomePreferences,
  standingPreference,
  leftToTheBot,
  unsure,
];

/** The intent's own action, with the parse's slots. */
const serveIntent: Route = (parse) => ({ action: parse.intent, intent: parse.intent, slots: parse.slots });

/** How each intent is served when no rule decided the turn (STYLE §5: the compiler flags an intent left out). */
export const ROUTES: Record<Intent, Route> = {
  greet: serveIntent,
  help: serveIntent,
  goodbye: serveIntent,
  outfit_request: composeLooks,
  product_search: searchItems,
  refine: refineRequest,
  item_question: answerItemQuestion,
  compare: serveIntent,
  save_item: serveIntent,
  feedback_positive: serveIntent,
  feedback_negative: serveIntent,
  set_preference: serveIntent,
  explain: serveIntent,
  trend_query: serveIntent,
  inspiration: composeLooks,
  privacy_forget: serveIntent,
  privacy_export: serveIntent,
  out_of_scope: serveIntent,
  advice: serveIntent,
};

/**
 * Decides what to do with a parsed message.
 * @example
 * decide(parse, { user: state, catalog, threshold: 0.45 }) // { action: 'product_search', intent: 'product_search', slots: {...} }
 */
export function decide(parse: Parse, state: DialogueState): Decision {
  for (const rule of RULES) {
    const decision = rule(parse, state);
    if (decision) return decision;
  }
  return ROUTES[parse.intent](parse, state);
}
