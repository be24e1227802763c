/**
 * The slot extractor: lexicon mentions + number patterns → canonical slots with spans, handling negation
 * ("no yellow", "anything but black", "not too formal"), references ("the second one", "the blue one", "it")
 * and spelling mistakes ("blak hoodie").
 */
import { type Language, type Reference, type Slots, type Tone, WISH_SLOT_KEYS } from '../types.ts';
import { settleAudience } from './audience.ts';
import { readDialogueActs } from './dialogue-acts.ts';
import { CHAT_SPELLINGS, CONTENT_PRIORITY, type LexEntry, type LexKind } from './lexicon.ts';
import { type Mention, matchChinese, matchEnglish, type SpellingCorrector } from './matcher.ts';
import type { NluSlots, NluSpan } from './nlu-slots.ts';
import { conditionFor, findNumbers, type NumberClaim } from './numbers.ts';
import type { PairingPhrases } from './pairing.ts';
import { paletteColors } from './palettes.ts';
import { detectLanguage, hasCjk, normalizeText, type Token, tokenize } from './text.ts';
import { readWishes, type Wishes } from './wishes.ts';

export type { NluSlots, NluSpan } from './nlu-slots.ts';

/** Everything the extractor found, also used by the intent classifier as features. */
export interface Extraction {
  slots: NluSlots;
  spans: NluSpan[];
  language: Language;
  tokens: Token[];
  /** Token forms after spelling correction (English words), in token order. */
  forms: string[];
  /** Cue words seen, for classifier features (`neg`, `request:price`, `ordinal`, …). */
  cues: string[];
  /** The phrases of a pairing question ("what shoes go with a navy suit"), which the parser reads as a slot. */
  pairing?: PairingPhrases;
}

/** Slots of words that describe a piece: a negation before them is not about the piece. */
const MODIFIER_SLOTS: ReadonlySet<string> = new Set([
  'color',
  'exclude_color',
  'material',
  'exclude_material',
  'pattern',
]);

/** Occasions that are a setting rather than an event: a later event named with them wins ("beach wedding"). */
const SETTINGS: ReadonlySet<string> = new Set(['beach', 'casual', 'travel', 'everyday', 'outdoor', 'vacation']);

const SCOPE_BREAK = new Set(['.', ';', '!', '?', ',', 'but', 'though', 'however', 'instead', 'rather', 'just', 'only']);
const SCOPE_BREAK_ZH = /[,.;!?。；！？但可只]/;
const NOT_AN_ORDINAL_AFTER = new Set([
  'time',
  'times',
  'week',
  'year',
  'month',
  'night',
  'day',
  'weekend',
  'season',
  'minute',
  'thing',
  'impression',
  'of',
  'place',
  'summer',
  'winter',
  'spring',
  'autumn',
  'fall',
]);

function contentEntry(m: Mention): LexEntry | undefined {
  for (const kind of CONTENT_PRIORITY) {
    const entry = m.entries.find((e) => e.kind === kind);
    if (entry) return entry;
  }
  return undefined;
}

function entryOf(m: Mention, kind: LexKind): LexEntry | undefined {
  return m.entries.find((e) => e.kind === kind);
}

function pushUnique<T>(list: T[] | undefined, value: T): T[] {
  const out = list ?? [];
  if (!out.includes(value)) out.push(value);
  return out;
}

const BRAND_AFTER =
  /\b(?:from|by|brand(?:ed)?|made by|make)\s+(?:the brand\s+|brand\s+)?((?:[A-Z0-9][\w&'.-]*)(?:\s+(?:&\s+)?(?:[A-Z0-9][\w&'.-]*|&))*)/g;
const NOT_BRANDS =
  /^(?:I|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|Christmas|Easter|Europe|Asia|Africa|London|Paris|Tomorrow|Today|Then)$/;

