/**
 * What a reply says before it is text, and the optional rewriting of that text: shared by the engine (which decides
 * what to say) and `src/nlg` (which writes it), so that neither imports the other.
 */
import type { Item } from './catalog.ts';
import type { Intent, Language, Tone } from './conversation.ts';
import type { Profile } from './state.ts';

/** Rewrites a reply's template text; resolves to the draft when it cannot do better safely. */
export type Restyler = (draft: {
  text: string;
  items: Item[];
  intent: Intent;
  language: Language;
  tone: Tone;
  /** What the shopper told the bot about themselves (never other users' data). */
  preferences?: Partial<Profile>;
}) => Promise<string>;

/** One part of a reply: a template to fill, or literal lines (item lists). */
export type Say = { key: string; vars?: Record<string, string | number> } | { lines: string[] };
