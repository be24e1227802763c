/**
 * THE fixed mapping from this bot's parses onto SIMMC 2.0 (fashion) dialogue acts and slot strings, designed by
 * looking at the `dev` split only (never `devtest`). Nothing here is learned from SIMMC; it is a hand-written
 * translation table between two annotation schemes.
 *
 * Acts (7): intents map as follows, in this order:
 * 1. The assistant's previous turn asked "which one?" (see `asksWhichOne`): the user's turn answers that question
 *    → `INFORM:DISAMBIGUATE`, whatever else it says.
 * 2. `save_item`, `feedback_positive` → `REQUEST:ADD_TO_CART` ("I'll take it", "love that black one").
 * 3. `compare` → `REQUEST:COMPARE`.
 * 4. `item_question`, `explain` → `ASK:GET`.
 * 5. `product_search`, `outfit_request`, `inspiration`, `trend_query`, `refine`: with a reference to a shown item
 *    ("anything like the grey coat", "the same size as that one") → `INFORM:GET`.
 * 6. `refine`, `set_preference`, `feedback_negative` → `INFORM:REFINE`; the other search intents → `REQUEST:GET`.
 * 7. Everything else (greetings, help, privacy, out of scope) → `REQUEST:GET`, SIMMC's most frequent act.
 *
 * Slots are reported only for the search acts (`REQUEST:GET`, `INFORM:GET`, `INFORM:REFINE`); SIMMC annotates
 * none for questions, comparisons and cart requests. Values become SIMMC's strings: types by the table below,
 * colours and patterns from the words the user wrote (lower-cased, `gray` → `grey`), sleeve lengths from the
 * user's word (`full`, `half`, `long`, `short`, `sleeveless`), price levels as `cheap` / `affordable` /
 * `expensive`, a wish for good reviews as `customerReview: good`.
 * Request slots: `price`, `size`, `sizes` → `availableSizes`, `brand`, `reviews` → `customerReview`, `color`,
 * `pattern`, `sleeve_length` → `sleeveLength` (for `ASK:GET` and `REQUEST:COMPARE` only).
 */
import { articleTypesMatching } from '../catalog/taxonomy.ts';
import type { Intent, ParseContext } from '../types.ts';
import type { NluSlots, NluSpan } from './slots.ts';

/** SIMMC 2.0 dialogue acts. */
export const SIMMC_ACTS = [
  'REQUEST:GET',
  'INFORM:GET',
  'INFORM:REFINE',
  'ASK:GET',
  'REQUEST:COMPARE',
  'REQUEST:ADD_TO_CART',
  'INFORM:DISAMBIGUATE',
] as const;
export type SimmcAct = (typeof SIMMC_ACTS)[number];

/** What the mapping needs from a parse. */
export interface MappableParse {
  intent: Intent;
  slots: NluSlots;
  spans: readonly NluSpan[];
}

/** Canonical article types and categories → SIMMC `type` strings. */
const SIMMC_TYPES: Record<string, string> = {
  't-shirt': 'tshirt',
  'tank-top': 'tank top',
  camisole: 'tank top',
  top: 'blouse',
  blouse: 'blouse',
  shirt: 'shirt',
  polo: 'shirt',
  sweater: 'sweater',
  cardigan: 'sweater',
  knitwear: 'sweater',
  sweatshirt: 'hoodie',
  hoodie: 'hoodie',
  jeans: 'jeans',
  trousers: 'trousers',
  pants: 'trousers',
  chinos: 'trousers',
  joggers: 'joggers',
  'track-pants': 'joggers',
  dress: 'dress',
  suit: 'suit',
  blazer: 'jacket',
  jacket: 'jacket',
  'rain-jacket': 'jacket',
  coat: 'coat',
  outerwear: 'coat',
  hat: 'hat',
  cap: 'hat',
  beanie: 'hat',
  headwear: 'hat',
  skirt: 'skirt',
  vest: 'vest',
  waistcoat: 'vest',
};

/** Every footwear type, the category itself and the `smart-shoes` group: SIMMC calls them all shoes. */
const FOOTWEAR: ReadonlySet<string> = new Set(['footwear', 'smart-shoes', ...articleTypesMatching('footwear')]);

const WHICH_ONE =
  /\b(which|what) (one|ones|item|items|pair|pairs|coat|jacket|dress|blouse|shirt|hoodie|sweater|jeans|trousers|pants|shoes|hat|top|tshirt|t-shirt|suit|joggers|do you mean|are you)\b|\bwhich (?:[a-z-]+ )?(?:do|are|were|did) you\b|\bclarify\b|\bsorry,? what\b|\bwhich of\b|\bwhich\b[^.?!]*\?\s*$|\bbe more (specific|precise)\b|\bspecify\b|\bhelp me (find|understand)\b|\bnot sure (which|what)\b|\bpoint to (it|them)\b|\bmore details?\b[^.?!]*\?|\bdirect me to\b|\bthe ones? you already\b/i;

/**
 * Whether the assistant's previous turn asked the user which item they meant.
 * @example
 * asksWhichOne('Which jacket do you mean?'); // true
 */
