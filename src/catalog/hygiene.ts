/**
 * Catalogue hygiene: a row's type checked against its own description. H&M files some pieces under a type their
 * description contradicts — a non-wired bra typed "Slippers", padded jackets typed "Hoodie", dresses typed "Top" or
 * "Blouse", slippers typed "Socks". The description names the garment first ("Soft, non-wired bra in lace …"), so
 * when that garment belongs to another category than the row's type, the item takes the described type.
 */
import { ARTICLE_TYPES, canonicalArticleType } from './taxonomy.ts';

/** Words that end the noun phrase naming the garment ("Short dress *in* a soft weave", "Bra *with* padded cups"). */
const PHRASE_END =
  /^(?:in|with|made|from|that|for|and|or|of|designed|featuring|containing|which|to|at|on|by|has|have|is|are)$/;

/**
 * Categories whose rows are trusted whatever the description names first: sets and nightwear are described by their
 * parts ("Pyjama top and shorts"), swimwear by its bottom half ("swim shorts"), costumes and accessories loosely.
 */
const TRUSTED_FROM = new Set(['nightwear', 'swimwear', 'other', 'accessory', 'bag']);

/** Category pairs a description may cross without the type being wrong (shaping shorts are underwear, tights bottoms). */
const COMPATIBLE = new Set([
  'underwear>bottom',
  'bottom>underwear',
  'underwear>top',
  'top>underwear',
  'suit>outerwear',
  'outerwear>suit',
  'dress>top',
]);

/**
 * Descriptions that name a garment word without meaning the garment ("fancy dress", "dressing gown", "romper suit",
 * "hi tops"), or a set by its first part ("top and a pair of joggers").
 */
const MISLEADING =
  /\bfancy dress\b|\bdressing gown\b|\ball-in-one\b|\bonesie\b|\bromper\b|\bboiler ?suit\b|\band (?:a )?pair of\b|\bsuspender|\bhi(?:gh)?[ -]tops\b|\bpyjama (?:jacket|top|shirt)s?\b/i;

/** Pieces for pets are no shopper's clothes ("Dog jumper", "Rain jacket designed to fit a small dog"). */
const FOR_PETS =
  /\bdog (?:jumper|sweater|coat|jacket|raincoat|collar|lead|leash|harness|t-shirt|toy|bed)s?\b|\b(?:for|fit) (?:a |your )?(?:small |medium |large )?dogs?\b/i;

/**
 * The garment a description names first: the head of its first noun phrase ("Short, padded jacket with a hood" →
 * `jacket`, "Fine-knit liner socks designed to be hidden inside your shoes" → `socks`); undefined when it names none.
 * @example
 * describedType('Soft, non-wired bra in lace with padded cups'); // 'bra'
 */
export function describedType(description: string): string | undefined {
  const firstSentence = description.split(/[.;:]/, 1)[0] ?? '';
  const words = firstSentence.toLowerCase().match(/[a-z]+(?:-[a-z]+)*/g) ?? [];
  let found: string | undefined;
  for (const word of words) {
    if (PHRASE_END.test(word)) break;
    const type = canonicalArticleType(word);
    // The last garment word of the phrase is its head ("shirt jacket" is a jacket, "swim shorts" shorts).
    if (type) found = type;
    else if (found) break;
  }
  return found;
}

/**
 * The type an item should have: the described one when the description names a garment of another category than
 * the row's type (and the two categories are not ones a description may cross); undefined when the type stands.
 * @example
 * retypedByDescription('slippers', 'Soft, non-wired bra in lace with padded cups'); // 'bra'
 * retypedByDescription('hoodie', 'Short, padded jacket with a jersey-lined hood'); // 'jacket'
 * retypedByDescription('leggings', 'Tights with built-in support'); // undefined (bottoms and hosiery)
 */
export function retypedByDescription(articleType: string, description: string): string | undefined {
  if (MISLEADING.test(description)) return undefined;
  const described = describedType(description);
  if (!described || described === articleType) return undefined;
  const from = ARTICLE_TYPES[articleType];
  const to = ARTICLE_TYPES[described];
  if (!from || !to || from === to || TRUSTED_FROM.has(from) || to === 'other') return undefined;
  if (COMPATIBLE.has(`${from}>${to}`)) return undefined;
  // A zip hoodie is "a jacket in sweatshirt fabric" to H&M, and a hoodie to a shopper.
  if (articleType === 'hoodie' && /\bsweatshirt fabric\b|\bfleece\b/i.test(description)) return undefined;
  return described;
}

/** The reason a loader skips a row that `isNotForShoppers` leaves out: a choice of the catalogue, not a data fault. */
export const NOT_FOR_SHOPPERS = 'made for pets';

/**
 * Whether an item is no piece a shopper wears: clothes for pets ("Dog jumper", "Quilted jacket designed for a small
 * dog").
 * @example
 * isNotForShoppers('OL Dog Lollo Knitted', 'Dog jumper in a soft fine knit'); // true
 */
export function isNotForShoppers(name: string, description: string): boolean {
  return FOR_PETS.test(name) || FOR_PETS.test(description);
}
