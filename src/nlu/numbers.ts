/**
 * Number-bearing slots found with patterns over the normalised text: temperatures, sizes, budgets and
 * numbered references ("option 2"). Each finder returns claims with offsets so that later finders and the
 * lexicon matcher skip text already explained.
 */
import type { Weather } from '../types.ts';

/** A piece of the text explained by a number pattern. */
export interface NumberClaim {
  start: number;
  end: number;
  slots: {
    temperatureC?: number;
    size?: string;
    budget_min?: number;
    budget_max?: number;
    currency?: string;
    ordinal?: number;
  };
}

const CN_DIGITS: Record<string, number> = {
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

/**
 * Reads a simple Chinese numeral ("五百", "三十五", "两千") or an Arabic number ("1,200", "49.99", "2k").
 * @example
 * readNumber('五百'); // 500
 */
export function readNumber(raw: string): number | undefined {
  const text = raw.trim();
  if (/^\d/.test(text)) {
    const k = /k$/.test(text);
    const cleaned = text.replace(/k$/, '');
    const value = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(cleaned)
      ? Number(cleaned.replace(/,/g, ''))
      : Number(cleaned.replace(',', '.'));
    if (!Number.isFinite(value)) return undefined;
    return k ? value * 1000 : value;
  }
  let total = 0;
  let current = 0;
  let seen = false;
  for (const ch of text) {
    const digit = CN_DIGITS[ch];
    const unit = CN_UNITS[ch];
    if (digit !== undefined) {
      current = digit;
      seen = true;
    } else if (unit !== undefined) {
      total += (current || 1) * unit;
      current = 0;
      seen = true;
    } else return undefined;
  }
  return seen ? total + current : undefined;
}

const NUM = String.raw`(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d{1,2})?k?|[零一二两三四五六七八九十百千万]+)`;
const CUR_PRE = String.raw`(€|\$|£|¥|￥|₹|eur\s?|usd\s?|gbp\s?|rmb\s?|cny\s?|inr\s?|rs\.?\s?|sek\s?)`;
const CUR_POST = String.raw`(\s?(?:€|euros?|eur|dollars?|usd|bucks|quid|pounds?|gbp|£|yuan|rmb|cny|元|块钱|块|rupees?|inr|rs|kr|sek|kronor|\$)(?![a-z]))`;
const AMOUNT = `${CUR_PRE}?${NUM}${CUR_POST}?`;

const CURRENCIES: [RegExp, string][] = [
  [/€|eur/, 'EUR'],
  [/\$|usd|dollar|bucks/, 'USD'],
  [/£|gbp|pound|quid/, 'GBP'],
  [/¥|￥|rmb|cny|yuan|元|块/, 'CNY'],
  [/₹|inr|rupee|rs/, 'INR'],
  [/sek|kr/, 'SEK'],
];

function currencyOf(...parts: (string | undefined)[]): string | undefined {
  const text = parts.filter(Boolean).join(' ');
  if (!text) return undefined;
  for (const [pattern, code] of CURRENCIES) if (pattern.test(text)) return code;
  return undefined;
}

function overlaps(claims: readonly NumberClaim[], start: number, end: number): boolean {
  return claims.some((c) => start < c.end && end > c.start);
}

const TEMPERATURE =
  /(minus\s*|零下\s*|-\s?)?(\d{1,3}(?:\.\d)?|[零一二两三四五六七八九十]+)\s*(°\s*[cf]?|º\s*[cf]?|degrees?(?:\s*(?:celsius|centigrade|fahrenheit|c|f)\b)?|deg\b|摄氏度|度|[cf]\b(?=\s*(?:out|outside|today|tomorrow|here|there|and|$|[,.!?])))/g;

/**
 * A number below zero without a unit ("is a puffer better for -15?", "minus 20 tonight", 零下二十): no price or size is
 * negative, so it is a temperature in °C.
 */
const BELOW_ZERO =
  /(?<![\w\d])(?:minus\s+|零下\s*|[-−](?=\d))(\d{1,2}|[零一二两三四五六七八九十]+)(?![\d.,]|\s*(?:%|€|eur|euros?|usd|\$|£|cm|kg|lbs?|years?|岁|块|元))/g;

/** Words before "28 f" that make it the shopper's age and sex ("im 28 f", "me 31 f", "age 40 f"). */
const SAYS_WHO_BEFORE = /\b(?:i'?m|i am|me|aged?)[:,]?\s*$/;

function findTemperatures(text: string, claims: NumberClaim[]): void {
  for (const m of text.matchAll(TEMPERATURE)) {
    const [, sign, digits, unit] = m;
    if (digits === undefined || unit === undefined) continue;
    const value = readNumber(digits);
    if (value === undefined || value > 130) continue;
    // "im 28 f", "me: 31 m": an age and a sex, not 28 °F.
    if (/^[cf]$/.test(unit) && SAYS_WHO_BEFORE.test(text.slice(0, m.index))) continue;
    const negative = Boolean(sign);
    let celsius = negative ? -value : value;
    if (/f/.test(unit) && !/c/.test(unit)) celsius = Math.round(((celsius - 32) * 5) / 9);
    claims.push({ start: m.index, end: m.index + m[0].length, slots: { temperatureC: celsius } });
  }
  for (const m of text.matchAll(BELOW_ZERO)) {
    if (m[1] === undefined) continue;
    const value = readNumber(m[1]);
    const end = m.index + m[0].length;
    if (value === undefined || value === 0 || value > 50 || overlaps(claims, m.index, end)) continue;
    claims.push({ start: m.index, end, slots: { temperatureC: -value } });
  }
}

/** Condition words implied by a temperature in °C. */
export function conditionFor(celsius: number): Weather['condition'] {
  if (celsius >= 27) return 'hot';
  if (celsius >= 19) return 'warm';
  if (celsius >= 13) return 'mild';
  if (celsius >= 6) return 'cool';
  if (celsius >= -1) return 'cold';
  return 'freezing';
}

const LETTER_SIZES: Record<string, string> = {
  xxs: 'XXS',
  xs: 'XS',
  s: 'S',
  m: 'M',
  l: 'L',
  xl: 'XL',
  xxl: 'XXL',
  xxxl: 'XXXL',
  '2xl': 'XXL',
  '3xl': 'XXXL',
  small: 'S',
  medium: 'M',
  large: 'L',
  'extra small': 'XS',
  'extra-small': 'XS',
  'extra large': 'XL',
  'extra-large': 'XL',
  'extra extra large': 'XXL',
  'double extra large': 'XXL',
  'double xl': 'XXL',
  大码: 'XL',
  加大码: 'XXL',
  小码: 'S',
  中码: 'M',
};

const SIZE_WORD = `(extra[ -]extra[ -]large|double extra large|double xl|extra[ -]small|extra[ -]large|xxxl|xxl|xxs|xl|xs|2xl|3xl|small|medium|large|s|m|l)`;
/** The size a matched size word names; none when the pattern's group did not take part. */
function letterSize(word: string | undefined): string | undefined {
  return word === undefined ? undefined : LETTER_SIZES[word];
}

const SIZE_PATTERNS: { re: RegExp; make: (m: RegExpMatchArray) => string | undefined }[] = [
  {
    re: /\b(eu|uk|us|it|fr)\s?(\d{1,2}(?:\.5)?)\b(?!\s*(?:€|euros?|dollars?|pounds?|%))/g,
    make: ([, system, size]) => (system && size ? `${system.toUpperCase()} ${size}` : undefined),
  },
  {
    re: new RegExp(String.raw`\b(?:size|sz|sized)(?!s\b)\s*(?:is\s+|of\s+|:\s*|=\s*)?(?:an?\s+)?${SIZE_WORD}\b`, 'g'),
    make: (m) => letterSize(m[1]),
  },
  {
    re: /\b(?:size|sz)\s*(?:is\s+|of\s+|:\s*)?(\d{1,2}(?:\.5)?)\b/g,
    make: (m) => m[1],
  },
  {
    re: /(?:尺码|码数|穿)\s*(xxxl|xxl|xl|xs|s|m|l|\d{2}(?:\.5)?)(?![a-z])/g,
    make: (m) => letterSize(m[1]) ?? m[1],
  },
  { re: /(xxxl|xxl|xl|xs|s|m|l|\d{2}(?:\.5)?)\s*码/g, make: (m) => letterSize(m[1]) ?? m[1] },
  { re: /加大码|大码|小码|中码/g, make: (m) => LETTER_SIZES[m[0]] },
  { re: /\b(xxxl|xxl|xxs|xl|xs|2xl|3xl)\b/g, make: (m) => letterSize(m[1]) },
  {
    re: new RegExp(
      String.raw`\b(?:in|in an?|wear|wear an?|wearing|i'm an?|im an?|i am an?|i'm|i am|am an?|get an?|need an?|take an?|comes? in|available in|fit an?)\s+${SIZE_WORD}\b(?!['-])`,
      'g',
    ),
    make: (m) => letterSize(m[1]),
  },
  {
    // "I'm a men's medium": only the size word is claimed, the department stays a gender mention.
    re: new RegExp(String.raw`(?<=\b(?:i'm|im|i am|wear) an?\s+(?:men|women|kid)'?s\s+)${SIZE_WORD}\b(?!['-])`, 'g'),
    make: (m) => letterSize(m[1]),
  },
];

function findSizes(text: string, claims: NumberClaim[]): void {
  for (const { re, make } of SIZE_PATTERNS) {
    for (const m of text.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (overlaps(claims, start, end)) continue;
      const size = make(m);
      if (!size) continue;
      // "a small bag", "in medium blue": a size word followed by a noun or colour is a description.
      const after = text.slice(end, end + 12);
      if (/^\s*(?:bags?|selection|amount|number|business|shop|budget|price|group|wardrobe)\b/.test(after)) continue;
      claims.push({ start, end, slots: { size } });
    }
  }
}

const MAX_CUE = `(?:under|below|beneath|less than|lower than|cheaper than|max(?:imum)?(?: of)?|up to|upto|no more than|not more than|not over|nothing (?:over|above|more than)|at most|within|<=?|≤|budget(?: is| of)?(?: around| about)?|spend(?:ing)?(?: up to)?|afford|under the|不超过|不到|最多|低于|少于|预算|以内)`;
const MIN_CUE = `(?:over|above|more than|at least|min(?:imum)?(?: of)?|starting (?:at|from)|>=?|≥|至少|高于|超过)`;
const AROUND_CUE = String.raw`(?:around|about|roughly|approximately|approx\.?|circa|~|something like|ca\.)`;

interface BudgetPattern {
  re: RegExp;
  make: (m: RegExpMatchArray) => NumberClaim['slots'] | undefined;
}

function amount(m: RegExpMatchArray, at: number): { value?: number; currency?: string; explicit: boolean } {
  const pre = m[at];
  const value = readNumber(m[at + 1] ?? '');
  const post = m[at + 2];
  const currency = currencyOf(pre, post);
  return { value, currency, explicit: Boolean(pre || post) };
}

const BUDGET_PATTERNS: BudgetPattern[] = [
  {
    // €30–60, between 30 and 60 euros, 30 to 60, 300到500元
    re: new RegExp(
      String.raw`(between\s+|from\s+)?${AMOUNT}\s*(?:-|to|and|到|至)\s*${AMOUNT}(?!\s*(?:°|degrees|度|cm|kg|years?))`,
      'g',
    ),
    make: (m) => {
      const a = amount(m, 2);
      const b = amount(m, 5);
      if (a.value === undefined || b.value === undefined || a.value >= b.value) return undefined;
      if (!m[1] && !a.explicit && !b.explicit) return undefined;
      return { budget_min: a.value, budget_max: b.value, currency: a.currency ?? b.currency };
    },
  },
  {
    re: new RegExp(String.raw`${MAX_CUE}\s*${AMOUNT}(\s*(?:以内|以下|之内|内))?`, 'g'),
    make: (m) => {
      const a = amount(m, 1);
      return a.value === undefined || (!a.explicit && a.value < 5)
        ? undefined
        : { budget_max: a.value, currency: a.currency };
    },
  },
  {
    re: new RegExp(
      String.raw`${AMOUNT}\s*(?:or less|or under|or below|max(?:imum)?|tops|at most|以内|以下|之内|内)`,
      'g',
    ),
    make: (m) => {
      const a = amount(m, 1);
      return a.value === undefined ? undefined : { budget_max: a.value, currency: a.currency };
    },
  },
  {
    re: new RegExp(String.raw`${MIN_CUE}\s*${AMOUNT}`, 'g'),
    make: (m) => {
      const a = amount(m, 1);
      return a.value === undefined || (!a.explicit && a.value < 5)
        ? undefined
        : { budget_min: a.value, currency: a.currency };
    },
  },
  {
    re: new RegExp(String.raw`${AMOUNT}\s*(?:or more|and up|and above|plus|以上|起)`, 'g'),
    make: (m) => {
      const a = amount(m, 1);
      return a.value === undefined || (!a.explicit && a.value < 5)
        ? undefined
        : { budget_min: a.value, currency: a.currency };
    },
  },
  {
    re: new RegExp(String.raw`${AROUND_CUE}\s*${AMOUNT}|${AMOUNT}\s*(?:左右|上下|ish)`, 'g'),
    make: (m) => {
      const a = m[2] !== undefined ? amount(m, 1) : amount(m, 4);
      if (a.value === undefined || (!a.explicit && a.value < 5)) return undefined;
      return {
        budget_min: Math.round(a.value * 0.8),
        budget_max: Math.round(a.value * 1.2),
        currency: a.currency,
      };
    },
  },
  {
    // a bare amount with a currency: "100 euros", "$80", "500元"
    re: new RegExp(`${CUR_PRE}${NUM}|${NUM}${CUR_POST}`, 'g'),
    make: (m) => {
      const value = readNumber(m[2] ?? m[3] ?? '');
      return value === undefined ? undefined : { budget_max: value, currency: currencyOf(m[1], m[4]) };
    },
  },
];

function findBudgets(text: string, claims: NumberClaim[]): void {
  for (const { re, make } of BUDGET_PATTERNS) {
    for (const m of text.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (overlaps(claims, start, end)) continue;
      const slots = make(m);
      if (!slots) continue;
      claims.push({ start, end, slots });
    }
  }
}

/** "#2", "option 3", "look 1", "outfit no. 2": an item or a look named by the number shown beside it. */
const NUMBERED = /(?:#\s?|\bnumber\s|\bno\.\s?|\boption\s|\bitem\s|\bpick\s|\blook\s|\boutfit\s)(\d{1,2})\b/g;

/**
 * The items or looks a lower-case text names by number, in order, as 0-based positions with where they are written.
 * @example
 * numberedIn('look 1 vs look 3').map((n) => n.value); // [0, 2]
 */
export function numberedIn(text: string): { start: number; end: number; value: number }[] {
  const found: { start: number; end: number; value: number }[] = [];
  for (const m of text.matchAll(NUMBERED)) {
    const n = Number(m[1]);
    if (n >= 1 && n <= 50) found.push({ start: m.index, end: m.index + m[0].length, value: n - 1 });
  }
  return found;
}

function findNumbered(text: string, claims: NumberClaim[]): void {
  for (const { start, end, value } of numberedIn(text)) {
    if (!overlaps(claims, start, end)) claims.push({ start, end, slots: { ordinal: value } });
  }
}

/**
 * All number-bearing slots of a normalised utterance, in the order temperature → size → budget → numbered item.
 * @example
 * findNumbers('under €50, size m').map((c) => c.slots); // [{ size: 'M' }, { budget_max: 50, currency: 'EUR' }]
 */
export function findNumbers(normalized: string): NumberClaim[] {
  const claims: NumberClaim[] = [];
  const numeric = /[\d零一二两三四五六七八九十百千]/.test(normalized);
  if (numeric) findTemperatures(normalized, claims);
  if (numeric || /small|medium|large|xl|xs|码|size|\b[sml]\b/.test(normalized)) findSizes(normalized, claims);
  if (numeric) {
    findBudgets(normalized, claims);
    findNumbered(normalized, claims);
  }
  return claims.sort((a, b) => a.start - b.start);
}