export function asksWhichOne(previousSystem: string | null | undefined): boolean {
  return typeof previousSystem === 'string' && WHICH_ONE.test(previousSystem);
}

/** The parse context for a SIMMC turn: the previous user turn's intent and the assistant's question, if any. */
export function simmcContext(previousSystem: string | null | undefined, previousIntent?: Intent): ParseContext {
  return asksWhichOne(previousSystem)
    ? { previousIntent, awaitingSlot: 'reference', language: 'en' }
    : { previousIntent, language: 'en' };
}

const SEARCH: ReadonlySet<Intent> = new Set(['product_search', 'outfit_request', 'inspiration', 'trend_query']);

/**
 * The SIMMC act of a parse.
 * @example
 * simmcAct({ intent: 'save_item', slots: {}, spans: [] }, {}); // 'REQUEST:ADD_TO_CART'
 */
export function simmcAct(parse: MappableParse, context: ParseContext): SimmcAct {
  const { intent, slots } = parse;
  if (context.awaitingSlot === 'reference') return 'INFORM:DISAMBIGUATE';
  if (intent === 'save_item' || intent === 'feedback_positive') return 'REQUEST:ADD_TO_CART';
  if (intent === 'compare') return 'REQUEST:COMPARE';
  if (intent === 'item_question' || intent === 'explain') return 'ASK:GET';
  if ((SEARCH.has(intent) || intent === 'refine') && slots.reference) return 'INFORM:GET';
  if (intent === 'refine' || intent === 'set_preference' || intent === 'feedback_negative') return 'INFORM:REFINE';
  return 'REQUEST:GET';
}

function surface(spans: readonly NluSpan[], slot: keyof NluSlots): string[] {
  return spans.filter((s) => s.slot === slot).map((s) => s.text.toLowerCase().trim());
}

function colorString(text: string): string {
  return text
    .replace(/\bgray\b/g, 'grey')
    .replace(/-/g, ' ')
    .replace(/\s+/g, ' ');
}

function patternString(text: string): string {
  const t = text.replace(/-/g, ' ');
  if (/^(plain|solid)/.test(t)) return 'plain';
  if (/camo/.test(t)) return 'camouflage';
  if (/check|plaid|tartan|gingham/.test(t)) return /plaid|tartan/.test(t) ? 'plaid' : 'checkered';
  if (/polka|dot/.test(t)) return 'dotted';
  if (/spot/.test(t)) return 'spots';
  if (/flor|flower/.test(t)) return 'floral';
  if (/stripe/.test(t)) return 'stripes';
  if (/knit/.test(t)) return 'knit';
  if (/twin|two tone/.test(t)) return 'twin colors';
  if (/multi|rainbow/.test(t)) return 'multicolored';
  return t;
}

function sleeveString(text: string): string | undefined {
  for (const word of ['sleeveless', 'full', 'half', 'long', 'short']) if (text.includes(word)) return word;
  return undefined;
}

/**
 * SIMMC slot strings of a parse (only for the search acts).
 * @example
 * simmcSlots(parser.parse('any cheap dark blue jeans?'), 'REQUEST:GET');
 * // { type: 'jeans', color: 'dark blue', price: 'cheap' }
 */
export function simmcSlots(parse: MappableParse, act: SimmcAct): Record<string, string> {
  if (act !== 'REQUEST:GET' && act !== 'INFORM:GET' && act !== 'INFORM:REFINE') return {};
  const { slots, spans } = parse;
  const out: Record<string, string> = {};
  if (slots.category) {
    const type = FOOTWEAR.has(slots.category) ? 'shoes' : SIMMC_TYPES[slots.category];
    if (type) out.type = type;
  }
  const colors = surface(spans, 'color').map(colorString);
  if (colors.length) out.color = colors.join(', ');
  const patterns = [...surface(spans, 'pattern'), ...surface(spans, 'material')].map(patternString);
  const [pattern] = patterns;
  if (pattern !== undefined) out.pattern = pattern;
  const sleeve = surface(spans, 'sleeve_length').map(sleeveString).find(Boolean);
  if (sleeve) out.sleeveLength = sleeve;
  if (slots.size && /^[XSML]+$/.test(slots.size)) out.size = slots.size;
  if (slots.brand) out.brand = slots.brand;
  if (slots.rating) out.customerReview = 'good';
  if (slots.price_level) out.price = slots.price_level;
  else if (slots.price_direction) out.price = slots.price_direction === 'lower' ? 'affordable' : 'expensive';
  return out;
}

const REQUEST_SLOTS: Record<string, string> = {
  price: 'price',
  size: 'size',
  sizes: 'availableSizes',
  brand: 'brand',
  reviews: 'customerReview',
  color: 'color',
  pattern: 'pattern',
  sleeve_length: 'sleeveLength',
};

/** SIMMC request slots of a parse (for `ASK:GET` and `REQUEST:COMPARE`). */
export function simmcRequestSlots(parse: MappableParse, act: SimmcAct): string[] {
  if (act !== 'ASK:GET' && act !== 'REQUEST:COMPARE') return [];
  const out = new Set<string>();
  for (const r of parse.slots.request_slots ?? []) if (REQUEST_SLOTS[r]) out.add(REQUEST_SLOTS[r]);
  return [...out];
}
