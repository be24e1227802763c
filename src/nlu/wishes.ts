/**
 * The wishes around a request that are not attributes of one catalogue piece: who the pieces are for (recipient, age,
 * age group: `audience.ts`), fit, coverage, length, whether a budget bounds each piece or the whole look, pieces the
 * shopper already owns, kinds of piece they have enough of, and the kind of piece named after "i need". English and
 * Chinese phrasings; the slot extractor merges what this module finds and lets it claim the lexicon mentions it
 * explains (so "my burgundy chinos" is not a search for chinos, and 晒黑 "to tan" is not the colour black). This is the
 * one place these constraints are read: the engine takes them from the parse.
 */

import { readAge, readRecipient, type SpanFn } from './audience.ts';
import type { Mention } from './matcher.ts';
import type { NluSlots, NluSpan } from './nlu-slots.ts';

/** What `readWishes` needs: the utterance, its lower-cased form (same offsets) and the lexicon mentions in order. */
export interface WishInput {
  text: string;
  normalized: string;
  mentions: readonly Mention[];
}

/** Slots and spans found, cue names for the classifier, and the mentions they explain. */
export interface Wishes {
  slots: NluSlots;
  spans: NluSpan[];
  cues: string[];
  /** Mentions that belong to a wish (an owned piece, a tan, a kind of piece not wanted) and are no plain slot. */
  consumed: Set<Mention>;
  /** The kind of piece named right after "i need" / "looking for" / 想要: the one wanted when several are named. */
  wanted?: string;
}