/**
 * Words that are garments or occasions as nouns but verbs in context: "dress me for the rain", "I mostly dress for the
 * office", "does it work for you", "nice work". `prev`: words right before that make it a verb; `next`: words right
 * after that do.
 */
const VERB_USES: Readonly<Record<string, { prev: ReadonlySet<string>; next: ReadonlySet<string> }>> = {
  dress: {
    prev: new Set(
      "i you we they to how should can could would will i'd i'll mostly usually always never often generally normally typically also just please".split(
        ' ',
      ),
    ),
    next: new Set('me him her us them myself yourself up down better well smarter smart more'.split(' ')),
  },
  work: {
    prev: new Set(
      "does do did doesn't don't didn't will would won't wouldn't can can't could might should it that this they these those nice good great how".split(
        ' ',
      ),
    ),
    next: new Set('best well out better exactly'.split(' ')),
  },
  suit: {
    prev: new Set(
      "it that this these those they would will does do doesn't don't won't might may to colours".split(' '),
    ),
    next: new Set('me him her us them my'.split(' ')),
  },
};

/** "where's the …", "where are the …": what follows is missing from the answer, not a piece shown. */
const WHERE_BEFORE = /\bwhere(?:'s|s| is| are)\s*$/i;

const PREPOSITIONS: ReadonlySet<string> = new Set(['for', 'to', 'at', 'from', 'after', 'before', 'of']);

function isVerbUse(m: Mention, forms: readonly string[]): boolean {
  if (m.firstToken < 0 || m.lastToken !== m.firstToken + 1) return false;
  const rule = VERB_USES[forms[m.firstToken]!];
  if (!rule) return false;
  const prev = forms[m.firstToken - 1];
  const next = forms[m.lastToken];
  // "how do rockets work", "how does this work?": a closing verb after a "how" question.
  if (forms[0] === 'how' && (next === undefined || next === '?') && !PREPOSITIONS.has(prev ?? '')) return true;
  // "how the recommendations work", "do the buttons work": a plural subject before the verb.
  if (forms[m.firstToken] === 'work' && prev !== undefined && prev.length > 3 && prev.endsWith('s')) return true;
  return (prev !== undefined && rule.prev.has(prev)) || (next !== undefined && rule.next.has(next));
}

/**
 * Extracts slots and spans from one utterance.
 * @example
 * extractSlots('no yellow, a blak hoodie under €50', corrector).slots;
 * // { exclude_color: ['yellow'], color: ['black'], category: 'hoodie', budget_max: 50, currency: 'EUR' }
 */
export function extractSlots(text: string, corrector: SpellingCorrector): Extraction {
  const normalized = normalizeText(text);
  const language = detectLanguage(text);
  const tokens = tokenize(normalized);
  const forms: string[] = [];
  const corrected: boolean[] = [];
  for (const token of tokens) {
    const fixed = token.kind === 'word' ? (CHAT_SPELLINGS.get(token.norm) ?? corrector.correct(token.norm)) : undefined;
    forms.push(fixed ?? token.norm);
    corrected.push(fixed !== undefined);
  }
  const claims = findNumbers(normalized);
  let mentions = matchEnglish(text, tokens, forms, corrected);
  if (hasCjk(normalized)) {
    const zh = matchChinese(text, normalized);
    mentions = mentions.filter((m) => !zh.some((z) => m.start < z.end && m.end > z.start));
    mentions = [...mentions, ...zh].sort((a, b) => a.start - b.start);
  }
  mentions = mentions.filter(
    (m) =>
      !claims.some((c) => m.start < c.end && m.end > c.start) &&
      !m.entries.some((e) => e.kind === 'stop') &&
      !isVerbUse(m, forms),
  );
  const wishes = readWishes({ text, normalized, mentions });
  mentions = mentions.filter((m) => !wishes.consumed.has(m));
  const builder = new SlotBuilder(text, tokens, forms);
  builder.addNumbers(claims);
  builder.addMentions(mentions);
  builder.addBrands();
  builder.addWishes(wishes);
  builder.dropOwned();
  builder.preferWanted(wishes.wanted);
  settleAudience(builder.slots, normalized);
  const known = (word: string) => corrector.isKnown(word);
  const acts = readDialogueActs({ text, normalized, tokens, slots: builder.slots, known });
  Object.assign(builder.slots, acts.acts);
  builder.spans.push(...acts.spans);
  const extraction: Extraction = {
    slots: builder.slots,
    spans: builder.spans,
    language,
    tokens,
    forms,
    cues: builder.cues,
  };
  if (acts.pairing) extraction.pairing = acts.pairing;
  return extraction;
}

class SlotBuilder {
  readonly slots: NluSlots = {};
  readonly spans: NluSpan[] = [];
  readonly cues: string[] = [];

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
    private readonly forms: readonly string[],
  ) {}

  private span(slot: keyof NluSlots, value: unknown, start: number, end: number): void {
    this.spans.push({ slot, value, start, end, text: this.text.slice(start, end) });
  }

  addNumbers(claims: readonly NumberClaim[]): void {
    for (const claim of claims) {
      const { slots } = claim;
      if (slots.temperatureC !== undefined) {
        this.slots.weather = { temperatureC: slots.temperatureC, condition: conditionFor(slots.temperatureC) };
        this.span('weather', this.slots.weather, claim.start, claim.end);
        this.cues.push('temperature');
      }
      if (slots.size !== undefined) {
        this.slots.size = slots.size;
        this.span('size', slots.size, claim.start, claim.end);
        this.cues.push('size');
      }
      if (slots.budget_max !== undefined || slots.budget_min !== undefined) {
        if (slots.budget_max !== undefined) {
          this.slots.budget_max = slots.budget_max;
          this.span('budget_max', slots.budget_max, claim.start, claim.end);
        }
        if (slots.budget_min !== undefined) {
          this.slots.budget_min = slots.budget_min;
          this.span('budget_min', slots.budget_min, claim.start, claim.end);
        }
        const currency = slots.currency ?? (detectLanguage(this.text) === 'zh' ? 'CNY' : 'EUR');
        this.slots.currency = currency;
        this.span('currency', currency, claim.start, claim.end);
        this.cues.push('budget');
      }
      if (slots.ordinal !== undefined && !this.slots.reference) {
        this.slots.reference = { kind: 'ordinal', index: slots.ordinal };
        this.span('reference', this.slots.reference, claim.start, claim.end);
        this.cues.push('ref:ordinal');
      }
    }
  }

  /** The next token index after a mention (English), or -1. */
  private nextForm(m: Mention): string | undefined {
    return m.lastToken >= 0 ? this.forms[m.lastToken] : undefined;
  }

  private adjacent(a: Mention, b: Mention): boolean {
    if (a.lastToken >= 0 && b.firstToken >= 0) return b.firstToken === a.lastToken;
    const gap = this.text.slice(a.end, b.start);
    return /^[\s的]{0,2}$/.test(gap);
  }

  /** Whether only "and" / commas stand between two English mentions. */
  private joinedByAnd(a: Mention, b: Mention): boolean {
    if (a.lastToken < 0 || b.firstToken < 0 || b.firstToken <= a.lastToken) return false;
    const gap = this.forms.slice(a.lastToken, b.firstToken);
    return gap.length <= 2 && gap.every((f) => f === 'and' || f === ',' || f === '&');
  }

  /** Whether negation starting at `neg` still covers mention `m`. */
  private inScope(neg: Mention, m: Mention): boolean {
    if (neg.lastToken >= 0 && m.firstToken >= 0) {
      if (m.firstToken - neg.lastToken > 5) return false;
      for (let k = neg.lastToken; k < m.firstToken; k++) if (SCOPE_BREAK.has(this.forms[k]!)) return false;
      return true;
    }
    const gap = this.text.slice(neg.end, m.start);
    return gap.length <= 6 && !SCOPE_BREAK_ZH.test(gap);
  }

  /** The last negation seen by `addMentions`, for `negationAdjacent`. */
  private negation: Mention | undefined;

  /** Whether the current negation ends at most one word (two Chinese characters) before mention `m`. */
  private negationAdjacent(m: Mention): boolean {
    const neg = this.negation;
    if (!neg) return false;
    // "no yellow jeans": the negation is about the colour that describes the piece, not the piece.
    const describes = this.spans.some((s) => MODIFIER_SLOTS.has(s.slot) && s.start >= neg.start && s.end <= m.start);
    if (describes) return false;
    if (neg.lastToken >= 0 && m.firstToken >= 0) {
      const gap = this.forms.slice(neg.lastToken, m.firstToken);
      return gap.length <= 1 && gap.every((f) => /^[a-z]+$/.test(f) && f !== 'sure');
    }
    return m.start - neg.end <= 2 && !SCOPE_BREAK_ZH.test(this.text.slice(neg.end, m.start));
  }

  /** Merges the wishes found by `readWishes` (recipient, age, fit, coverage, length, budget scope, owned pieces). */
  addWishes(wishes: Wishes): void {
    const s = this.slots as Record<string, unknown>;
    for (const [key, value] of Object.entries(wishes.slots)) {
      if (Array.isArray(value)) {
        const list = (s[key] as unknown[] | undefined) ?? [];
        for (const v of value) if (!list.some((x) => JSON.stringify(x) === JSON.stringify(v))) list.push(v);
        s[key] = list;
      } else if (s[key] === undefined) s[key] = value;
    }
    this.spans.push(...wishes.spans);
    this.cues.push(...wishes.cues);
  }

  /** A piece the shopper owns is not what they are shopping for ("what goes with my burgundy chinos"). */
  dropOwned(): void {
    const s = this.slots;
    const own = s.owned?.find((piece) => piece.category === s.category);
    if (!own) return;
    delete s.category;
    if (own.color && s.color?.length === 1 && s.color[0] === own.color) delete s.color;
  }

  /** "wait jeans?? … i need a dress": the kind of piece named after a wish word replaces one named earlier. */
  preferWanted(wanted: string | undefined): void {
    const s = this.slots;
    if (!wanted || s.category === undefined || s.category === wanted || s.exclude_category?.includes(wanted)) return;
    s.category = wanted;
    for (let i = this.spans.length - 1; i >= 0; i--) {
      const span = this.spans[i]!;
      if (span.slot === 'category' && span.value !== wanted) this.spans.splice(i, 1);
    }
  }

  addMentions(mentions: readonly Mention[]): void {
    const consumed = new Set<Mention>();
    this.findReferences(mentions, consumed);
    let negation: Mention | undefined;
    for (const m of mentions) {
      if (consumed.has(m)) continue;
      if (entryOf(m, 'negation')) {
        negation = m;
        this.negation = m;
        this.cues.push('neg');
        continue;
      }
      const negated = negation !== undefined && this.inScope(negation, m);
      const content = contentEntry(m);
      if (content) this.addContent(content, m, negated);
      // "cargo pants", 羽绒服, "flannel shirt": a kind of piece that also names a detail of it.
      const detail = content?.kind === 'detail' ? undefined : entryOf(m, 'detail');
      if (detail) this.addContent(detail, m, negated);
      for (const entry of m.entries) this.addCue(entry, m, negated);
      if (negated && negation && content)
        negation = m.lastToken >= 0 ? { ...negation, lastToken: m.lastToken } : negation;
      this.negation = negation;
    }
  }

  private addContent(entry: LexEntry, m: Mention, negated: boolean): void {
    const { value } = entry;
    const s = this.slots;
    switch (entry.kind) {
      case 'category':
        if (negated) {
          // Only a negation right before the piece rejects it ("no jeans", "not a dress", 不要裙子); a distant one
          // is about something else ("not sure which dress").
          if (!this.negationAdjacent(m) || /\bwhy\s+not\s*$/i.test(this.text.slice(0, m.start))) return;
          s.exclude_category = pushUnique(s.exclude_category, value);
          this.span('exclude_category', value, m.start, m.end);
          break;
        }
        s.category ??= value;
        this.span('category', value, m.start, m.end);
        break;
      case 'color':
        if (negated) {
          s.exclude_color = pushUnique(s.exclude_color, value);
          this.span('exclude_color', value, m.start, m.end);
        } else {
          s.color = pushUnique(s.color, value);
          this.span('color', value, m.start, m.end);
        }
        break;
      case 'material':
        if (negated) {
          s.exclude_material = pushUnique(s.exclude_material, value);
          this.span('exclude_material', value, m.start, m.end);
        } else {
          s.material ??= value;
          this.span('material', value, m.start, m.end);
        }
        break;
      case 'pattern':
        if (negated) return;
        s.pattern ??= value;
        this.span('pattern', value, m.start, m.end);
        break;
      case 'occasion':
      case 'style': {
        if (negated) {
          const style = value === 'formal event' ? 'formal' : value;
          s.exclude_style = pushUnique(s.exclude_style, style);
          this.span('exclude_style', style, m.start, m.end);
        } else if (entry.kind === 'occasion') {
          // "beach wedding", "casual friday at the office": the event decides, the setting only qualifies it.
          if (s.occasion === undefined || (SETTINGS.has(s.occasion) && !SETTINGS.has(value))) s.occasion = value;
          this.span('occasion', value, m.start, m.end);
        } else {
          s.style ??= value;
          this.span('style', value, m.start, m.end);
        }
        break;
      }
      case 'season':
        if (negated) return;
        s.season ??= value as NluSlots['season'];
        this.span('season', value, m.start, m.end);
        break;
      case 'weather':
        if (negated) return;
        s.weather = { ...s.weather, condition: s.weather?.condition ?? (value as never) };
        this.span('weather', s.weather, m.start, m.end);
        break;
      case 'gender':
        if (negated) return;
        s.gender ??= value as NluSlots['gender'];
        this.span('gender', value, m.start, m.end);
        break;
      case 'sleeve_length':
        s.sleeve_length ??= value;
        this.span('sleeve_length', value, m.start, m.end);
        break;
      case 'brand':
        if (negated) return;
        s.brand ??= value;
        this.span('brand', value, m.start, m.end);
        break;
      case 'rating':
        s.rating = 'good';
        this.span('rating', 'good', m.start, m.end);
        break;
      case 'price_level':
        if (negated) return;
        s.price_level = value as NluSlots['price_level'];
        this.span('price_level', value, m.start, m.end);
        break;
      case 'detail':
        if (negated) return;
        s.detail = pushUnique(s.detail, value);
        this.span('detail', value, m.start, m.end);
        break;
      case 'palette':
        // "warm colours", "no bright colours", 素一点的颜色: every colour of the palette.
        for (const color of paletteColors(value)) {
          if (negated) s.exclude_color = pushUnique(s.exclude_color, color);
          else s.color = pushUnique(s.color, color);
        }
        this.span(negated ? 'exclude_color' : 'color', value, m.start, m.end);
        break;
      default:
        break;
    }
    this.cues.push(negated ? `neg:${entry.kind}` : entry.kind);
  }

  private addCue(entry: LexEntry, m: Mention, negated: boolean): void {
    const s = this.slots;
    switch (entry.kind) {
      case 'request':
        s.request_slots = pushUnique(s.request_slots, entry.value);
        this.span('request_slots', entry.value, m.start, m.end);
        this.cues.push(`request:${entry.value}`);
        break;
      case 'price_direction':
        if (negated) return;
        s.price_direction = entry.value as 'lower' | 'higher';
        this.span('price_direction', entry.value, m.start, m.end);
        this.cues.push(`price:${entry.value}`);
        break;
      case 'tone':
        // "tell me more about the second one", "more details on that coat" ask about an item, not for a tone
        if (/^\s*(about|on|of|regarding)\b/i.test(this.text.slice(m.end))) return;
        s.tone = entry.value as Tone;
        this.span('tone', entry.value, m.start, m.end);
        this.cues.push('tone');
        break;
      case 'language':
        s.language = entry.value as Language;
        this.span('language', entry.value, m.start, m.end);
        this.cues.push('language');
        break;
      case 'region':
        s.region ??= entry.value;
        this.span('region', entry.value, m.start, m.end);
        this.cues.push('region');
        break;
      default:
        break;
    }
  }

  /** Ordinal, attribute and anaphoric references; marks the mentions they use as consumed. */
  private findReferences(mentions: readonly Mention[], consumed: Set<Mention>): void {
    let reference: Reference | undefined = this.slots.reference;
    let refSpan: { start: number; end: number } | undefined;
    for (let i = 0; i < mentions.length && reference?.kind !== 'ordinal'; i++) {
      const m = mentions[i]!;
      const ordinal = entryOf(m, 'ordinal');
      if (ordinal) {
        const next = this.nextForm(m);
        const prev = m.firstToken > 0 ? this.forms[m.firstToken - 1] : undefined;
        if (next !== undefined && NOT_AN_ORDINAL_AFTER.has(next)) continue;
        const followedByContent = mentions[i + 1] && this.adjacent(m, mentions[i + 1]!);
        const nextMention = followedByContent ? mentions[i + 1] : undefined;
        const nextContent = nextMention ? contentEntry(nextMention) : undefined;
        if (m.firstToken >= 0 && nextContent && nextContent.kind !== 'category' && nextContent.kind !== 'color') {
          continue;
        }
        if (
          m.firstToken >= 0 &&
          prev !== 'the' &&
          prev !== 'that' &&
          !nextMention &&
          next !== 'two' &&
          next !== 'three'
        ) {
          if (m.lastToken < this.tokens.length && this.tokens[m.lastToken]?.kind === 'word') continue;
        }
        reference = { kind: 'ordinal', index: Number(ordinal.value) };
        refSpan = { start: m.start, end: nextMention?.entries.some((e) => e.kind === 'one') ? nextMention.end : m.end };
        consumed.add(m);
        if (nextMention && entryOf(nextMention, 'one')) consumed.add(nextMention);
        continue;
      }
      if (reference) continue;
      const determiner = entryOf(m, 'determiner') ?? (m.firstToken < 0 ? entryOf(m, 'anaphora') : undefined);
      // "where's the gold tho": the colour asked for, not a piece pointed at.
      if (determiner && WHERE_BEFORE.test(this.text.slice(0, m.start))) continue;
      if (determiner) {
        const attribute: { color?: string; category?: string } = {};
        const used: Mention[] = [];
        let last = m;
        for (let j = i + 1; j < mentions.length && j <= i + 6; j++) {
          const next = mentions[j]!;
          const color = entryOf(next, 'color');
          // "the red and white jacket": colours joined by "and" or commas describe one item.
          const joined = color && entryOf(last, 'color') && this.joinedByAnd(last, next);
          if (!this.adjacent(last, next) && !joined) break;
          const category = entryOf(next, 'category');
          if (color && !attribute.category) attribute.color ??= color.value;
          else if (category && !attribute.category) attribute.category = category.value;
          else if (entryOf(next, 'one')) {
            used.push(next);
            last = next;
            break;
          } else if (!entryOf(next, 'pattern') && !entryOf(next, 'material')) break;
          used.push(next);
          last = next;
        }
        if ((attribute.color || attribute.category) && used.length) {
          reference = { kind: 'attribute', ...attribute };
          refSpan = { start: m.start, end: last.end };
          consumed.add(m);
          for (const u of used) if (!entryOf(u, 'pattern') && !entryOf(u, 'material')) consumed.add(u);
          continue;
        }
        if (m.firstToken < 0) {
          // Chinese "这件" / "那个" alone, or "蓝色的那件" (colour just before).
          const before = mentions[i - 1];
          if (before && entryOf(before, 'color') && this.adjacent(before, m)) {
            reference = { kind: 'attribute', color: entryOf(before, 'color')!.value };
            refSpan = { start: before.start, end: m.end };
            consumed.add(before);
          } else {
            reference = { kind: 'anaphora' };
            refSpan = { start: m.start, end: m.end };
          }
          consumed.add(m);
          continue;
        }
        const after = this.forms[m.lastToken];
        if (
          determiner.value === 'the' &&
          m.text.toLowerCase() !== 'the' &&
          (after === undefined || /^[?.!,]$/.test(after))
        ) {
          reference = { kind: 'anaphora' };
          refSpan = { start: m.start, end: m.end };
        }
        continue;
      }
      if (entryOf(m, 'anaphora')) {
        reference = { kind: 'anaphora' };
        refSpan = { start: m.start, end: m.end };
        consumed.add(m);
      }
    }
    if (reference && refSpan && !this.slots.reference) {
      this.slots.reference = reference;
      this.span('reference', reference, refSpan.start, refSpan.end);
      this.cues.push(`ref:${reference.kind}`);
    }
  }

  /** Capitalised names after "from"/"by" that no lexicon knows ("from Modern Arts"). */
  addBrands(): void {
    if (this.slots.brand || !/\b(?:from|by|brand|branded|make)\b/i.test(this.text)) return;
    for (const m of this.text.matchAll(BRAND_AFTER)) {
      let name = m[1]!.replace(/[.,!?]+$/, '').trim();
      const words = name.split(/\s+/);
      while (words.length && /^(?:&|And|Or)$/.test(words[words.length - 1]!)) words.pop();
      name = words.join(' ');
      if (!name || NOT_BRANDS.test(name) || name.length < 2) continue;
      const start = m.index + m[0].lastIndexOf(m[1]!);
      this.slots.brand = name;
      this.span('brand', name, start, start + name.length);
      this.cues.push('brand');
      return;
    }
  }
}

