/** What every kind of advice shares: the request and answer shapes, color lists, the departments to show. */
import { listOf, term } from '../../nlg/lexicon.ts';
import type { Gender, Item, Language, Slots } from '../../types.ts';
import type { PieceRule } from '../pieces.ts';
import type { EtiquetteRule } from '../schema.ts';

/** The kinds of advice the bot gives. */
export const ADVICE_TOPICS = [
  'color',
  'body_shape',
  'dress_code',
  'weather',
  'care',
  'size',
  'style_reference',
] as const;
export type AdviceTopic = (typeof ADVICE_TOPICS)[number];

/** What the advisor is asked, with what it knows about the shopper. */
export interface AdviceRequest {
  slots: Slots;
  text: string;
  language: Language;
  /** Epoch ms from the injected clock ("next week", the current month). */
  now: number;
  gender?: Gender;
  /** Sizes the shopper told the bot ("clothing" → "M"). */
  sizes?: Record<string, string>;
  /** The piece the question is about ("how do I wash it"), when one is being discussed. */
  item?: Item;
}

/** An answer. Without `rule` no pieces are shown (a question back, care and size answers). */
export interface Advice {
  topic: AdviceTopic | 'unknown';
  /** Which knowledge entry answered (`olive`, `pear`, `rule:black_at_wedding`, `climate:tokyo:3` …). */
  entry?: string;
  text: string;
  /** One line for "why?": what the pieces follow. */
  because?: string;
  rule?: PieceRule;
  /** Slots a follow-up request inherits (season and weather of a trip, colours to avoid …). */
  carry?: Slots;
  /** Whether the answer asks the shopper something back instead of advising. */
  question?: boolean;
  /** Verdict of an etiquette question. */
  verdict?: EtiquetteRule['verdict'];
}

/** A short list of color names in the reply's language ("burgundy, olive and navy"). */
export const colorNames = (colors: readonly string[], language: Language, max = 4) =>
  listOf(
    colors.slice(0, max).map((c) => term('color', c, language)),
    language,
  );

const KIDS: readonly Gender[] = ['boys', 'girls', 'kids'];

/** Departments to show: the stated one (with unisex), else every adult department (no baby clothes by surprise). */
export function genders(gender: Gender | undefined): Gender[] {
  if (!gender) return ['men', 'women', 'unisex'];
  return KIDS.includes(gender) ? [gender, 'kids'] : [gender, 'unisex'];
}