const FIT_PATTERNS: readonly [RegExp, string][] = [
  [/\bplus[- ]?(?:size|sized|sizes)\b|\bcurvy\b|\bbig and tall\b|\bextended siz|大码|加大码|加肥/u, 'plus'],
  [/\bpetite\b|小个子|娇小/u, 'petite'],
  [
    /\b(?:i'?m|im|i am|he'?s|she'?s|very|quite)\s+tall\b|\btall (?:sizes?|fit|guy|girl|woman|man|women|men)\b|高个子?/u,
    'tall',
  ],
];

const COVERAGE_PATTERNS: readonly [RegExp, string][] = [
  [
    /\b(?:hate|don'?t like|dont like|do not like|not|no|without|never|avoid)\s+(?:to\s+)?(?:show|showing|baring|bare|flashing)\s+(?:my\s+|off\s+my\s+)?arms\b|\bcover(?:s|ing)?\s+(?:up\s+)?(?:my\s+|the\s+)?(?:upper\s+)?arms\b|\barms covered\b|\b(?:don'?t|dont|do not|never|not|no)\s+(?:want\s+|like\s+)?(?:my\s+)?arms\s+(?:showing|out|on show|exposed|bare)\b|\b(?:no|not|nothing|never)\s+(?:too\s+)?sleeveless\b|遮(?:住)?(?:手臂|胳膊|手臂)|不(?:想)?露(?:手臂|胳膊)|不要无袖/u,
    'cover_arms',
  ],
  [/\bwith (?:sleeves|arms)\b|\b(?:has|have|having|got) sleeves\b|\bsleeved\b|有袖子?/u, 'sleeved'],
  [
    /\b(?:no|not|nothing|non|isn'?t|aren'?t|without|never|don'?t want(?: anything)?|anything but|hate)[- ](?:too |that |so |very |anything )?(?:see[- ]?(?:through|thru|trough)|sheer|transparent|mesh)\b|\bopaque\b|不(?:要|能|想)?透|别透|不透明/u,
    'not_see_through',
  ],
  [
    /\bmodest(?:y|ly)?\b|\b(?:not|no|nothing|isn'?t|never)\s+(?:too|to|that|so|very|overly)?\s*(?:revealing|reveling|skimpy|low[- ]cut|sexy|short|tight|showy)\b|\bcover(?:ed)?[- ]up\b|\bconservative\b|\bhijab(?:i)?\b|保守|不(?:要|想)?(?:太)?暴露|端庄/u,
    'modest',
  ],
  [
    /\b(?:hate|don'?t like|not|no|without|never)\s+(?:show|showing|baring|bare)\s+(?:my\s+)?legs\b|\bcover(?:s|ing)?\s+(?:my\s+)?legs\b|不(?:想)?露腿|遮腿/u,
    'cover_legs',
  ],
  [
    /\bhigh[- ]?neck(?:ed|line)?\b|\b(?:no|not|nothing)\s+(?:too\s+)?(?:low[- ]cut|plunging|cleavage)\b|高领/u,
    'high_neck',
  ],
  [
    /\b(?:sun|uv)[- ]?protect(?:ion|ive)?\b|\bupf\b|\bspf\b|\bsun[- ]?(?:proof|safe)\b|防晒|防紫外线|晒黑|怕晒/u,
    'sun_protection',
  ],
];

const MAY_NAME_RECIPIENT =
  /\b(?:my|our|for|to|gift|present|buy|get)\b|[老男女妈爸儿宝孩哥弟姐妹朋闺奶婆姥爷公同丈妻太]/u;
const MAY_NAME_AGE = /\d|岁|ties\b/u;
const MAY_NAME_FIT = /plus|curvy|tall|extended|petite|大码|加|小个|娇小|高个/u;
const MAY_NAME_COVERAGE =
  /arm|sleev|see|sheer|transp|mesh|opaque|modest|reveal|revel|skimp|low|sexy|short|tight|showy|cover|conserv|hijab|leg|neck|cleav|plung|sun|uv|upf|spf|透|保守|暴露|端庄|露|遮|袖|领|晒/u;

/** 晒黑 "to get a tan": its 黑 is no colour. */
const TAN = /晒黑/gu;

const TOTAL_BUDGET =
  /\b(?:in total|total|totals?|altogether|all together|all in|combined|overall|for (?:the )?(?:whole|entire|complete|full) (?:look|outfit|thing|set|lot|order)|for everything|for all of it)\b|总共|一共|总计|加起来|整套|总预算|全部/u;
const ITEM_BUDGET = /\b(?:each|per (?:item|piece)|apiece|a piece|per pc)\b|每件|每样|单件|一件/u;

const EN_LENGTH_WORDS: readonly [RegExp, string][] = [
  [/\b(?:maxi|floor[- ]length|full[- ]length|ankle[- ]length|longline|long[- ]line)\b/u, 'long'],
  [/\b(?:midi|knee[- ]length|mid[- ]length|calf[- ]length|below the knee)\b/u, 'midi'],
  [/\bmini\b|\bminis\b/u, 'short'],
  [/\bcropped\b/u, 'cropped'],
];
const ZH_LENGTH: readonly [RegExp, string][] = [
  [/中长|过膝|及膝/u, 'midi'],
  [/长款|加长|(?<!袖)长(?=的|一点|一些|些|[裙外大羽风靴])/u, 'long'],
  [/短款|(?<![袖裤简])短(?=的|一点|一些|些|[裙外])/u, 'short'],
  [/九分|及踝/u, 'ankle'],
];

/** "he has enough hoodies", "tired of jeans", 已经有很多卫衣: the kind of piece named next is not wanted. */
const ENOUGH_BEFORE =
  /(?:\b(?:has|have|got|had|own|owns)\s+(?:enough|plenty(?: of)?|too many|so many|lots of|loads of|a lot of|tons of|a million)|\b(?:tired|sick|bored) of(?: wearing)?|\benough|\bskip(?:\s+the)?|\bno more|\bdone with(?:\s+the)?)\s+(?:[\w'-]+\s+)?$|有(?:很多|太多|够多|好多|一堆)(?:的)?$|(?:不缺|够了)$/u;

/** "wait jeans?? … i need a dress": the kind of piece named after a wish word is the one wanted. */
const NEED_BEFORE =
  /\b(?:need|needs|want|wanna|looking for|look for|show me|get me|searching for)\s+(?:(?:a|an|some|the|new|another|a pair of|pair of)\s+)?(?:(?!to\b|it\b|them\b|that\b|this\b)[\w'-]+\s+){0,2}$|(?:想要|需要|想买|我要)(?:一)?[件条双套个]?[^，,。.？?！!]{0,4}$/u;

/** Owning: "my (burgundy) chinos", "i already have a black suit", 我有一条黑裤子, 我的黑色裤子 (up to two describing words). */
const OWN_BEFORE =
  /(?:\bmy|\b(?:i|i've|ive|we)\s+(?:already\s+|just\s+)?(?:have|own|got|bought)(?:\s+got)?(?:\s+(?:a|an|some|the|this|these|two|one|a pair of|pair of))?)\s+(?:[\w'-]+\s+){0,2}$|我(?:已经)?有(?:一)?[件条双套个身]?[^，,。.？?！!]{0,4}$|我的[^，,。.？?！!]{0,4}$/u;
/** Possessives that are no piece owned ("my size", "in my bag", 我的鞋码). */
const NOT_OWNED =
  /\bmy\s+(?:size|budget|style|data|profile|wishlist|order|basket|cart)\b|\b(?:in|into|to)\s+my\s+(?:bag|basket|cart)\b|\bshoe size\b|[鞋衣裤]码|尺码/u;

function kindOf(m: Mention): string | undefined {
  for (const kind of ['category', 'color', 'material', 'pattern'] as const) {
    if (m.entries.some((e) => e.kind === kind)) return kind;
  }
  return undefined;
}

function entryValue(m: Mention, kind: string): string | undefined {
  return m.entries.find((e) => e.kind === kind)?.value;
}

/**
 * Finds the wishes of one utterance.
 * @example
 * readWishes({ text, normalized: normalizeText(text), mentions }).slots;
 * // "beach wedding, plus size, hate showing my arms" → { fit: 'plus', coverage: ['cover_arms'] }
 */
export function readWishes(input: WishInput): Wishes {
  const { text, normalized, mentions } = input;
  const slots: NluSlots = {};
  const spans: NluSpan[] = [];
  const cues: string[] = [];
  const consumed = new Set<Mention>();
  const span = (slot: keyof NluSlots, value: unknown, start: number, end: number) =>
    spans.push({ slot, value, start, end, text: text.slice(start, end) });

  // Cheap keyword tests first: most utterances name no recipient, age, fit or coverage, and the full patterns are slow.
  if (MAY_NAME_RECIPIENT.test(normalized)) readRecipient(normalized, slots, span);
  if (MAY_NAME_AGE.test(normalized)) readAge(normalized, slots, span);
  for (const [pattern, value] of MAY_NAME_FIT.test(normalized) ? FIT_PATTERNS : []) {
    const m = pattern.exec(normalized);
    if (m && !slots.fit) {
      slots.fit = value;
      span('fit', value, m.index, m.index + m[0].length);
    }
  }
  for (const [pattern, value] of MAY_NAME_COVERAGE.test(normalized) ? COVERAGE_PATTERNS : []) {
    const m = pattern.exec(normalized);
    if (!m) continue;
    slots.coverage = [...(slots.coverage ?? []), value];
    span('coverage', value, m.index, m.index + m[0].length);
  }
  for (const m of normalized.matchAll(TAN)) {
    for (const mention of mentions)
      if (mention.start < m.index + m[0].length && mention.end > m.index) consumed.add(mention);
  }
  readLength(normalized, mentions, slots, span);
  readBudgetScope(normalized, slots, span);
  const wanted = readPieces(normalized, mentions, slots, span, consumed);
  readSize(normalized, slots, span);
  for (const key of Object.keys(slots)) cues.push(`wish:${key}`);
  return { slots, spans, cues, consumed, wanted };
}

function readLength(normalized: string, mentions: readonly Mention[], slots: NluSlots, span: SpanFn): void {
  for (const [pattern, value] of [...EN_LENGTH_WORDS, ...ZH_LENGTH]) {
    const m = pattern.exec(normalized);
    if (!m) continue;
    slots.length = value;
    span('length', value, m.index, m.index + m[0].length);
    return;
  }
  // "long"/"short" right before a kind of piece (not sleeves): "a long down jacket", "short dress", "longer ones".
  for (const m of normalized.matchAll(/\b(long|longer|short|shorter)\s+(?!sleeve|sleeves|sleeved)/gu)) {
    const after = m.index + m[0].length;
    // At most one describing word between ("a long down jacket"), so "how long is the dress" is no length.
    const next = mentions.find(
      (x) => x.start >= after && kindOf(x) === 'category' && /^(?:[a-z]+\s+)?$/u.test(normalized.slice(after, x.start)),
    );
    const one = /^(?:one|ones)\b/u.test(normalized.slice(after));
    if (!next && !one) continue;
    const [, word] = m;
    if (word === undefined) continue;
    const value = word.startsWith('long') ? 'long' : 'short';
    slots.length = value;
    span('length', value, m.index, m.index + word.length);
    return;
  }
}

function readBudgetScope(normalized: string, slots: NluSlots, span: SpanFn): void {
  if (!/\d|budget|预算|[百千]|块|元/u.test(normalized)) return;
  const total = TOTAL_BUDGET.exec(normalized);
  if (total) {
    slots.budget_scope = 'total';
    span('budget_scope', 'total', total.index, total.index + total[0].length);
    return;
  }
  const item = ITEM_BUDGET.exec(normalized);
  if (item && /\d|[百千]/u.test(normalized)) {
    slots.budget_scope = 'item';
    span('budget_scope', 'item', item.index, item.index + item[0].length);
  }
}

/**
 * Pieces owned and kinds of piece the shopper has enough of; claims their mentions. An owned piece is never the kind
 * searched for ("what goes with my black jeans" builds looks around the shopper's jeans; "i already have a black
 * suit, just need a shirt" looks for shirts). Returns the kind of piece named right after "i need" / "looking for".
 */
function readPieces(
  normalized: string,
  mentions: readonly Mention[],
  slots: NluSlots,
  span: SpanFn,
  consumed: Set<Mention>,
): string | undefined {
  let wanted: string | undefined;
  let wantedCount = 0;
  const ownedMentions: Mention[] = [];
  for (const m of mentions) {
    if (kindOf(m) !== 'category') continue;
    const category = entryValue(m, 'category');
    if (category === undefined) continue;
    const before = normalized.slice(Math.max(0, m.start - 48), m.start);
    if (ENOUGH_BEFORE.test(before)) {
      if (!slots.exclude_category?.includes(category))
        slots.exclude_category = [...(slots.exclude_category ?? []), category];
      span('exclude_category', category, m.start, m.end);
      consumed.add(m);
      continue;
    }
    const own = OWN_BEFORE.exec(before);
    if (!own || NOT_OWNED.test(normalized.slice(Math.max(0, m.start - 16), m.end + 6))) {
      wantedCount++;
      if (!wanted && NEED_BEFORE.test(before)) wanted = category;
      continue;
    }
    // The words between the possessive and the piece may only describe it (a colour, a material, a pattern).
    const from = m.start - before.length + own.index;
    const describing = mentions.filter((x) => x.end <= m.start && x.start >= from);
    if (describing.some((x) => !['color', 'material', 'pattern'].includes(kindOf(x) ?? ''))) {
      wantedCount++;
      continue;
    }
    const color = describing.map((x) => entryValue(x, 'color')).find(Boolean);
    slots.owned = [...(slots.owned ?? []), color ? { category, color } : { category }];
    span('owned', color ? { category, color } : { category }, describing[0]?.start ?? m.start, m.end);
    ownedMentions.push(m, ...describing);
  }
  // Next to another piece the owned one is no slot at all; alone it still tells the classifier a piece is named
  // (the slot builder then keeps it out of the kind searched for).
  if (wantedCount > 0) for (const m of ownedMentions) consumed.add(m);
  return wanted;
}

/** Sizes said the way shoppers say them: "i'm usually a M in shirts", "a 9 in shoes", "size medium". */
function readSize(normalized: string, slots: NluSlots, span: SpanFn): void {
  const m =
    /\b(?:i'?m|im|i am|i wear|wear|usually|normally|always|take|a|an)\s+(?:usually\s+|normally\s+|always\s+)?(?:an?\s+|size\s+)?(xxs|xs|s|m|l|xl|xxl|xxxl|[2-5]xl|\d{1,2}(?:\.5)?)\s+(?:in|for)\s+(?!the\b|a\b)/u.exec(
      normalized,
    ) ?? /\bsize\s+(small|medium|large|extra large)\b/u.exec(normalized);
  const size = m?.[1];
  if (!m || size === undefined) return;
  const words: Record<string, string> = { small: 'S', medium: 'M', large: 'L', 'extra large': 'XL' };
  const value = words[size] ?? size.toUpperCase();
  slots.size = value;
  const start = m.index + m[0].indexOf(size);
  span('size', value, start, start + size.length);
}
