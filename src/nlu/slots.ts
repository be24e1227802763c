/**
 * The slot extractor: lexicon mentions + number patterns → canonical slots with spans, handling negation
 * ("no yellow", "anything but black", "not too formal"), references ("the second one", "the blue one", "it")
 * and spelling mistakes ("blak hoodie").
 */
import { type Language, type Reference, type Slots, WISH_SLOT_KEYS } from '../types.ts';
import { settleAudience } from './audience.ts';
import { readDialogueActs } from './dialogue-acts.ts';
import { CHAT_SPELLINGS } from './lexicon.ts';
import { matchChinese, matchEnglish, type SpellingCorrector } from './matcher.ts';
import type { NluSlots, NluSpan } from './nlu-slots.ts';
import { findNumbers } from './numbers.ts';
import type { PairingPhrases } from './pairing.ts';
import { SlotBuilder } from './slot-builder.ts';
import { detectLanguage, hasCjk, normalizeText, type Token, tokenize } from './text.ts';
import { isVerbUse } from './verb-uses.ts';
import { readWishes } from './wishes.ts';

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
