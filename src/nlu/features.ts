/**
 * Classifier features of one utterance: corrected words, Porter stems, word bigrams, character n-grams,
 * Chinese segments and character bigrams, and the kinds of slots and cue words the extractor found.
 */
import { PorterStemmer } from './natural.ts';
import type { Extraction } from './slots.ts';

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
      continue;
    }
    words++;
    features.push(`w:${form}`);
    if (token.kind === 'word') {
      features.push(`s:${stem(form)}`);
      if (form.length >= 5) {
        const padded = `<${form}>`;
        for (let j = 0; j + 4 <= padded.length; j++) features.push(`c:${padded.slice(j, j + 4)}`);
      }
    } else if (token.kind === 'cjk') {
      for (const ch of form) features.push(`z:${ch}`);
    }
    features.push(`b:${previous}_${form}`);
    previous = form;
  }
  features.push(`b:${previous}_$`);
  if (extraction.language === 'zh') {
    const text = tokens
      .filter((t) => t.kind === 'cjk')
      .map((t) => t.norm)
      .join('');
    for (let j = 0; j + 2 <= text.length; j++) features.push(`zb:${text.slice(j, j + 2)}`);
  }
  for (const cue of cues) features.push(`k:${cue}`);
  features.push(`len:${words <= 2 ? words : words <= 5 ? 'short' : words <= 12 ? 'mid' : 'long'}`);
  if (cues.length > 0 && words - cues.length <= 2) features.push('slots-only');
  return features;
}
