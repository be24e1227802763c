/**
 * Classifier features of one utterance: corrected words, Porter stems, the first and last word, Chinese segments,
 * characters and character bigrams, intent cue classes, and the kinds of slots and cue words the extractor found.
 * (Word bigrams and character n-grams of English words were tried and lowered cross-validated macro-F1.)
 */
import { intentCues } from './cues.ts';
import { PorterStemmer } from './natural.ts';
import type { Extraction } from './slots.ts';

const EMOJI = /\p{Extended_Pictographic}/u;
const stemCache = new Map<string, string>();

function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = PorterStemmer.stem(word);
    if (stemCache.size > 100_000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

/**
 * The feature strings of an extraction (duplicates allowed; the classifier treats them as a set).
 * @example
 * featuresOf(extractSlots('cheaper?', corrector)); // ['w:cheaper', 's:cheaper', 'q', 'k:price:lower', …]
 */
export function featuresOf(extraction: Extraction): string[] {
  const features: string[] = ['bias'];
  const { tokens, forms, cues } = extraction;
  let previous = '^';
  let words = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const form = forms[i]!;
    if (token.kind === 'sym') {
      if (form === '?' || form === '？') features.push('q');
      else if (EMOJI.test(form)) features.push(`w:${form}`);
      continue;
    }
    words++;
    features.push(`w:${form}`);
    if (token.kind === 'word') {
      features.push(`s:${stem(form)}`);
    } else if (token.kind === 'cjk') {
      for (const ch of form) features.push(`z:${ch}`);
    }
    if (previous === '^') features.push(`b:^_${form}`);
    previous = form;
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
  features.push(...intentCues(forms, chinese));
  for (const cue of cues) features.push(`k:${cue}`);
  features.push(`len:${words <= 2 ? words : words <= 5 ? 'short' : words <= 12 ? 'mid' : 'long'}`);
  if (cues.length > 0 && words - cues.length <= 2) features.push('slots-only');
  return features;
}
