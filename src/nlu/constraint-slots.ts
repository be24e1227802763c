/**
 * Constraint slots the parser does not fill yet, read from the message text: who the pieces are for (age, age group,
 * recipient, an adult's "girl" or "guy"), kinds of piece not wanted ("he has enough hoodies", "no jeans"), coverage
 * ("hate showing my arms", "nothing see-through"), fit and size ("plus size", "XXL", "size 38"), a total budget
 * ("under 50 total"), length (长款) and pieces the shopper owns ("my burgundy chinos"). Only slots the parse left empty
 * are filled, so a parser that learns them takes over without a change here.
 */
import { canonicalArticleType, canonicalColor } from '../catalog/taxonomy.ts';
import type { Gender, Parse, Slots } from '../types.ts';

const ZH_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** The wearer's age when the message states one ("im 24", "female, 28", "my son is 6", "6yo", "五十多岁"). */
export function ageIn(text: string): number | undefined {
  const patterns = [
    /\b(?:i'?m|im|i am|she'?s|he'?s|(?:son|daughter|kid|boy|girl|child)\s+is)\s+(\d{1,2})\b(?!\s*(?:cm|kg|°|degrees|eur|euro|usd|\$|%|k\b))/i,
    /\b(\d{1,2})\s*(?:-\s*)?(?:yo|y\/o|yrs?|years?(?:[- ]old)?)\b/i,
    /\b(?:female|male|woman|man|girl|guy|gril|lady),?\s+(\d{2})\b/i,
    /(\d{1,2})\s*岁/,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match) return Number(match[1]);
  }
  const tens = /([二三四五六七八九])十(?:多)?岁/.exec(text);
  if (tens) return ZH_DIGITS[tens[1]!]! * 10;
  const units = /([一二两三四五六七八九十])岁/.exec(text);
  if (units) return units[1] === '十' ? 10 : ZH_DIGITS[units[1]!];
  return undefined;
}

const CHILD_WORDS =
  /\b(my|our|his|her)\s+(son|daughter|kids?|child|children|toddler|baby|little one)\b|\b(toddler|newborn|infant|kids'?|children'?s)\b|\b\d{1,2}\s*(?:-\s*)?(?:yo|year[- ]old)\s+(boy|girl|son|daughter)\b|儿子|女儿|孩子|小孩|宝宝|童装|儿童/i;
/** The shopper describing themselves as an adult with a word that also names children ("im a girl", "as a 90s grunge girl"). */
const ADULT_SELF =
  /\b(?:i'?m|im|i am|as)\s+(?:a|an)\s+(?:[\w'-]+\s+){0,3}?(girl|gril|gurl|guy|boy|woman|man|lady|dude|bloke)\b/i;

/** The age group an age belongs to. */
export function ageGroupOf(age: number): NonNullable<Slots['age_group']> {
  return age < 3 ? 'baby' : age < 13 ? 'child' : age < 18 ? 'teen' : 'adult';
}

/** Relation words for someone else the pieces are for, with that person's department. */
const RECIPIENTS: readonly [RegExp, string, Gender][] = [
  [/\b(boyfriend|bf|husband|hubby|fianc[eé])\b|男朋友|男友|老公/i, 'partner', 'men'],
  [/\b(girlfriend|gf|wife|fianc[eé]e)\b|女朋友|女友|老婆/i, 'partner', 'women'],
  [/\b(dad|father)\b|爸爸|父亲/i, 'father', 'men'],
  [/\b(mum|mom|mother)\b|妈妈|母亲/i, 'mother', 'women'],
  [/\b(brother)\b|哥哥|弟弟/i, 'brother', 'men'],
  [/\b(sister)\b|姐姐|妹妹/i, 'sister', 'women'],
  [/\b(son)\b|儿子/i, 'son', 'boys'],
  [/\b(daughter)\b|女儿/i, 'daughter', 'girls'],
];
const FOR_OTHER = /\b(for|gift|present|buy|get)\b.*|给|送|礼物/i;

