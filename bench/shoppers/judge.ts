/**
 * Judges one bot reply of the shopper audit by machine-checkable expectations written from the audit's stated
 * reason for that reply (`bench/shoppers/expectations.json`). A reply is good-or-acceptable when every check
 * passes; the checks name what a shopper would notice (children's clothes for an adult, a question instead of an
 * answer, the same pieces after "cheaper", a piece the shopper never said they own …).
 */
import { articleTypesMatching, colorFamily } from '../../src/catalog/taxonomy.ts';
import type { Catalog, Item, Reply } from '../../src/types.ts';

/** Expectations for one reply. Every field is optional; an empty expectation only runs the checks made on every reply. */
export interface TurnExpectation {
  /** The audit's reason, shortened: what a good reply does here. */
  why: string;
  /** Intents a good reply may have. */
  intent?: string[];
  /** `pieces`: shows items or looks; `outfits`: shows looks; `nothing`: shows no piece. */
  shows?: 'pieces' | 'outfits' | 'nothing';
  /** A clarifying question is acceptable here (default: not). */
  ask?: boolean;
  /** Who the pieces are for: `adult` (no children's or baby items) or `child` (children's items only). */
  audience?: 'adult' | 'child';
  /** Department of every piece shown (unisex always passes). */
  gender?: 'men' | 'women';
  /** Article types, groups or coarse categories (`bottom`, `pants`, `hoodie`). */
  categories?: { some?: string[]; all?: string[]; none?: string[] };
  /** Colour families or colours. */
  colors?: { some?: string[]; all?: string[]; none?: string[] };
  /** EUR bound on every priced piece. */
  maxPrice?: number;
  /** EUR bound on each look's priced total (on each piece when no looks are shown). */
  lookMax?: number;
  /** The pieces shown differ from the previous reply's (at least half are new), or the reply says why not. */
  changed?: boolean;
  /** Case-insensitive regular expressions on the reply text. */
  text?: string;
  notText?: string;
  /** Case-insensitive regular expressions on pieces' names and descriptions: every piece, at least one, or none. */
  pieces?: { some?: string; all?: string; none?: string };
}

/** What the judge knows about the conversation so far. */
export interface JudgeContext {
  catalog: Catalog;
  /** The previous reply of this conversation, if any. */
  previous?: Reply;
  /** The shopper's messages so far, this one last. */
  said: readonly string[];
  /** Regular expressions matching the bot's clarifying questions (from its templates). */
  questions: readonly RegExp[];
}

/** One failed check: its name and what was seen. */
export interface Failure {
  check: string;
  detail: string;
}

