/**
 * Who the pieces are for: someone else named by relation ("for my bf", 给老公, "a gift for him"), ages ("6yo", "im
 * 24", "in her fifties", 五十多岁) and the age group, and the department these imply once every slot is known (a
 * first-person "girl" is a woman; "kids clothes?? im 24" is a complaint, not a department).
 */

import type { NluSlots } from './nlu-slots.ts';
import { readNumber } from './numbers.ts';

/** Records a slot value with its span (`wishes.ts` collects them). */
export type SpanFn = (slot: keyof NluSlots, value: unknown, start: number, end: number) => void;

/** Relation words → canonical recipient. */
const EN_RELATIONS: Readonly<Record<string, string>> = {
  bf: 'boyfriend',
  boyfriend: 'boyfriend',
  gf: 'girlfriend',
  girlfriend: 'girlfriend',
  husband: 'husband',
  hubby: 'husband',
  wife: 'wife',
  wifey: 'wife',
  mom: 'mother',
  mum: 'mother',
  mother: 'mother',
  mommy: 'mother',
  mummy: 'mother',
  mama: 'mother',
  dad: 'father',
  father: 'father',
  daddy: 'father',
  papa: 'father',
  son: 'son',
  daughter: 'daughter',
  kid: 'child',
  kids: 'child',
  child: 'child',
  children: 'child',
  baby: 'baby',
  toddler: 'baby',
  newborn: 'baby',
  brother: 'brother',
  bro: 'brother',
  sister: 'sister',
  sis: 'sister',
  friend: 'friend',
  bestie: 'friend',
  bff: 'friend',
  grandma: 'grandmother',
  granny: 'grandmother',
  grandmother: 'grandmother',
  grandpa: 'grandfather',
  grandfather: 'grandfather',
  partner: 'partner',
  fiance: 'partner',
  fiancé: 'partner',
  fiancee: 'partner',
  fiancée: 'partner',
  nephew: 'nephew',
  niece: 'niece',
  boss: 'colleague',
  colleague: 'colleague',
  coworker: 'colleague',
};

const ZH_RELATIONS: readonly [RegExp, string][] = [
  [/老公|丈夫/, 'husband'],
  [/老婆|妻子|太太/, 'wife'],
  [/男朋友|男友(?!风)/, 'boyfriend'],
  [/女朋友|女友/, 'girlfriend'],
  [/妈妈|母亲|老妈|(?:给|送|帮)我?妈/, 'mother'],
  [/爸爸|父亲|老爸|(?:给|送|帮)我?爸/, 'father'],
  [/儿子/, 'son'],
  [/女儿/, 'daughter'],
  [/宝宝|婴儿/, 'baby'],
  [/孩子|小孩/, 'child'],
  [/哥哥|弟弟/, 'brother'],
  [/姐姐|妹妹/, 'sister'],
  [/闺蜜|朋友/, 'friend'],
  [/奶奶|外婆|姥姥/, 'grandmother'],
  [/爷爷|外公|姥爷/, 'grandfather'],
  [/同事|老板/, 'colleague'],
];

const RELATION_WORDS = Object.keys(EN_RELATIONS).join('|');
const EN_RECIPIENT = new RegExp(
  String.raw`\b(?:my|our|for (?:a|my|our|the)|to (?:a|my)|gift for|present for)\s+(?:(?:little|baby|big|older|younger|best|new|twin|teenage|teen)\s+)?(${RELATION_WORDS})s?\b(?!'s)`,
  'u',
);

const MEN_RECIPIENTS = new Set(['boyfriend', 'husband', 'father', 'brother', 'grandfather', 'nephew']);
const WOMEN_RECIPIENTS = new Set(['girlfriend', 'wife', 'mother', 'sister', 'grandmother', 'niece']);

const DECADES: Readonly<Record<string, number>> = {
  twenties: 20,
  thirties: 30,
  forties: 40,
  fifties: 50,
  sixties: 60,
  seventies: 70,
  eighties: 80,
};

/** Ages: "6 year old", "6yo", "i'm 24", "female, 28", "my daughter, 6", "in her fifties", "6岁", "五十多岁". */
const AGE_PATTERNS: readonly RegExp[] = [
  /\b(\d{1,2})\s*-?\s*(?:yo|y\/o|y\.o\.?|yrs?(?:\s+old)?|years?(?:[- ]old)?|year-olds?)\b/u,
  /\b(?:i'?m|i am|she'?s|he'?s|she is|he is|turning|aged?)\s+(\d{1,2})\b(?!\s*(?:cm|kg|€|eur|euros?|\$|%|lbs?|kilos?|ft|feet|foot|in\b|inch|degrees|°|k\b|[.,]\d|\/|'))/u,
  new RegExp(
    String.raw`\b(?:female|male|woman|man|guy|girl|boy|lady|dude|${RELATION_WORDS})\s*(?:,|is|who is|who's)\s*(\d{1,2})\b(?!\s*(?:cm|kg|€|eur|\$|%|degrees|°))`,
    'u',
  ),
  /\bin (?:her|his|my|their) (\d0)'?s\b/u,
  /(\d{1,2})\s*(?:周岁|岁)/u,
  /([一二两三四五六七八九十]+)(?:多)?(?:周岁|岁)/u,
];

