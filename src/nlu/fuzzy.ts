/**
 * Nearest known word: a word the intent model never saw in training ("waer", "hav", "shuold") is read as the
 * closest word of its training vocabulary (Damerau-Levenshtein distance from `natural`'s family, 1 edit for words of
 * up to five letters, 2 beyond; same first letter), so that typos of ordinary words keep their weight. Two chat habits
 * the edit distance misses are read too: letters stretched for emphasis ("pleeeease", "sooo") and words typed without
 * their vowels ("shld", "rcmmnd"), which can be several edits away from the word meant; last, a slip on the first key
 * ("qear") when nothing else fits.
 */
import { editDistance } from './matcher.ts';

const WORD = /^[a-z][a-z']{2,}$/;

/** The word without its vowels after the first letter ("should" → "shld"). */
function skeleton(word: string): string {
  return word[0] + word.slice(1).replace(/[aeiou']/g, '');
}

const KEYBOARD = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** The keys left and right of a letter on its keyboard row. */
function neighbourKeys(letter: string): string[] {
  for (const row of KEYBOARD) {
    const i = row.indexOf(letter);
    if (i >= 0) return [row[i - 1], row[i + 1]].filter((k): k is string => k !== undefined);
  }
  return [];
}

/** Whether `short` is `long` with some letters left out (same order). */
function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (let j = 0; j < long.length && i < short.length; j++) if (long[j] === short[i]) i++;
  return i === short.length;
}

/** Looks up the nearest vocabulary word, with a per-instance cache. */
export class NearestWord {
  private readonly byInitial = new Map<string, string[]>();
  /** Vowel-less form → vocabulary words with that form, in vocabulary order. */
  private readonly bySkeleton = new Map<string, string[]>();
  private readonly known = new Set<string>();
  private readonly cache = new Map<string, string | null>();

  /** `vocabulary`: the words the model knows, most useful first (ties keep the earlier word). */
  constructor(vocabulary: Iterable<string>) {
    for (const word of vocabulary) {
      if (!WORD.test(word)) continue;
      this.known.add(word);
      const list = this.byInitial.get(word.charAt(0)) ?? [];
      list.push(word);
      this.byInitial.set(word.charAt(0), list);
      const key = skeleton(word);
      const same = this.bySkeleton.get(key) ?? [];
      same.push(word);
      this.bySkeleton.set(key, same);
    }
  }

  /**
   * The nearest known word, or undefined when none is close enough.
   * @example
   * new NearestWord(['what', 'wear', 'should']).nearest('waer'); // 'wear'
   * new NearestWord(['what', 'wear', 'should']).nearest('shld'); // 'should'
   */
  nearest(word: string): string | undefined {
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached ?? undefined;
    let best: string | null = null;
    if (WORD.test(word)) {
      best = this.unstretched(word) ?? this.byEdits(word) ?? this.withoutVowels(word) ?? this.firstKeyMissed(word);
    }
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(word, best);
    return best ?? undefined;
  }

  /** A known word the word becomes when runs of three or more same letters shrink to two, then to one. */
  private unstretched(word: string): string | null {
    if (!/(.)\1\1/.test(word)) return null;
    const two = word.replace(/(.)\1{2,}/g, '$1$1');
    if (this.known.has(two)) return two;
    const one = word.replace(/(.)\1{2,}/g, '$1');
    if (this.known.has(one)) return one;
    return this.byEdits(one);
  }

  private byEdits(word: string): string | null {
    const max = word.length <= 5 ? 1 : 2;
    let best: string | null = null;
    let bestDistance = max + 1;
    for (const candidate of this.byInitial.get(word.charAt(0)) ?? []) {
      if (Math.abs(candidate.length - word.length) > max) continue;
      const d = editDistance(word, candidate, max);
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
        if (d === 1 && max === 1) break;
      }
    }
    return best;
  }

  /**
   * A known word that differs in the first letter only, by a key next to it on the keyboard (a slip on the first
   * key). Short words are left alone: too many of them are other words one slip apart ("hood", "good").
   */
  private firstKeyMissed(word: string): string | null {
    if (word.length < 5) return null;
    const rest = word.slice(1);
    for (const initial of neighbourKeys(word.charAt(0))) {
      const hit = this.byInitial.get(initial)?.find((c) => c.length === word.length && c.endsWith(rest));
      if (hit) return hit;
    }
    return null;
  }

  /** The first known word the word is, with only vowels left out (consonants kept in order). */
  private withoutVowels(word: string): string | null {
    const candidates = this.bySkeleton.get(skeleton(word)) ?? [];
    return candidates.find((candidate) => isSubsequence(word, candidate)) ?? null;
  }
}
