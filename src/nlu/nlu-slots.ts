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
  /** "surprise me", "whatever", 随便: any sensible default will do. */
  surprise?: true;
  /** A wish to forget: the sizes, or what the other slots name (colours, fabrics). */
  forget?: 'sizes' | 'named';
  /** "the cheapest", "the most expensive": every match ordered by price. */
  price_sort?: 'ascending' | 'descending';
  /** A gift or present is wanted. */
  gift?: true;
  /** An ordinal reference counts looks, not pieces ("the second look", 第二套). */
  reference_unit?: 'look';
  /** "show my wishlist" (view) or "add it to my wishlist" (add). */
  wishlist?: 'view' | 'add';
  /** "what do you know about me?": an overview of what is kept, not the export file. */
  asks_what_is_kept?: true;
  /** Consent to count the shopper's requests in the trend statistics, given or withdrawn. */
  trend_consent?: 'opt_in' | 'opt_out';
};

/** A span of an extended slot (same shape as `SlotSpan`, but may name `rating` / `price_level`). */
export type NluSpan = Omit<SlotSpan, 'slot'> & { slot: keyof NluSlots };
