/**
 * The names shoppers see. H&M's `prod_name` carries warehouse noise: capitals and internal tags ("ALAN OVERSHIRT
 * PRICE ITEM", "Jamie Skinny Cropped Trs Pid", "Pluto RW slacks (1)"). The H&M normaliser calls `displayName` once
 * per row at load, so every reply, button and search shows the clean name (Myntra's names are written for the shop).
 */

/** Internal tags that say nothing to a shopper: price-item flags, product-id markers, copy numbers "(1)". */
const NOISE = [
  /\bprice\s*item\b/gi,
  /\bpid\b/gi,
  /\(\s*\d+\s*\)/g,
  /\bTVP\b/g,
  /\bRW\b/g,
  /\bconscious\s+exclusive\b/gi,
  // A price in the name ("Printed CF Hood 24.99 B2", "Wow hood 19.99") and the shelf code after it.
  /\b\d{1,3}[.,]\d{2}\b(?:\s+[A-Z]\d)?/g,
];

/** Abbreviations of the catalogues spelled out. */
const ABBREVIATIONS: Record<string, string> = {
  trs: 'trousers',
  jkt: 'jacket',
  sht: 'shirt',
  'l/s': 'long-sleeved',
  's/s': 'short-sleeved',
  hw: 'high-waisted',
};

/** Words kept in capitals: brands and acronyms shoppers know. */
const ACRONYMS = new Set(['DKNY', 'NY', 'PU', 'UK', 'USA', 'H&M', 'HM', 'DC', 'US', 'CK', 'UCB', 'XL', 'XXL', 'XS']);

/** Short words written in lower case inside a title. */
const SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'with']);

/** One word in title case: acronyms and words with digits stay; hyphenated parts each get a capital. */
function titleWord(word: string, first: boolean): string {
  if (ACRONYMS.has(word.toUpperCase()) && word === word.toUpperCase()) return word;
  if (/\d/.test(word)) return word;
  const lower = word.toLowerCase();
  if (!first && SMALL_WORDS.has(lower)) return lower;
  return lower.replace(/(^|[-/(])(\p{L})/gu, (_, sep: string, letter: string) => sep + letter.toUpperCase());
}

/**
 * A catalogue name as shoppers should read it: internal tags removed, abbreviations spelled out, title case, single
 * spaces. Falls back to the raw name (trimmed) when nothing would be left.
 * @example
 * displayName('ALAN OVERSHIRT PRICE ITEM'); // 'Alan Overshirt'
 * displayName('Jamie Skinny Cropped Trs Pid'); // 'Jamie Skinny Cropped Trousers'
 * displayName('DKNY Women Beige Dial Watch NY8308'); // 'DKNY Women Beige Dial Watch NY8308'
 * displayName('Printed CF Hood 24.99 B2'); // 'Printed CF Hood'
 */
export function displayName(raw: string): string {
  // A trailing full stop ("Wing Dress.") is a typo in a name, not punctuation.
  let text = raw.replace(/\.+\s*$/, '');
  for (const noise of NOISE) text = text.replace(noise, ' ');
  const words = text
    .replace(/[_]+/g, ' ')
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .map((word) => ABBREVIATIONS[word.toLowerCase()] ?? word)
    .flatMap((word) => word.split(' '));
  if (words.length === 0) return raw.trim();
  return words.map((word, i) => titleWord(word, i === 0)).join(' ');
}
