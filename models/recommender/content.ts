/**
 * Item content as tokens and as hashed vectors: what the recommender knows about any catalogue item
 * (H&M, Myntra or demo), whether or not anybody ever bought it.
 */
import type { Item } from '../../src/types.ts';

/** Words of descriptions that say nothing about the item. */
const STOPWORDS = new Set(
  'a an and are as at be by for from has have in is it its of on or that the this to with made made up into has'.split(
    ' ',
  ),
);

/** At most this many description words per item. */
const MAX_WORDS = 24;

/**
 * Lower-case words of a text (letters only, at least 3 long, no stopwords), de-duplicated, at most `limit`.
 * @example
 * words('Fitted top in soft jersey with a round neckline'); // ['fitted', 'top', 'soft', 'jersey', 'round', 'neckline']
 */
export function words(text: string | undefined, limit = MAX_WORDS): string[] {
  if (!text) return [];
  const out: string[] = [];
  const seen = new Set<string>();
  for (const word of text.toLowerCase().split(/[^a-z]+/)) {
    if (word.length < 3 || STOPWORDS.has(word) || seen.has(word)) continue;
    seen.add(word);
    out.push(word);
    if (out.length >= limit) break;
  }
  return out;
}

/** Content tokens of an item, with a weight each (attributes weigh more than single words). */
export interface WeightedToken {
  token: string;
  weight: number;
}

/**
 * The content tokens of an item: article type, category, colours, pattern, materials, gender, usage, season,
 * formality band and the words of its name and description. `extra` adds source-specific attributes
 * (e.g. H&M department, index group, garment group).
 * @example
 * contentTokens(item).map((t) => t.token); // ['type:dress', 'cat:dress', 'color:black', 'gender:women', …]
 */
export function contentTokens(item: Item, extra: readonly string[] = []): WeightedToken[] {
  const tokens: WeightedToken[] = [
    { token: `type:${item.articleType}`, weight: 2 },
    { token: `cat:${item.category}`, weight: 1 },
    { token: `gender:${item.gender}`, weight: 1 },
    { token: `formality:${Math.round(item.formality * 4)}`, weight: 0.5 },
  ];
  item.colors.forEach((color, i) => {
    tokens.push({ token: `color:${color}`, weight: i === 0 ? 1.5 : 0.5 });
  });
  if (item.pattern) tokens.push({ token: `pattern:${item.pattern}`, weight: 1 });
  for (const material of item.materials) tokens.push({ token: `material:${material}`, weight: 0.7 });
  for (const usage of item.usage) tokens.push({ token: `usage:${usage}`, weight: 0.7 });
  for (const season of item.seasons) tokens.push({ token: `season:${season}`, weight: 0.3 });
  for (const token of extra) tokens.push({ token, weight: 1 });
  const text = words(`${item.name} ${item.description ?? ''}`);
  for (const word of text) tokens.push({ token: `word:${word}`, weight: 0.35 });
  return tokens;
}

/** 32-bit FNV-1a hash of a string. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Hashes weighted tokens into `out` (signed feature hashing) and L2-normalises it.
 * @example
 * const v = new Float32Array(64); hashTokens(contentTokens(item), v);
 */
export function hashTokens(tokens: readonly WeightedToken[], out: Float32Array, idf?: (token: string) => number): void {
  out.fill(0);
  const dim = out.length;
  for (const { token, weight } of tokens) {
    const h = fnv1a(token);
    const w = weight * (idf ? idf(token) : 1);
    const slot = h % dim;
    out[slot] = (out[slot] ?? 0) + (h & 0x80000000 ? -w : w);
  }
  normalise(out);
}

/** L2-normalises a vector in place (a zero vector stays zero). */
export function normalise(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < v.length; i++) v[i] = (v[i] ?? 0) * scale;
  }
  return v;
}