/** Kinds of piece the message rules out. */
const EXCLUDE_EN =
  /\b(?:(?:has|have|got)\s+enough|no more|no|not|without|don'?t want|dont want|do not want|hate|not into|skip|except)\s+(?:any\s+|the\s+|more\s+)?([a-z-]+(?:\s+[a-z-]+)?)/gi;
const EXCLUDE_ZH = /(?:不要|不想要|别给我|除了)([\u4e00-\u9fff]{1,4})/g;

function articleTypeAt(words: string): string | undefined {
  const [first, second] = words.toLowerCase().split(/\s+/);
  const two = second ? canonicalArticleType(`${first} ${second}`) : undefined;
  if (two) return two;
  const one = first ? canonicalArticleType(first) : undefined;
  if (one) return one;
  return second ? canonicalArticleType(second) : undefined;
}

function excludedCategories(text: string): string[] {
  const out = new Set<string>();
  for (const match of text.matchAll(EXCLUDE_EN)) {
    const type = articleTypeAt(match[1]!);
    if (type) out.add(type);
  }
  for (const match of text.matchAll(EXCLUDE_ZH)) {
    for (let n = match[1]!.length; n > 0; n--) {
      const type = canonicalArticleType(match[1]!.slice(0, n));
      if (type) {
        out.add(type);
        break;
      }
    }
  }
  return [...out];
}

const COVERAGE: readonly [RegExp, string][] = [
  [/\b(hate|don'?t like|not) showing (my )?arms\b|\bcover(ing)? (my |the )?arms\b|不露胳膊|遮手臂/i, 'cover_arms'],
  [/\blong[- ]?sleeve[sd]?\b|\bwith sleeves\b|长袖/i, 'long_sleeves'],
  [/\b(not|nothing|no)\s+(too\s+)?(see[- ]?through|sheer|transparent)\b|不透|不要透/i, 'not_see_through'],
  [/\bmodest\b|\bhijab\b|\bnot (too|to) revealing\b|\bnothing revealing\b|不要太暴露|保守/i, 'modest'],
  [/\b(cover(ing)? (my )?legs|long skirt|maxi)\b|长裙/i, 'cover_legs'],
];

const PLUS = /\bplus[- ]?size[sd]?\b|\bcurvy\b|\bcurve\b|大码|加大/i;
const PETITE = /\bpetite\b|娇小/i;
const TALL = /\btall\b(?! boots)/i;
const SIZE_EN =
  /\bsize\s+(\d{1,2}(?:\.5)?|xxs|xs|s|m|l|xl|xxl|xxxl|[2-4]xl)\b|\b(xxs|xs|xxl|xxxl|[2-4]xl)\b|\b(?:i'?m|im|i am)(?: usually)? (?:a |an )?(xs|s|m|l|xl)\b/i;
const SIZE_ZH = /(\d{2})\s*码|\b(XXL|XL|XS|L|M|S)\b/;

const TOTAL =
  /\b(in total|total|altogether|all in|for (the )?(whole|entire) (look|outfit|thing)|for everything)\b|总共|一共|总预算|加起来/i;

const LENGTH: readonly [RegExp, string][] = [
  [/长款|\blong (coat|puffer|down|jacket|parka|dress|skirt)|\bmaxi\b|\bfull[- ]length\b/i, 'long'],
  [/\bmidi\b|中长款/i, 'midi'],
  [/短款|\bcropped\b|\bmini\b/i, 'short'],
];

/** "goes with my burgundy chinos", "around my black boots", "I already have a black suit", "我有一条黑裤子". */
const OWNED_EN =
  /\b(?:with|around|match(?:es)?|for)\s+my\s+([a-z-]+(?:\s+[a-z-]+){0,2})|\bi (?:already )?(?:have|own|got) (?:a |an |some )?([a-z-]+(?:\s+[a-z-]+){0,2})/gi;

function ownedPieces(text: string): NonNullable<Slots['owned']> {
  const owned: NonNullable<Slots['owned']> = [];
  for (const match of text.matchAll(OWNED_EN)) {
    const words = (match[1] ?? match[2]!).toLowerCase().split(/\s+/);
    let color: string | undefined;
    let category: string | undefined;
    for (let i = 0; i < words.length && !category; i++) {
      const c = canonicalColor(words[i]!);
      if (c && !color) {
        color = c;
        continue;
      }
      category =
        (words[i + 1] && canonicalArticleType(`${words[i]} ${words[i + 1]}`)) || canonicalArticleType(words[i]!);
    }
    if (category) owned.push(color ? { category, color } : { category });
  }
  return owned;
}

const NEED =
  /\b(?:i need|need|i want|want|looking for|look for|show me|get me|searching for)\s+(?:a |an |some |the |new )?([a-z-]+(?:\s+[a-z-]+)?)/i;

/** Department of an adult for a child's department word, and back. */
const ADULT_OF: Partial<Record<Gender, Gender>> = { girls: 'women', boys: 'men' };
const CHILD_OF: Partial<Record<Gender, Gender>> = { women: 'girls', men: 'boys' };
const SELF_GENDER: Record<string, Gender> = {
  girl: 'women',
  gril: 'women',
  gurl: 'women',
  woman: 'women',
  lady: 'women',
  guy: 'men',
  boy: 'men',
  man: 'men',
  dude: 'men',
  bloke: 'men',
};

/**
 * The constraint slots of a message added to what the parser found (the parser's values win).
 * @example
 * constraintSlots('wat shud i wer to a date, im a gril', { gender: 'girls' }); // { gender: 'women', age_group: 'adult' }
 */
export function constraintSlots(text: string, parsed: Slots): Slots {
  const slots: Slots = { ...parsed };
  const age = slots.age ?? ageIn(text);
  if (age !== undefined && age > 0 && age < 110) slots.age = age;
  const self = ADULT_SELF.exec(text);
  const recipient = RECIPIENTS.find(([pattern]) => pattern.test(text));
  if (!slots.recipient && recipient && FOR_OTHER.test(text)) slots.recipient = recipient[1];
  slots.age_group ??=
    slots.age !== undefined ? ageGroupOf(slots.age) : CHILD_WORDS.test(text) ? 'child' : self ? 'adult' : undefined;
  if (self && slots.age_group === 'adult' && !slots.recipient) {
    const own = SELF_GENDER[self[1]!.toLowerCase()];
    if (own && (!slots.gender || ADULT_OF[slots.gender] === own)) slots.gender = own;
  }
  if (recipient && slots.recipient && (!slots.gender || slots.gender === 'unisex')) slots.gender = recipient[2];
  // A child's department for an adult ("girl" at 24) is the adult one, and an adult's for a child the child's.
  if (slots.gender && slots.age_group && slots.age_group !== 'child' && slots.age_group !== 'baby') {
    slots.gender = ADULT_OF[slots.gender] ?? slots.gender;
  }
  // "These are kids clothes?? im 24": a complaint, not a department.
  if (slots.gender === 'kids' && slots.age_group === 'adult') delete slots.gender;
  if (slots.gender && (slots.age_group === 'child' || slots.age_group === 'baby')) {
    slots.gender = CHILD_OF[slots.gender] ?? slots.gender;
  }
  const excluded = excludedCategories(text);
  if (excluded.length > 0) {
    slots.exclude_category = [...new Set([...(slots.exclude_category ?? []), ...excluded])];
    // "He has enough hoodies" names hoodies, but not as the thing wanted.
    if (slots.category && excluded.includes(slots.category)) delete slots.category;
  }
  const coverage = COVERAGE.filter(([pattern]) => pattern.test(text)).map(([, value]) => value);
  if (coverage.length > 0 && !slots.coverage) slots.coverage = coverage;
  if (!slots.fit) {
    if (PLUS.test(text)) slots.fit = 'plus';
    else if (PETITE.test(text)) slots.fit = 'petite';
    else if (TALL.test(text)) slots.fit = 'tall';
  }
  if (!slots.size) {
    const size = SIZE_EN.exec(text) ?? SIZE_ZH.exec(text);
    const value = size?.slice(1).find((v) => v !== undefined);
    if (value) slots.size = value.toUpperCase();
  }
  if (!slots.budget_scope && slots.budget_max !== undefined && TOTAL.test(text)) slots.budget_scope = 'total';
  if (!slots.length) {
    const length = LENGTH.find(([pattern]) => pattern.test(text));
    if (length) slots.length = length[1];
  }
  if (!slots.owned) {
    const owned = ownedPieces(text);
    if (owned.length > 0) slots.owned = owned;
  }
  // The kind of piece and colour that describe a piece the shopper owns are not what they are shopping for.
  const own = slots.owned?.find((piece) => piece.category === slots.category);
  if (own) {
    delete slots.category;
    if (own.color && slots.color?.length === 1 && slots.color[0] === own.color) delete slots.color;
  }
  // "wait jeans?? … i need a dress": the piece named after "need" / "want" / "looking for" is the one wanted.
  const needed = NEED.exec(text);
  const wanted = needed ? articleTypeAt(needed[1]!) : undefined;
  if (wanted && !slots.exclude_category?.includes(wanted) && !slots.owned?.some((p) => p.category === wanted)) {
    slots.category = wanted;
  }
  return slots;
}

/** A parse with its constraint slots filled in. */
export function withConstraintSlots(parse: Parse): Parse {
  return { ...parse, slots: constraintSlots(parse.text, parse.slots) };
}