/** Slots a later session added (wishes): the older annotations never list them. */
export const NEW_SLOT_KEYS: ReadonlySet<string> = new Set(['detail', ...WISH_SLOT_KEYS]);

/** Flattens slots into comparable `key=value` strings (for slot F1 and tests). */
export function flattenSlots(slots: NluSlots): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(slots)) {
    if (value === undefined) continue;
    if (key === 'owned') {
      for (const piece of value as NonNullable<Slots['owned']>)
        out.push(`owned=${piece.category}/${piece.color ?? ''}`);
    } else if (Array.isArray(value)) for (const v of value) out.push(`${key}=${v}`);
    else if (key === 'reference') out.push(`reference=${referenceKey(value as Reference)}`);
    else if (key === 'pairing') {
      const pairing = value as NonNullable<Slots['pairing']>;
      out.push(`pairing=${pairing.wanted}/${pairing.around.category}`);
    } else if (key === 'weather') {
      const w = value as NonNullable<Slots['weather']>;
      if (w.temperatureC !== undefined) out.push(`temperature=${w.temperatureC}`);
      else if (w.condition) out.push(`weather=${w.condition}`);
    } else out.push(`${key}=${value}`);
  }
  return out.sort();
}

/** `ordinal:1`, `attribute:blue/dress`, `anaphora`. */
export function referenceKey(reference: Reference): string {
  if (reference.kind === 'ordinal') return `ordinal:${reference.index}`;
  if (reference.kind === 'attribute') return `attribute:${reference.color ?? ''}/${reference.category ?? ''}`;
  return 'anaphora';
}
