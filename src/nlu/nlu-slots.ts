/**
 * The slot types of this parser, apart from the extractor (`slots.ts`) so that the readers it calls (`flags.ts`,
 * `wishes.ts`) can name them without importing the extractor back.
 */
import type { SlotSpan, Slots } from '../types.ts';

/**
 * Slots as this parser fills them: the shared `Slots` plus two attributes the shared type has no field for yet
 * (a wish for well-reviewed items, a price level such as "cheap"/"affordable"). Assignable to `Slots`.
 */
export type NluSlots = Slots & {
  /** "with good reviews", "highly rated" */
  rating?: 'good';
  /** "something cheap", "affordable", "high-end" */
  price_level?: 'cheap' | 'affordable' | 'expensive';
  /** "What's the weather like in Shanghai today?": the weather itself is asked about, not what to wear in it. */
  weather_only?: true;
};

/** A span of an extended slot (same shape as `SlotSpan`, but may name `rating` / `price_level`). */
export type NluSpan = Omit<SlotSpan, 'slot'> & { slot: keyof NluSlots };
