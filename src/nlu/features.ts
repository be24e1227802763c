/**
 * Classifier features of one utterance: corrected words (slot values replaced by their slot name), Porter stems, the first and last word, Chinese segments,
 * characters and character bigrams, intent cue classes, the kinds of slots and cue words the extractor found, whether
 * two items are named ("the first and the second"), and how many content words are unknown to the lexicon and the cue
 * lists. A word the model never saw counts as its nearest known word (`fuzzy.ts`), which halves the loss on chat-typed
 * text. Tried and dropped (no gain in cross-validated macro-F1, or a loss on SIMMC dev): word and stem bigrams,
 * character n-grams of English words (in the same model or as a second averaged model), WordNet semantic classes of
 * unknown words, other epochs / learning rates / L2.
 */
import { intentCues, isCueWord } from './cues.ts';
import { EN_LEXICON } from './lexicon.ts';
import { PorterStemmer, stopwords } from './natural.ts';
import type { Extraction } from './slots.ts';

const EMOJI = /\p{Extended_Pictographic}/u;
const stemCache = new Map<string, string>();
const STOP = new Set(stopwords);
/** Words that pick out one shown item; two or more of them in one utterance usually mean a comparison. */
const ITEM_WORDS = new Set(['one', 'ones', 'first', 'second', 'third', 'fourth', 'fifth', 'last', 'former', 'latter']);
const PLURAL_WORDS = new Set(['both', 'each', 'either', 'neither', 'two', 'three']);
/** Spelled ordinals of the numerals chat types with a suffix ("2nd" is tokenised as `2` `nd`). */
const SPELLED_ORDINALS = [
  'zeroth',
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
];
const ORDINAL_SUFFIX = /^(?:st|nd|rd|th)$/;

/**
 * Token forms with numbered ordinals spelled out ("the 2nd" → "the second"): the same words, the same weight, and an
 * item word towards a comparison. The suffix token becomes empty and is skipped.
 */
function spellOrdinals(tokens: Extraction['tokens'], forms: string[]): string[] {
  for (let i = 0; i + 1 < tokens.length; i++) {
    const spelled = tokens[i]?.kind === 'num' ? SPELLED_ORDINALS[Number(forms[i])] : undefined;
    if (!spelled || !ORDINAL_SUFFIX.test(forms[i + 1] ?? '')) continue;
    forms[i] = spelled;
    forms[i + 1] = '';
  }
  return forms;
}

function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = PorterStemmer.stem(word);
    if (stemCache.size > 100_000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

/** Slots whose words are replaced by the slot name (occasion, season and gender words stay: they hint at intents). */
const DELEX: ReadonlySet<string> = new Set([
  'category',
  'color',
  'material',
  'pattern',
  'brand',
  'size',
  'budget_max',
  'budget_min',
  'currency',
]);

/** Token forms with slot values replaced by their slot name (`black jeans` → `<color> <category>`). */
function delexicalise(extraction: Extraction): string[] {
  const forms = [...extraction.forms];
  for (const span of extraction.spans) {
    if (!DELEX.has(span.slot)) continue;
    extraction.tokens.forEach((t, i) => {
      if (t.start >= span.start && t.end <= span.end && t.kind !== 'cjk') forms[i] = `<${span.slot}>`;
    });
  }
  return forms;
}

/**
 * Token forms for the cue lists: a word neither the lexicon nor the cue lists know (a typo of a cue word) is read as its
 * nearest known word, the way the word features read it.
 */
function cueForms(extraction: Extraction, unknownWord?: (word: string) => string | undefined): readonly string[] {
  if (!unknownWord) return extraction.forms;
  return extraction.forms.map((form, i) => {
    if (extraction.tokens[i]?.kind !== 'word' || EN_LEXICON.has(form) || isCueWord(form)) return form;
    return unknownWord(form) ?? form;
  });
}

/**
 * The feature strings of an extraction (duplicates allowed; the classifier treats them as a set).
 * @example
 * featuresOf(extractSlots('cheaper?', corrector)); // ['w:cheaper', 's:cheaper', 'q', 'k:price:lower', …]
 */
export function featuresOf(extraction: Extraction, unknownWord?: (word: string) => string | undefined): string[] {
  const features: string[] = ['bias'];
  const { tokens, cues } = extraction;
  const forms = spellOrdinals(tokens, delexicalise(extraction));
  let previous = '^';
  let words = 0;
  let unknown = 0;
  let items = 0;
  let plural = false;
  for (const [i, token] of tokens.entries()) {
    // A token without a form (none, or '') was dropped by correction.
    const form = forms[i];
    if (!form) continue;
    const kind = SPELLED_ORDINALS.includes(form) && token.kind === 'num' ? 'word' : token.kind;
    if (kind === 'sym') {
      if (form === '?' || form === '？') features.push('q');
      else if (EMOJI.test(form)) features.push(`w:${form}`);
      continue;
    }
    words++;
    // A word the model never saw (a typo of an ordinary word) counts as its nearest known word.
    const known = kind === 'word' && form[0] !== '<' ? unknownWord?.(form) : undefined;
    const word = known ?? form;
    features.push(`w:${word}`);
    if (kind === 'word') {
      features.push(`s:${stem(word)}`);
      if (ITEM_WORDS.has(word)) items++;
      if (PLURAL_WORDS.has(word)) plural = true;
      if (word.length >= 3 && word[0] !== '<' && !STOP.has(word) && !EN_LEXICON.has(word) && !isCueWord(word)) {
        unknown++;
      }
    } else if (kind === 'cjk') {
      for (const ch of form) features.push(`z:${ch}`);
    }
    if (previous === '^') features.push(`b:^_${word}`);
    previous = word;
  }
  features.push(`b:${previous}_$`);
  let chinese = '';
  if (extraction.language === 'zh') {
    chinese = tokens
      .filter((t) => t.kind === 'cjk')
      .map((t) => t.norm)
      .join('');
    for (let j = 0; j + 2 <= chinese.length; j++) features.push(`zb:${chinese.slice(j, j + 2)}`);
  }
  features.push(...intentCues(cueForms(extraction, unknownWord), chinese));
  for (const cue of cues) features.push(`k:${cue}`);
  features.push(`len:${words <= 2 ? words : words <= 5 ? 'short' : words <= 12 ? 'mid' : 'long'}`);
  if (cues.length > 0 && words - cues.length <= 2) features.push('slots-only');
  // Two item words ("the first and the second", "the red one or the blue one") or "both" suggest a comparison.
  if (items >= 2) features.push('items:2');
  if (plural) features.push('items:plural');
  // Words neither the lexicon nor the cue lists know ("tyre", "router", "sudoku") hint at an out-of-scope request.
  features.push(`unk:${Math.min(unknown, 3)}`);
  return features;
}
