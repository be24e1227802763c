/**
 * The shared vocabulary of the bot: catalogue items, parses, dialogue state, replies, and the interfaces
 * through which the engine reaches its parts (parser, catalogue, recommender, composer, trends, stores).
 * Every part is passed to the engine through its constructor (see `src/engine/engine.ts`).
 */

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
export type Intent = (typeof INTENTS)[number];

export type Language = 'en' | 'zh';
export type Tone = 'friendly' | 'concise' | 'editorial';
export type Platform = 'cli' | 'telegram' | 'discord' | 'bench' | 'test';

/** Who an item is for. H&M "Baby/Children" maps to `kids`; "Divided" to `women`. */
export type Gender = 'men' | 'women' | 'unisex' | 'boys' | 'girls' | 'kids';
export const GENDERS: readonly Gender[] = ['men', 'women', 'unisex', 'boys', 'girls', 'kids'];

/** Coarse garment families, used by the outfit composer's templates. */
export type Category =
  | 'top'
  | 'bottom'
  | 'dress'
  | 'suit'
  | 'outerwear'
  | 'footwear'
  | 'accessory'
  | 'bag'
  | 'underwear'
  | 'nightwear'
  | 'swimwear'
  | 'beauty'
  | 'other';

export type Season = 'spring' | 'summer' | 'autumn' | 'winter';
export const SEASONS: readonly Season[] = ['spring', 'summer', 'autumn', 'winter'];

/** How an item is meant to be worn (Myntra `usage`, inferred for H&M and demo items). */
export type Usage = 'casual' | 'smart_casual' | 'formal' | 'party' | 'sports' | 'ethnic' | 'travel' | 'home';

/** One normalised catalogue item (DESIGN §4). Prices are in EUR when known. */
export interface Item {
  /** Globally unique: `myntra:15970`, `hm:0108775015`, `demo:m-shirt-01`. */
  id: string;
  source: 'myntra' | 'hm' | 'demo';
  name: string;
  gender: Gender;
  category: Category;
  /** Canonical article type from `src/catalog/taxonomy.ts` (e.g. `t-shirt`, `jeans`, `sneakers`). */
  articleType: string;
  /** Canonical colour names (`black`, `navy`, `beige` …), main colour first. */
  colors: string[];
  pattern?: string;
  materials: string[];
  /** Seasons it suits; empty means all seasons. */
  seasons: Season[];
  usage: Usage[];
  /** 0 (sport, loungewear) … 1 (black tie). */
  formality: number;
  /** EUR, when known. */
  price?: number;
  brand?: string;
  sizes?: string[];
  description?: string;
  /** Purchases seen in the interaction data (0 when none). */
  popularity: number;
}

/** A catalogue query made from slots. All fields are optional conjunctive filters. */
export interface ItemQuery {
  /** Canonical article types or coarse categories (any of them matches). */
  categories?: string[];
  colors?: string[];
  excludeColors?: string[];
  genders?: Gender[];
  season?: Season;
  usage?: Usage[];
  /** EUR. An item without a price never matches a query with a price bound. */
  priceMin?: number;
  priceMax?: number;
  pattern?: string;
  materials?: string[];
  excludeMaterials?: string[];
  /** Free-text words matched against names and descriptions (all must match). */
  words?: string[];
  excludeIds?: string[];
  /** Article types, groups or coarse categories excluded ("no jeans", "he has enough hoodies"). */
  excludeCategories?: string[];
}

/** A searchable catalogue (DESIGN §4). */
export interface Catalog {
  readonly items: readonly Item[];
  readonly size: number;
  /** Which sources are loaded, e.g. `['myntra', 'hm']`. */
  readonly sources: readonly string[];
  /**
   * Identifies the dataset content and catalogue code the catalogue was built from (set by `loadCatalog`), so that
   * values derived from it can be kept across restarts; absent for catalogues built in memory.
   */
  readonly fingerprint?: string;
  get(id: string): Item | undefined;
  /** Internal index of an item id (position in `items`), or -1. */
  indexOf(id: string): number;
  /** Positions in `items` of every item matching the query, ascending. */
  match(query: ItemQuery): Uint32Array;
  /** Matching items, most popular first, at most `limit`. */
  search(query: ItemQuery, limit?: number): Item[];
}

// ─── NLU ──────────────────────────────────────────────────────────────────────

/** "the second one", "the blue one", "that jacket", "the last one". */
export type Reference =
  | { kind: 'ordinal'; index: number } // 0-based; -1 = last
  | { kind: 'attribute'; color?: string; category?: string }
  | { kind: 'anaphora' }; // "it", "that one"

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

export interface SlotSpan {
  slot: keyof Slots;
  value: unknown;
  start: number;
  end: number;
  text: string;
}

/** What the parser knows about the conversation so far. */
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

// ─── Scores and explanations ─────────────────────────────────────────────────

