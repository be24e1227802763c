/** What a message asks for, as canonical slot values, and the lists of slot names. */
import type { Gender, Season } from './catalog.ts';
import type { Language, Tone } from './conversation.ts';

/** "the second one", "the blue one", "that jacket", "the last one". */
export type Reference =
  | { kind: 'ordinal'; index: number } // 0-based; -1 = last
  | { kind: 'attribute'; color?: string; category?: string }
  | { kind: 'anaphora' }; // "it", "that one"

/** Weather named by the shopper, as a temperature or a condition. */
export interface Weather {
  temperatureC?: number;
  condition?: 'hot' | 'warm' | 'mild' | 'cool' | 'cold' | 'freezing' | 'rainy' | 'snowy' | 'windy';
}

/** Canonical slot values (DESIGN §3). Amounts are in `currency` as the user said them. */
export interface Slots {
  category?: string;
  color?: string[];
  exclude_color?: string[];
  pattern?: string;
  material?: string;
  exclude_material?: string[];
  occasion?: string;
  season?: Season;
  weather?: Weather;
  budget_max?: number;
  budget_min?: number;
  /** ISO 4217 code (`EUR`, `USD`, `GBP`, `CNY`, `INR`, `SEK`); default EUR. */
  currency?: string;
  /** "cheaper" / "more expensive" relative to the last list. */
  price_direction?: 'lower' | 'higher';
  size?: string;
  gender?: Gender;
  style?: string;
  exclude_style?: string[];
  brand?: string;
  sleeve_length?: string;
  reference?: Reference;
  /** Attributes the user asks about (`price`, `size`, `material`, `color`, `brand`, `pattern`, `season` …). */
  request_slots?: string[];
  /** Country (ISO 3166 alpha-2) for trend questions: "in the UK" → GB. */
  region?: string;
  tone?: Tone;
  language?: Language;
  /** Kinds of piece the shopper does not want ("he has enough hoodies", "no jeans"), canonical article types. */
  exclude_category?: string[];
  /** Who the pieces are for when it is not the shopper ("my boyfriend", "给老公"): a relation word, canonical English. */
  recipient?: string;
  /** Age in years of the wearer when stated ("my daughter, 6", "female, 28"). */
  age?: number;
  /** Age group of the wearer, from words and ages ("girl" at 24 is an adult). */
  age_group?: 'adult' | 'teen' | 'child' | 'baby';
  /** Fit or size range: `plus`, `petite`, `tall`, `slim`, `regular`, `loose`, `oversized`. */
  fit?: string;
  /** Coverage wishes: `cover_arms`, `long_sleeves`, `sleeved`, `not_see_through`, `modest`, `cover_legs`, `high_neck`, `sun_protection`. */
  coverage?: string[];
  /** Whether `budget_max` bounds each piece or the whole look / order ("under 50 total"). Default `item`. */
  budget_scope?: 'item' | 'total';
  /** Details the piece's own description must name ("cargo", "wide" for wide-leg, "padded" for 羽绒服), as its words. */
  detail?: string[];
  /** Length of the piece: `long`, `midi`, `short`, `cropped`, `ankle` (长款 → long). */
  length?: string;
  /** Pieces the shopper says they own ("my burgundy chinos", "I already have a black suit"). */
  owned?: { category: string; color?: string }[];
  /** "What shoes go with a navy suit?": the kind of piece wanted and the piece (of another kind) it should go with. */
  pairing?: { wanted: string; around: { category: string; color?: string[]; gender?: Gender } };
  // Dialogue acts (`src/nlu/dialogue-acts.ts`): words about the conversation rather than about a piece.
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
  /** "more", "next" (`more`: the next pieces of the same search) or "cheaper", "something else" (`change`). */
  follow_up?: 'more' | 'change';
  /** A standing preference ("I hate yellow", "my size is always M", 平时), not a wish to shop now. */
  standing_preference?: true;
  /** A word of trends or popularity ("trending", "still a thing", 流行). */
  names_trend?: true;
  /** A question about a shown piece ("is it waterproof?", "what material is the 2nd one", 吗). */
  about_piece?: true;
  /** A whole look is asked for ("outfit", "what to wear", 穿什么), not one kind of piece. */
  whole_look?: true;
  /** The department some words imply without naming it ("a dress", "bridesmaid", "tie", 裙). */
  department_hint?: 'women' | 'men';
  /** Every ordinal named, when two or more are ("the first or the fourth?"): 0-based, -1 the last. */
  ordinals?: number[];
  /** A city or country named as a place to be ("tokyo in march", "chicago"), canonical lower-case English name. */
  place?: string;
  /** Month named (1-12), e.g. "in march", "八月". */
  month?: number;
  /** Stylist-advice topic when the message asks for advice (`color`, `body_shape`, `dress_code`, `weather`, `care`, `size`, `style_reference`). */
  advice_topic?: string;
  /** Skin tone or undertone named ("olive", "warm", "fair", 黄皮). */
  skin_tone?: string;
  /** Body shape or figure named ("pear", "apple", "petite", "broad shoulders"). */
  body_shape?: string;
  /** A named style, era or person to dress like ("90s grunge", "old money", "zendaya at the met"). */
  style_reference?: string;
  /** Height in cm and weight in kg, when given for a size question. */
  height_cm?: number;
  weight_kg?: number;
}

/** The wish slots a later session added (who it is for, fit, coverage, budget scope …): older annotations never list them. */
export const WISH_SLOT_KEYS = [
  'exclude_category',
  'recipient',
  'age',
  'age_group',
  'fit',
  'coverage',
  'budget_scope',
  'length',
  'owned',
] as const satisfies readonly (keyof Slots)[];

/** The dialogue-act slots: what a message does in the conversation ("surprise me", "forget that", "the 2nd one" …). */
export const DIALOGUE_ACT_SLOT_KEYS = [
  'surprise',
  'forget',
  'price_sort',
  'gift',
  'reference_unit',
  'wishlist',
  'asks_what_is_kept',
  'trend_consent',
  'follow_up',
  'standing_preference',
  'names_trend',
  'about_piece',
  'whole_look',
  'department_hint',
  'ordinals',
] as const satisfies readonly (keyof Slots)[];

/** Every slot name of `Slots`, in its order (test/types/slot-keys.test-d.ts checks that none is missing). */
export const SLOT_KEYS = [
  'category',
  'color',
  'exclude_color',
  'pattern',
  'material',
  'exclude_material',
  'occasion',
  'season',
  'weather',
  'budget_max',
  'budget_min',
  'currency',
  'price_direction',
  'size',
  'gender',
  'style',
  'exclude_style',
  'brand',
  'sleeve_length',
  'reference',
  'request_slots',
  'region',
  'tone',
  'language',
  ...WISH_SLOT_KEYS,
  'pairing',
  'place',
  'month',
  'advice_topic',
  'skin_tone',
  'body_shape',
  'style_reference',
  'height_cm',
  'weight_kg',
  'detail',
  ...DIALOGUE_ACT_SLOT_KEYS,
] as const satisfies readonly (keyof Slots)[];
