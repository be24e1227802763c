/** Answers to the bot's own question: the slot it asked for, an answer that implies it, or "surprise me". */
import type { Intent, Parse, Slots } from '../../types.ts';
import type { Rule } from '../decision.ts';
import { mergeSlots } from '../query.ts';

/** Intents that always win over a pending question when recognised confidently. */
const INTERRUPTS = new Set<Intent>([
  'greet',
  'help',
  'goodbye',
  'privacy_forget',
  'privacy_export',
  'trend_query',
  'explain',
]);

/** Default values a "surprise me" gives to the slot the bot asked about. */
const SURPRISE_DEFAULTS: Partial<Record<keyof Slots, Slots>> = { occasion: { occasion: 'casual' } };

/** Answers that imply the slot asked about without naming it: "not too formal" to "what's the occasion?" is casual. */
function impliedAnswer(slot: keyof Slots, slots: Slots): Slots | undefined {
  if (slot === 'occasion' && slots.exclude_style?.includes('formal')) return { occasion: 'casual' };
  return undefined;
}

/** The slots a message gives in answer to the question about `slot`, or undefined when it does not answer it. */
function answerSlots(slot: keyof Slots, parse: Parse): Slots | undefined {
  if (parse.slots[slot] !== undefined) return parse.slots;
  const implied = impliedAnswer(slot, parse.slots);
  if (implied) return { ...parse.slots, ...implied };
  if (parse.slots.surprise) return { ...parse.slots, ...SURPRISE_DEFAULTS[slot] };
  return undefined;
}

/**
 * The bot asked for a slot and the message answers it: the request that asked continues with the answer merged in.
 * A confident greeting, goodbye, privacy request, trend question or "why?" interrupts the question instead.
 * @example
 * answerToQuestion(parseOf('for work'), state) // { action: 'outfit_request', intent: 'outfit_request', slots: {...} }
 */
export const answerToQuestion: Rule = (parse, { user, threshold }) => {
  const { awaiting, request } = user.session;
  if (!awaiting || (INTERRUPTS.has(parse.intent) && parse.confidence >= threshold)) return undefined;
  const fill = answerSlots(awaiting.slot, parse);
  if (!fill) return undefined;
  // "Which one?" after "is it wool?": the question asked, about the piece now named ("more like the 2nd" is no answer).
  if (awaiting.slots) {
    const plainAnswer = parse.intent === awaiting.intent || parse.confidence < threshold;
    if (!plainAnswer || parse.slots.category || parse.slots.color?.length) return undefined;
    return { action: awaiting.intent, intent: awaiting.intent, slots: { ...awaiting.slots, ...fill } };
  }
  return { action: awaiting.intent, intent: awaiting.intent, slots: mergeSlots(request?.slots ?? {}, fill) };
};