/** One reason an item or outfit was chosen, with its contribution. */
export interface Signal {
  name:
    | 'match'
    | 'content'
    | 'collaborative'
    | 'popularity'
    | 'feedback'
    | 'preference'
    | 'trend'
    | 'compatibility'
    | 'color_harmony'
    | 'formality'
    | 'season'
    | 'budget'
    | 'diversity'
    | 'anchor'
    | 'style';
  weight: number;
  detail?: string;
}

export interface ScoredItem {
  item: Item;
  score: number;
  signals: Signal[];
}

export interface Outfit {
  items: ScoredItem[];
  score: number;
  signals: Signal[];
  /** One or two sentences: why these pieces, for this request. */
  explanation: string;
}

// ─── Profile and session (per-user memory) ───────────────────────────────────

export interface FeedbackEntry {
  itemId: string;
  value: 1 | -1;
  at: number;
}

export interface Profile {
  userId: string;
  createdAt: number;
  gender?: Gender;
  sizes: Record<string, string>;
  likedColors: string[];
  dislikedColors: string[];
  dislikedMaterials: string[];
  styles: string[];
  budgetMax?: number;
  currency?: string;
  tone: Tone;
  /**
   * The shopper chose `tone` ("be friendly", "be brief"): no experiment arm overrides it. Profiles stored before this
   * field existed lack it; there only a tone other than the default counts as chosen.
   */
  toneChosen?: boolean;
  language?: Language;
  feedback: FeedbackEntry[];
  wishlist: string[];
  /** Opt-in to anonymous aggregated trend statistics. */
  trendOptIn: boolean;
}

/** The request being worked on, refined turn by turn. */
export interface ActiveRequest {
  intent: 'product_search' | 'outfit_request';
  slots: Slots;
  /** The piece every look is built around ("what goes with the second one?"), kept when the request is refined. */
  anchorItemId?: string;
}

export interface Session {
  userId: string;
  turns: number;
  lastActiveAt: number;
  request?: ActiveRequest;
  /** Ids of the last list shown, in display order. */
  lastShown: string[];
  /** Item ids of the last outfits shown. */
  lastOutfits: string[][];
  /** Signals behind the last recommendation, for "why?". */
  lastSignals: Signal[];
  lastIntent?: Intent;
  /** The slot the bot asked for, and the slots of the question it asked back about ("is it wool?" → "which one?"). */
  awaiting?: { slot: keyof Slots; intent: Intent; slots?: Slots };
  /** The item the conversation is about ("it", "that one"). */
  focusItemId?: string;
  /** Template variant used last, per template key, so consecutive replies read differently. */
  lastVariants?: Record<string, number>;
}

export interface UserState {
  profile: Profile;
  session: Session;
}

/** Profiles and sessions (Keyv: SQLite by default, Redis with `REDIS_URL`). */
export interface StateStore {
  /**
   * Takes the user's turn lock, so that a turn's load → save is atomic even across instances; resolves to the
   * release function.
   */
  lock(userId: string): Promise<() => Promise<void>>;
  load(userId: string): Promise<UserState>;
  save(state: UserState): Promise<void>;
  erase(userId: string): Promise<void>;
  close(): Promise<void>;
}

// ─── Ranking, composing, trends ──────────────────────────────────────────────

export interface RecommendRequest {
  query: ItemQuery;
  profile: Profile;
  k: number;
  /** Items the recommendation should resemble ("more like this"). */
  seeds?: string[];
}

/** Ranks catalogue items for a user under constraints. */
export interface Recommender {
  /** e.g. `hybrid-tfjs@<hash>` or `popularity+content`. */
  readonly name: string;
  rank(request: RecommendRequest): ScoredItem[];
}

export interface OutfitRequest {
  gender?: Gender;
  occasion?: string;
  season?: Season;
  weather?: Weather;
  /** Total budget in EUR. */
  budgetMax?: number;
  colors?: string[];
  excludeColors: string[];
  excludeMaterials: string[];
  style?: string;
  sizes?: Record<string, string>;
  /** Build the outfits around this item ("what goes with my white sneakers?"). */
  anchorItemId?: string;
  k: number;
}

export interface OutfitComposer {
  readonly name: string;
  compose(request: OutfitRequest, profile: Profile): Outfit[];
}

export interface TrendPoint {
  week: string; // ISO date of the week start
  value: number;
}

export interface TrendForecast {
  term: string;
  region: string;
  dataset: string;
  history: TrendPoint[];
  forecast: (TrendPoint & { lo: number; hi: number })[];
  label: 'rising' | 'steady' | 'falling';
  /** Relative change of the forecast mean over the horizon vs the last observed level. */
  change: number;
  model: string;
}

export interface TrendQuery {
  term?: string;
  region?: string;
  season?: Season;
  horizon?: number;
}

export interface TrendService {
  readonly name: string;
  /** Forecast for one term, or undefined when the data does not cover it. */
  forecast(query: TrendQuery): TrendForecast | undefined;
  /** The most rising terms. */
  top(query: TrendQuery, n: number): TrendForecast[];
  /** Chart of a forecast as SVG. */
  chart(forecast: TrendForecast): string;
}

