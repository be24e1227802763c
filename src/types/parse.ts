/** What the parser makes of a message, and the parser interface. */
import type { Intent, Language } from './conversation.ts';
import type { Slots } from './slots.ts';

/** Where in the text a slot value was found. */
export interface SlotSpan {
  slot: keyof Slots;
  value: unknown;
  start: number;
  end: number;
  text: string;
}

/** What the parser knows about the conversation so far. */
/** What the parser makes of one message: intent, slots and where they were found. */
export interface ParseContext {
  previousIntent?: Intent;
  /** Slots of the request currently being refined. */
  activeSlots?: Slots;
  /** Number of items in the last list shown (for references). */
  lastShownCount?: number;
  /** The slot the bot just asked for, if any. */
  awaitingSlot?: keyof Slots;
  language?: Language;
}

/** What the parser makes of one message: intent, slots and where they were found. */
export interface Parse {
  text: string;
  intent: Intent;
  confidence: number;
  slots: Slots;
  spans: SlotSpan[];
  alternatives: { intent: Intent; confidence: number }[];
  language: Language;
  /** Which parser produced it, e.g. `natural-lr@3`. */
  source: string;
}

/** Turns text into a `Parse`. Pure: the same text and context give the same parse. */
export interface IntentParser {
  readonly version: string;
  /** Below this confidence the engine asks instead of guessing. */
  readonly threshold: number;
  parse(text: string, context?: ParseContext): Parse;
}
