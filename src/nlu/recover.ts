/**
 * Slots the lexicon missed and the learned tagger found: a token the tagger labels as a kind of piece, a colour, a
 * fabric … ("sandlas", "hodies", "burgandy") whose text no lexicon phrase covers is normalised to the nearest
 * canonical value of that kind (edit distance from the lexicon's surface forms, same first letter), and kept only
 * when such a value exists. The tagger decides what the word is; the lexicon gives the canonical value.
 */
import { EN_LEXICON, type LexKind } from './lexicon.ts';
import { editDistance } from './matcher.ts';
import type { NeuralOutput } from './neural.ts';
import type { Extraction, NluSlots } from './slots.ts';

/** Tags whose slots can be recovered, with the lexicon kind that gives their canonical value. */
const RECOVERABLE: Readonly<Record<string, LexKind>> = {
  category: 'category',
  exclude_category: 'category',
  color: 'color',
  exclude_color: 'color',
  material: 'material',
  exclude_material: 'material',
  pattern: 'pattern',
  occasion: 'occasion',
  style: 'style',
};

/** Surface forms of one word per lexicon kind, by first letter. */
const surfaces = new Map<LexKind, Map<string, { surface: string; value: string }[]>>();
for (const [surface, entries] of EN_LEXICON) {
  if (!/^[a-z][a-z-]{3,}$/.test(surface)) continue;
  for (const entry of entries) {
    const byInitial = surfaces.get(entry.kind) ?? new Map<string, { surface: string; value: string }[]>();
    const list = byInitial.get(surface.charAt(0)) ?? [];
    list.push({ surface, value: entry.value });
    byInitial.set(surface.charAt(0), list);
    surfaces.set(entry.kind, byInitial);
  }
}

/** The canonical value of `kind` nearest to a misspelt word, if one is within 2 edits (1 for short words). */
export function nearestValue(word: string, kind: LexKind): string | undefined {
  const max = word.length <= 5 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = max + 1;
  for (const { surface, value } of surfaces.get(kind)?.get(word.charAt(0)) ?? []) {
    if (Math.abs(surface.length - word.length) > max) continue;
    const d = editDistance(word, surface, max);
    if (d < bestDistance) {
      bestDistance = d;
      best = value;
    }
  }
  return best;
}

/**
 * Whether a word of four letters or more is left that no slot span covers, that the spelling corrector did not
 * change and that is no English word it knows (only then is the tagger worth running).
 */
export function hasUncoveredWord(extraction: Extraction, isKnown: (word: string) => boolean): boolean {
  const { tokens, spans, forms } = extraction;
  return tokens.some(
    (t, i) =>
      t.kind === 'word' &&
      t.norm.length >= 4 &&
      forms[i] === t.norm &&
      !isKnown(t.norm) &&
      !spans.some((s) => t.start < s.end && t.end > s.start),
  );
}

/** Minimum tag probability for a recovered slot. */
const MIN_PROBABILITY = 0.6;

/**
 * Adds the slots the tagger found on words no lexicon phrase covers (in place).
 * @example
 * recoverSlots(extraction, tagger.run(tokenFeatures(extraction, tagger.shape)), tagger.tags);
 */
export function recoverSlots(extraction: Extraction, output: NeuralOutput, tags: readonly string[]): void {
  const { tokens, spans } = extraction;
  const slots = extraction.slots as Record<string, unknown>;
  output.tags.forEach((probs, i) => {
    const token = tokens[i];
    if (!token) throw new Error(`recoverSlots: tag row ${i} has no token (${tokens.length} tokens)`);
    if (token.kind !== 'word' || token.norm.length < 4) return;
    if (spans.some((s) => token.start < s.end && token.end > s.start)) return;
    let best = 0;
    let bestProbability = -Infinity;
    probs.forEach((p, t) => {
      if (p > bestProbability) [best, bestProbability] = [t, p];
    });
    const tag = tags[best];
    if (tag === undefined) throw new Error(`recoverSlots: tag ${best} is not among the ${tags.length} tags`);
    const kind = RECOVERABLE[tag];
    if (!kind || bestProbability < MIN_PROBABILITY) return;
    const value = nearestValue(token.norm, kind);
    if (!value) return;
    const list = tag.startsWith('exclude_') || tag === 'color';
    if (list) {
      const current = (slots[tag] as string[] | undefined) ?? [];
      if (!current.includes(value)) slots[tag] = [...current, value];
    } else if (slots[tag] === undefined) slots[tag] = value;
    else return;
    spans.push({ slot: tag as keyof NluSlots, value, start: token.start, end: token.end, text: token.norm });
  });
}