/**
 * What an action changed (`src/engine/events.ts` applies them): the only way a profile or session changes, kept in
 * the log with each turn so that a conversation can be replayed.
 */
export type StateEvent =
  | { type: 'request_set'; request: ActiveRequest }
  | { type: 'shown'; itemIds: string[]; outfits: string[][]; signals: Signal[] }
  | { type: 'focus_set'; itemId: string }
  | { type: 'awaiting_set'; slot: keyof Slots; intent: Intent; slots?: Slots }
  | { type: 'color_disliked'; color: string }
  | { type: 'color_liked'; color: string }
  | { type: 'material_disliked'; material: string }
  | { type: 'color_forgotten'; color: string }
  | { type: 'material_forgotten'; material: string }
  | { type: 'sizes_forgotten' }
  | { type: 'gender_set'; gender: Gender }
  | { type: 'size_set'; kind: string; size: string }
  | { type: 'budget_set'; max: number; currency: string }
  | { type: 'style_added'; style: string }
  | { type: 'tone_set'; tone: Tone }
  | { type: 'language_set'; language: Language }
  | { type: 'trend_opt_in'; on: boolean }
  | { type: 'feedback_given'; itemId: string; value: 1 | -1 }
  | { type: 'item_saved'; itemId: string }
  | { type: 'template_used'; key: string; variant: number }
  | { type: 'user_erased' };

// ─── Platform messages and replies ───────────────────────────────────────────

/** A button press or a slash-command argument set, as opposed to free text. */
export type MessageAction =
  | { type: 'feedback'; itemId: string; value: 1 | -1 }
  | { type: 'more_like'; itemId: string }
  | { type: 'save'; itemId: string };

/** One inbound message, whatever the platform (STYLE §1). */
export interface IncomingMessage {
  platform: Platform;
  /** Platform-scoped user id, e.g. `telegram:42`. */
  userId: string;
  conversationId: string;
  text: string;
  action?: MessageAction;
  /** Platform message id, used for de-duplication. */
  messageId?: string;
}

export interface ReplyItem {
  id: string;
  name: string;
  score: number;
  price?: number;
  colors: string[];
  articleType: string;
  signals: Signal[];
}

export interface ReplyOutfit {
  items: ReplyItem[];
  score: number;
  explanation: string;
}

/** One reply, whatever the platform. Adapters turn it into platform calls. */
export interface Reply {
  text: string;
  intent: Intent;
  confidence: number;
  slots: Slots;
  items: ReplyItem[];
  outfits: ReplyOutfit[];
  explanation?: string;
  /** SVG chart (trend answers). */
  chart?: { title: string; svg: string };
  /** JSON attachment (the `/export` answer). */
  attachment?: { filename: string; content: string };
  /**
   * The reply reveals what is kept about the shopper (export, profile summary, preferences, sizes, wishlist, erasure):
   * shown only to them — in a group the adapters send it to their direct messages and tell the group only that they did.
   */
  private: boolean;
  /** Whether item buttons (👍 👎 more like this, save) make sense. */
  actionable: boolean;
  /** The language the reply is written in (adapters write their own notes, such as "sent privately", in it). */
  language?: Language;
}

// ─── Conversation log ────────────────────────────────────────────────────────

/** One logged turn as the engine hands it to the log store (which pseudonymises, redacts and encrypts). */
export interface TurnRecord
  extends Pick<Reply, 'intent' | 'confidence' | 'slots' | 'items' | 'outfits' | 'explanation'> {
  at: number;
  platform: Platform;
  userId: string;
  conversationId: string;
  messageId?: string;
  text: string;
  reply: string;
  latencyMs: number;
  models: Record<string, string>;
  /** Feedback carried by this turn's action (button press). */
  feedback?: { itemId: string; value: 1 | -1 };
  /** The named action that served the turn (`ActionName` of `src/engine/decision.ts`). */
  action?: string;
  /** The state events of the turn, in order: profile data, kept encrypted like the text. */
  events?: StateEvent[];
}

/** The conversation log that stylists review (SQLite by default, PostgreSQL with `DATABASE_URL`). */
export interface TurnLog {
  append(record: TurnRecord): Promise<void>;
  /**
   * Erases every turn of a user logged at or before `until` (default: now) and keeps any such turn that arrives
   * later out; returns how many were erased.
   */
  eraseUser(userId: string, until?: number): Promise<number>;
  /** Everything logged about a user, decrypted, oldest first. */
  exportUser(userId: string): Promise<TurnRecord[]>;
  /** Whether the user's requests may count in the aggregated trend statistics (groups of ≥ 20 users only). */
  setTrendOptIn(userId: string, on: boolean): Promise<void>;
  close(): Promise<void>;
}

// ─── Cross-cutting ───────────────────────────────────────────────────────────

export interface Clock {
  now(): number;
}

/** A seeded source of randomness in [0, 1). */
export interface Random {
  next(): number;
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
