/**
 * Nearest known word: a word the intent model never saw in training ("waer", "hav", "shuold") is read as the
 * closest word of its training vocabulary (Damerau-Levenshtein distance from `natural`'s family, 1 edit for words of
 * up to five letters, 2 beyond; same first letter), so that typos of ordinary words keep their weight.
 */
import { editDistance } from './matcher.ts';

/** Looks up the nearest vocabulary word, with a per-instance cache. */
export class NearestWord {
  private readonly byInitial = new Map<string, string[]>();
  private readonly cache = new Map<string, string | null>();

  /** `vocabulary`: the words the model knows, most useful first (ties keep the earlier word). */
  constructor(vocabulary: Iterable<string>) {
    for (const word of vocabulary) {
      if (!/^[a-z][a-z']{2,}$/.test(word)) continue;
      const list = this.byInitial.get(word[0]!) ?? [];
      list.push(word);
      this.byInitial.set(word[0]!, list);
    }
  }

  /**
   * The nearest known word, or undefined when none is close enough.
   * @example
   * new NearestWord(['what', 'wear', 'should']).nearest('waer'); // 'wear'
   */
  nearest(word: string): string | undefined {
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached ?? undefined;
    let best: string | null = null;
    if (/^[a-z][a-z']{2,}$/.test(word)) {
      const max = word.length <= 5 ? 1 : 2;
      let bestDistance = max + 1;
      for (const candidate of this.byInitial.get(word[0]!) ?? []) {
        if (Math.abs(candidate.length - word.length) > max) continue;
        const d = editDistance(word, candidate, max);
        if (d < bestDistance) {
          bestDistance = d;
          best = candidate;
          if (d === 1 && max === 1) break;
        }
      }
    }
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(word, best);
    return best ?? undefined;
  }
}
