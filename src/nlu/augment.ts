/**
 * Training augmentation: variants of a labelled utterance the way people type in chat apps — lower case, no
 * punctuation, chat spellings (u, pls, smth, rn, tmrw, fri, wat, shud), vowels dropped, a neighbouring key hit.
 * Each operation works inside one word (or swaps one word for one word), so a variant keeps the original's tokens
 * one for one and the token labels of the original carry over. `eval nlu` measures robustness with a different,
 * independent generator (`noise.ts`).
 */
import type { Random } from '../types.ts';

/** Chat spellings, one word for one word. */
const SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  you: ['u', 'ya'],
  your: ['yr'],
  "you're": ['ur', 'youre'],
  please: ['pls', 'plis'],
  something: ['smth', 'somethin', 'sumthing'],
  tomorrow: ['tmrw', 'tmr'],
  tonight: ['tonite', '2nite'],
  friday: ['fri'],
  saturday: ['sat'],
  sunday: ['sun'],
  what: ['wat', 'whaat'],
  "what's": ['wats', 'wat'],
  should: ['shud', 'shld'],
  would: ['wud'],
  could: ['cud'],
  wear: ['wer', 'where'],
  "i'm": ['im', 'i am'],
  "don't": ['dont', 'do not'],
  "can't": ['cant'],
  "it's": ['its'],
  thanks: ['thx', 'ty'],
  thank: ['thnk'],
  girl: ['gurl', 'gril'],
  because: ['bc', 'coz'],
  people: ['ppl'],
  right: ['rite'],
  now: ['rn', 'nw'],
  going: ['goin'],
  nothing: ['nothin', 'nuthin'],
  clothes: ['cloths', 'clothez'],
  outfit: ['fit', 'outft'],
  recommend: ['recomend', 'reccomend'],
  maybe: ['mayb'],
  okay: ['ok', 'k'],
  boyfriend: ['bf'],
  girlfriend: ['gf'],
  the: ['da', 'teh'],
  and: ['n', '&'],
  with: ['wit'],
  love: ['luv'],
  cheap: ['cheep'],
  cheaper: ['cheeper'],
};

const ZH_PARTICLES = ['呀', '啊', '哈', '啦', '嘛'];
const KEYBOARD = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

function pick<T>(list: readonly T[], random: Random): T {
  const item = list[Math.floor(random.next() * list.length)];
  if (item === undefined) throw new Error('augment: nothing to pick from an empty list');
  return item;
}

function nearKey(ch: string, random: Random): string {
  for (const row of KEYBOARD) {
    const i = row.indexOf(ch);
    if (i < 0) continue;
    // A key at either end of its row has one neighbour only.
    const step = i === 0 ? 1 : i === row.length - 1 ? -1 : random.next() < 0.5 ? -1 : 1;
    return row[i + step] ?? ch;
  }
  return ch;
}

/** A chat-typed form of one lower-case word. */
function varyWord(word: string, random: Random): string {
  const spellings = SPELLINGS[word];
  if (spellings && random.next() < 0.5) return pick(spellings, random);
  if (!/^[a-z]{5,}$/.test(word)) return word;
  const r = random.next();
  if (r < 0.1) return word[0] + word.slice(1, -1).replace(/[aeiou]/g, '') + word.slice(-1);
  if (r < 0.2) {
    const at = 1 + Math.floor(random.next() * (word.length - 1));
    return word.slice(0, at) + nearKey(word.charAt(at), random) + word.slice(at + 1);
  }
  if (r < 0.25) {
    const at = 1 + Math.floor(random.next() * (word.length - 2));
    return word.slice(0, at) + word.slice(at + 1);
  }
  return word;
}

/**
 * One chat-typed variant of `text`, from the random stream given.
 * @example
 * augmentText('What should I wear on Friday, please?', seededRandom(1)); // e.g. 'wat shud i wear on fri pls'
 */
export function augmentText(text: string, random: Random): string {
  if (/[\u4e00-\u9fff]/.test(text)) {
    let out = text.replace(/[，。！？,.!?]/g, () => (random.next() < 0.7 ? ' ' : ''));
    if (random.next() < 0.4) out = `${out.trim()}${pick(ZH_PARTICLES, random)}`;
    return out.replace(/\s+/g, ' ').trim().toLowerCase();
  }
  let out = random.next() < 0.8 ? text.toLowerCase() : text;
  if (random.next() < 0.7) out = out.replace(/[.,!?;:]+(?=\s|$)/g, '');
  return out
    .split(/(\s+)/)
    .map((part) => (/^\s+$/.test(part) ? part : varyWord(part, random)))
    .join('')
    .trim();
}
