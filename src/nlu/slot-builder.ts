/**
 * The slot builder: numbers (sizes, budgets, temperatures), lexicon mentions (content, negation scope, references,
 * cue words), the wishes read by `wishes.ts` and brand names, merged into one utterance's slots and spans.
 */
import type { Language, Tone } from '../types.ts';
import { addContent, type SlotSink } from './content-slots.ts';
import type { LexEntry } from './lexicon.ts';
import type { Mention } from './matcher.ts';
import { contentEntry, entryOf, MentionText, pushUnique } from './mention-text.ts';
import type { NluSlots, NluSpan } from './nlu-slots.ts';
import { conditionFor, type NumberClaim } from './numbers.ts';
import { findReference } from './references.ts';
import { detectLanguage, type Token } from './text.ts';
import type { Wishes } from './wishes.ts';

/** Slots of words that describe a piece: a negation before them is not about the piece. */
const MODIFIER_SLOTS: ReadonlySet<string> = new Set([
  'color',
  'exclude_color',
  'material',
  'exclude_material',
  'pattern',
]);

const SCOPE_BREAK = new Set(['.', ';', '!', '?', ',', 'but', 'though', 'however', 'instead', 'rather', 'just', 'only']);
const SCOPE_BREAK_ZH = /[,.;!?。；！？但可只]/;

const BRAND_AFTER =
  /\b(?:from|by|brand(?:ed)?|made by|make)\s+(?:the brand\s+|brand\s+)?((?:[A-Z0-9][\w&'.-]*)(?:\s+(?:&\s+)?(?:[A-Z0-9][\w&'.-]*|&))*)/g;
const NOT_BRANDS =
  /^(?:I|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|Christmas|Easter|Europe|Asia|Africa|London|Paris|Tomorrow|Today|Then)$/;

/** Builds the slots and spans of one utterance from its numbers, lexicon mentions, wishes and brand names. */
export class SlotBuilder implements SlotSink {
  readonly slots: NluSlots = {};
  readonly spans: NluSpan[] = [];
  readonly cues: string[] = [];

  private readonly at: MentionText;
  private readonly forms: readonly string[];

  constructor(
    readonly text: string,
    tokens: readonly Token[],
    forms: readonly string[],
  ) {
    this.at = new MentionText(text, tokens, forms);
    this.forms = forms;
  }

  /** Records where a slot value was read. */
  span(slot: keyof NluSlots, value: unknown, start: number, end: number): void {
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

  /** Whether negation starting at `neg` still covers mention `m`. */
  private inScope(neg: Mention, m: Mention): boolean {
    if (neg.lastToken >= 0 && m.firstToken >= 0) {
      if (m.firstToken - neg.lastToken > 5) return false;
      const between = this.forms.slice(neg.lastToken, m.firstToken);
      if (between.some((form) => SCOPE_BREAK.has(form))) return false;
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
      const span = this.spans[i];
      if (span?.slot === 'category' && span.value !== wanted) this.spans.splice(i, 1);
    }
  }

  addMentions(mentions: readonly Mention[]): void {
    const consumed = new Set<Mention>();
    this.addReference(mentions, consumed);
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
    const cue = addContent(this, entry, m, negated, () => this.negationAdjacent(m));
    if (cue) this.cues.push(cue);
  }

  /** Ordinal, attribute and anaphoric references (`references.ts`), unless a number already gave one. */
  private addReference(mentions: readonly Mention[], consumed: Set<Mention>): void {
    if (this.slots.reference) return;
    const found = findReference(this.at, mentions, consumed);
    if (!found) return;
    this.slots.reference = found.reference;
    this.span('reference', found.reference, found.start, found.end);
    this.cues.push(`ref:${found.reference.kind}`);
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

  /** Capitalised names after "from"/"by" that no lexicon knows ("from Modern Arts"). */
  addBrands(): void {
    if (this.slots.brand || !/\b(?:from|by|brand|branded|make)\b/i.test(this.text)) return;
    for (const m of this.text.matchAll(BRAND_AFTER)) {
      const [, raw] = m;
      if (raw === undefined) continue;
      let name = raw.replace(/[.,!?]+$/, '').trim();
      const words = name.split(/\s+/);
      while (/^(?:&|And|Or)$/.test(words.at(-1) ?? '')) words.pop();
      name = words.join(' ');
      if (!name || NOT_BRANDS.test(name) || name.length < 2) continue;
      const start = m.index + m[0].lastIndexOf(raw);
      this.slots.brand = name;
      this.span('brand', name, start, start + name.length);
      this.cues.push('brand');
      return;
    }
  }
}
