/**
 * The evaluation's noise: a seeded copy of an utterance typed the way people type in chat apps (typos, chat
 * abbreviations, no capitals, no punctuation). Only `eval nlu` uses it, to score a noisy copy of each held-out fold.
 * It is deliberately independent of the training augmentation (`augment.ts`): its own random stream, its own
 * operations (transpositions, doubled and missing letters, neighbouring keys) and its own abbreviation list, so that
 * the score measures robustness to noise the model was not shown.
 */
import type { Random } from '../types.ts';
import { seededRandom } from '../util/random.ts';

/** Chat abbreviations the training augmentation does not use. */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  please: 'plz',
  something: 'sth',
  what: 'wut',
  tomorrow: '2moro',
  really: 'rly',
  because: 'cuz',
  your: 'ur',
  thanks: 'thnx',
  with: 'w',
  are: 'r',
  you: 'yu',
  have: 'hav',
  good: 'gud',
  about: 'abt',
  need: 'ned',
  want: 'wnt',
  "i'm": 'i m',
  "don't": 'dnt',
  "what's": 'whats',
  wear: 'waer',
};

/** Chinese chat habits: colloquial particles and words. */
const ZH_SWAPS: readonly [RegExp, string][] = [
  [/什么/g, '啥'],
  [/怎么/g, '咋'],
  [/吗/g, '嘛'],
  [/呢/g, '捏'],
  [/一下/g, '一哈'],
  [/喜欢/g, '稀饭'],
];

/** QWERTY rows, for a key's neighbours. */
const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

function neighbour(ch: string, random: Random): string {
  for (const [r, row] of ROWS.entries()) {
    const c = row.indexOf(ch);
    if (c < 0) continue;
    const options = [row[c - 1], row[c + 1], ROWS[r - 1]?.[c], ROWS[r + 1]?.[c]].filter(
      (x): x is string => x !== undefined,
    );
    return options[Math.floor(random.next() * options.length)] ?? ch;
  }
  return ch;
}

/** One typo in a word of four letters or more (never its first letter). */
function typo(word: string, random: Random): string {
  if (word.length < 4 || !/^[a-z]+$/.test(word)) return word;
  const at = 1 + Math.floor(random.next() * (word.length - 1));
  const kind = random.next();
  if (kind < 0.3 && at < word.length - 1) return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
  if (kind < 0.5) return word.slice(0, at) + word[at] + word.slice(at);
  if (kind < 0.7) return word.slice(0, at) + word.slice(at + 1);
  return word.slice(0, at) + neighbour(word.charAt(at), random) + word.slice(at + 1);
}

/**
 * A noisy copy of `text`, the same for the same `seed`.
 * @example
 * noisyCopy('What should I wear to a wedding?', 3); // e.g. 'wut shuold i wear to a weding'
 */
export function noisyCopy(text: string, seed: number): string {
  const random = seededRandom(seed * 7919 + 17);
  let out = text.toLowerCase();
  if (/[\u4e00-\u9fff]/.test(out)) {
    for (const [pattern, swap] of ZH_SWAPS) if (random.next() < 0.6) out = out.replace(pattern, swap);
    return out.replace(/[，。！？、,.!?]/g, (p) => (random.next() < 0.5 ? '' : p === '，' ? ' ' : p)).trim();
  }
  out = out
    .replace(/[.,!?;:]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const words = out.split(' ').map((word) => {
    const abbreviation = ABBREVIATIONS[word];
    if (abbreviation && random.next() < 0.6) return abbreviation;
    return random.next() < 0.15 ? typo(word, random) : word;
  });
  return words.join(' ');
}