/** First-person "girl"/"boy" and adult words: an adult whatever the catalogue's kids' labels say. */
const FIRST_PERSON_YOUNG =
  /\b(?:i'?m|im|i am|as)\s+(?:a|an)\s+(?:[\w'-]+\s+){0,3}?(?:girl|gril|gurl|boy)\b|\b(?:girl|boy) here\b/u;
const TEEN_WORDS = /\b(?:teen|teens|teenager|teenage|adolescent)\b|青少年|中学生/u;
const CHILD_WORDS = /\b(?:kid|kids|child|children|toddler)\b|儿童|童装|小孩|孩子/u;
const BABY_WORDS = /\b(?:baby|babies|infant|newborn)\b|婴儿|宝宝/u;

function ageGroupOf(age: number): NonNullable<NluSlots['age_group']> {
  if (age < 3) return 'baby';
  if (age < 13) return 'child';
  if (age < 18) return 'teen';
  return 'adult';
}

/** The recipient named in an utterance, if any (lower-cased text). */
export function readRecipient(normalized: string, slots: NluSlots, span: SpanFn): void {
  const en = EN_RECIPIENT.exec(normalized);
  const word = en?.[1];
  if (en && word) {
    slots.recipient = EN_RELATIONS[word];
    const start = en.index + en[0].lastIndexOf(word);
    span('recipient', slots.recipient, start, start + word.length);
    return;
  }
  // "a gift for him", "buy her something": someone else, relation unknown ("for her birthday" is no recipient).
  const pronoun =
    /\b(?:for|buy|get|gift|present)\s+(him|her|them)\b(?=\s*(?:$|[,.!?;]|something|smth|a\b|an\b|some\b|pls|please|under|for\b|who\b|that\b|he\b|she\b))/u.exec(
      normalized,
    );
  const who = pronoun?.[1];
  if (pronoun && who) {
    slots.recipient = 'someone';
    const start = pronoun.index + pronoun[0].length - who.length;
    span('recipient', 'someone', start, start + who.length);
    return;
  }
  for (const [pattern, value] of ZH_RELATIONS) {
    const m = pattern.exec(normalized);
    if (!m) continue;
    slots.recipient = value;
    span('recipient', value, m.index, m.index + m[0].length);
    return;
  }
}

/** The age stated in an utterance, if any (lower-cased text). */
export function readAge(normalized: string, slots: NluSlots, span: SpanFn): void {
  for (const pattern of AGE_PATTERNS) {
    const m = pattern.exec(normalized);
    if (!m) continue;
    const [, raw] = m;
    if (raw === undefined) continue;
    const decade = DECADES[raw];
    const age = decade ?? (/^\d0$/.test(raw) && /\d0'?s\b/.test(m[0]) ? Number(raw) : readNumber(raw));
    if (age === undefined || age < 0 || age > 110) continue;
    slots.age = age;
    span('age', age, m.index, m.index + m[0].length);
    break;
  }
  const decadeWord = /\bin (?:her|his|my|their) (twenties|thirties|forties|fifties|sixties|seventies|eighties)\b/u.exec(
    normalized,
  );
  const decade = decadeWord?.[1];
  const decadeAge = decade === undefined ? undefined : DECADES[decade];
  if (slots.age === undefined && decadeWord && decadeAge !== undefined) {
    slots.age = decadeAge;
    span('age', slots.age, decadeWord.index, decadeWord.index + decadeWord[0].length);
  }
}

/**
 * Settles who the pieces are for once every slot is known: a first-person "girl" or an adult age is a woman (the
 * catalogue's girls' department is for children), a recipient gives the department when none is named, and ages and
 * age words give the age group (a department word alone says nothing more than the department).
 * @example
 * settleAudience({ gender: 'girls' }, "im a gril"); // { gender: 'women', age_group: 'adult' }
 */
export function settleAudience(slots: NluSlots, normalized: string): void {
  const young = slots.gender === 'girls' || slots.gender === 'boys';
  const recipient = slots.recipient;
  const childRecipient =
    recipient === 'son' || recipient === 'daughter' || recipient === 'child' || recipient === 'baby';
  if (slots.age !== undefined) slots.age_group = ageGroupOf(slots.age);
  else if (FIRST_PERSON_YOUNG.test(normalized) && !childRecipient) slots.age_group = 'adult';
  else if (BABY_WORDS.test(normalized) || recipient === 'baby') slots.age_group = 'baby';
  else if (CHILD_WORDS.test(normalized) || recipient === 'child') slots.age_group = 'child';
  else if (TEEN_WORDS.test(normalized)) slots.age_group = 'teen';
  if (young && (slots.age_group === 'adult' || slots.age_group === 'teen')) {
    slots.gender = slots.gender === 'girls' ? 'women' : 'men';
  }
  // "these are kids clothes?? im 24": a complaint about the department, not a wish for it.
  if (slots.gender === 'kids' && slots.age_group === 'adult') delete slots.gender;
  if (!slots.gender && recipient) {
    if (MEN_RECIPIENTS.has(recipient)) slots.gender = 'men';
    else if (WOMEN_RECIPIENTS.has(recipient)) slots.gender = 'women';
  }
}