/** The bot offering its own internal actions as a choice ("…or change the last search?"). */
const INTERNAL_CHOICE =
  /(put an outfit together|find a specific item|change the last search|answer a question about an item|remember a preference|tell you what's trending|save an item|explain my picks|suggest ideas|compare items|帮你搭配一套|找一件具体的单品|调整上一次的搜索|告诉你现在流行什么|回答关于某件单品的问题|记住你的偏好|比较几件单品|收藏一件单品|解释我为什么这样选|给你一些灵感)/i;
/** The bot calling a piece the shopper's own. */
const CLAIMS_OWNED = /\bwith your\b|\baround your\b|搭配你的|配你的/i;
/** The shopper saying they own something. */
const SAYS_OWNED = /\b(my|i have|i own|i've got|ive got|already have)\b|我有|我的/i;
/** The reply saying why it could not change the answer the way asked. */
const SAYS_WHY_NOT =
  /already (the|as)|cheapest|nothing (cheaper|warmer|else|new|more)|no (more|other|cheaper|warmer)|can't|cannot|couldn't|没有更|已经是/i;

const KIDS = new Set(['kids', 'boys', 'girls']);

/** Every piece a reply shows, looks first, without repeats, resolved in the catalogue. */
export function piecesShown(reply: Reply, catalog: Catalog): Item[] {
  const ids = [...reply.outfits.flatMap((o) => o.items.map((i) => i.id)), ...reply.items.map((i) => i.id)];
  return [...new Set(ids)].map((id) => catalog.get(id)).filter((item): item is Item => item !== undefined);
}

/** Whether an item is of one of the named article types, groups or categories. */
function isOf(item: Item, names: readonly string[]): boolean {
  return names.some((name) => name === item.category || articleTypesMatching(name).includes(item.articleType));
}

function hasColor(item: Item, names: readonly string[]): boolean {
  return item.colors.some((c) => names.some((n) => c === n || colorFamily(c) === n));
}

const short = (items: readonly Item[]) =>
  items
    .slice(0, 3)
    .map((i) => `${i.name} (${i.articleType}, ${i.gender}, ${i.colors[0] ?? '?'})`)
    .join('; ');

/** Whether the reply is one of the bot's clarifying questions. */
export function isQuestion(reply: Reply, questions: readonly RegExp[]): boolean {
  if (reply.items.length > 0 || reply.outfits.length > 0) return false;
  const text = reply.text.trim();
  return questions.some((q) => q.test(text));
}

/** What every check reads: the reply, the pieces it shows, the expectation, the conversation, and where to fail. */
interface Check {
  reply: Reply;
  pieces: readonly Item[];
  expected: TurnExpectation;
  context: JudgeContext;
  fail: (check: string, detail: string) => void;
}

/** The checks made on every reply: no internal choice, no unwanted question, no invented piece, no repeats. */
function checkEveryReply({ reply, expected, context, fail }: Check): void {
  const question = isQuestion(reply, context.questions);
  if (question && INTERNAL_CHOICE.test(reply.text)) fail('internal-choice', reply.text.slice(0, 100));
  if (question && !expected.ask) fail('no-question', reply.text.slice(0, 100));
  if (CLAIMS_OWNED.test(reply.text) && !context.said.some((m) => SAYS_OWNED.test(m)))
    fail('invented-owned', /.{0,30}(with your|around your|搭配你的|配你的).{0,30}/i.exec(reply.text)?.[0] ?? '');
  // A piece in every look is the anchor the looks are built around; any other piece may appear in one look only.
  const looksWith = new Map<string, number>();
  for (const look of reply.outfits)
    for (const piece of look.items) looksWith.set(piece.id, (looksWith.get(piece.id) ?? 0) + 1);
  const repeated = [...looksWith].filter(([, n]) => n > 1 && n < reply.outfits.length);
  if (repeated.length > 0 || (reply.outfits.length === 2 && [...looksWith.values()].some((n) => n > 1)))
    fail('piece-in-two-looks', repeated.map(([id]) => id).join(', '));
}

/** The intent, what is shown, and who it is for. */
function checkWhatIsShown({ reply, pieces, expected, fail }: Check): void {
  if (expected.intent && !expected.intent.includes(reply.intent)) fail('intent', reply.intent);
  if (expected.shows === 'pieces' && pieces.length === 0) fail('shows-pieces', reply.text.slice(0, 100));
  if (expected.shows === 'outfits' && reply.outfits.length === 0) fail('shows-outfits', reply.text.slice(0, 100));
  if (expected.shows === 'nothing' && pieces.length > 0) fail('shows-nothing', short(pieces));
  const kids = pieces.filter((i) => KIDS.has(i.gender));
  if (expected.audience === 'adult' && kids.length > 0) fail('adult-items', short(kids));
  const adults = pieces.filter((i) => !KIDS.has(i.gender) && i.gender !== 'unisex');
  if (expected.audience === 'child' && adults.length > 0) fail('child-items', short(adults));
  const other = pieces.filter((i) => i.gender !== expected.gender && i.gender !== 'unisex');
  if (expected.gender && other.length > 0) fail('gender', short(other));
}

/** Some / all / none of the pieces match a rule (`categories-some`, `colors-none` …). */
function checkSet<T>(
  name: string,
  rule: { some?: T; all?: T; none?: T } | undefined,
  { pieces, fail }: Check,
  matches: (item: Item, value: T) => boolean,
): void {
  const { some, all, none } = rule ?? {};
  if (some !== undefined && pieces.length > 0 && !pieces.some((i) => matches(i, some)))
    fail(`${name}-some`, short(pieces));
  const notAll = all === undefined ? [] : pieces.filter((i) => !matches(i, all));
  if (notAll.length > 0) fail(`${name}-all`, short(notAll));
  const hits = none === undefined ? [] : pieces.filter((i) => matches(i, none));
  if (hits.length > 0) fail(`${name}-none`, short(hits));
}

/** The bound on every piece, and on each look's total. */
function checkPrices({ reply, pieces, expected, context, fail }: Check): void {
  const { maxPrice, lookMax } = expected;
  if (maxPrice !== undefined) {
    const dear = pieces.filter((i) => i.price !== undefined && i.price > maxPrice);
    if (dear.length > 0) fail('max-price', dear.map((i) => `${i.name} €${i.price}`).join('; '));
  }
  if (lookMax === undefined) return;
  const totals =
    reply.outfits.length > 0
      ? reply.outfits.map((o) => o.items.reduce((sum, piece) => sum + (context.catalog.get(piece.id)?.price ?? 0), 0))
      : pieces.map((i) => i.price ?? 0);
  const over = totals.filter((t) => t > lookMax + 0.005);
  if (over.length > 0) fail('look-max', over.map((t) => `€${t.toFixed(2)}`).join(', '));
}

/** At least half the pieces (or looks) are new since the previous reply, or the reply says why not. */
function checkChanged({ reply, pieces, context, fail }: Check): void {
  // Looks are compared whole (a look with the same pieces is the same look); single pieces one by one.
  const lookKey = (o: Reply['outfits'][number]) =>
    o.items
      .map((i) => i.id)
      .sort()
      .join(' ');
  const before = context.previous;
  let fresh: number;
  let total: number;
  if (before && before.outfits.length > 0 && reply.outfits.length > 0) {
    const old = new Set(before.outfits.map(lookKey));
    fresh = reply.outfits.filter((o) => !old.has(lookKey(o))).length;
    total = reply.outfits.length;
  } else {
    const old = new Set(before ? piecesShown(before, context.catalog).map((i) => i.id) : []);
    fresh = pieces.filter((i) => !old.has(i.id)).length;
    total = pieces.length;
  }
  const changed = total > 0 && fresh > total / 2;
  if (!changed && !SAYS_WHY_NOT.test(reply.text)) fail('changed', `${fresh}/${total} new`);
}

/** What the reply's text must and must not say. */
function checkText({ reply, expected, fail }: Check): void {
  if (expected.text && !new RegExp(expected.text, 'i').test(reply.text)) fail('text', reply.text.slice(0, 120));
  const hit = expected.notText ? new RegExp(expected.notText, 'i').exec(reply.text) : null;
  if (hit) fail('not-text', hit[0]);
}

const described = (i: Item) => `${i.name} ${i.description ?? ''}`;

/** Checks one reply; an empty list means good or acceptable. */
export function judgeReply(reply: Reply, expected: TurnExpectation, context: JudgeContext): Failure[] {
  const failures: Failure[] = [];
  const check: Check = {
    reply,
    pieces: piecesShown(reply, context.catalog),
    expected,
    context,
    fail: (name, detail) => failures.push({ check: name, detail }),
  };
  checkEveryReply(check);
  checkWhatIsShown(check);
  checkSet('categories', expected.categories, check, isOf);
  checkSet('colors', expected.colors, check, hasColor);
  checkPrices(check);
  if (expected.changed) checkChanged(check);
  checkText(check);
  checkSet('pieces', expected.pieces, check, (item, pattern: string) => new RegExp(pattern, 'i').test(described(item)));
  return failures;
}
