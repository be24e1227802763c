/**
 * The canonical copy of a message that the dialogue-act patterns read (`dialogue-acts.ts`): chat spellings written
 * out ("u", "pls", "smth", "idc") and unknown words read as the nearest word the patterns use ("surprize",
 * "cheapst", "wishlst", "dnt"), with a way back to offsets in the original text.
 */
import { NearestWord } from './fuzzy.ts';
import type { Token } from './text.ts';

/** Chat spellings and abbreviations, written out. */
const CHAT: Readonly<Record<string, string>> = {
  u: 'you',
  ya: 'you',
  ur: 'your',
  pls: 'please',
  plz: 'please',
  plis: 'please',
  pleas: 'please',
  smth: 'something',
  sth: 'something',
  somethin: 'something',
  sumthing: 'something',
  idc: "i don't care",
  dont: "don't",
  cant: "can't",
  im: "i'm",
  cheeper: 'cheaper',
  cheepest: 'cheapest',
  wat: 'what',
  wht: 'what',
  wut: 'what',
  whats: "what's",
  wats: "what's",
  moar: 'more',
  mor: 'more',
  nxt: 'next',
  whatevs: 'whatever',
  watever: 'whatever',
  wateva: 'whatever',
  whatev: 'whatever',
  fav: 'favourite',
  fave: 'favourite',
  favs: 'favourites',
  faves: 'favourites',
  wishlst: 'wishlist',
  r: 'are',
  gimme: 'give me',
  lemme: 'let me',
  diff: 'different',
  nvm: 'never mind',
  otha: 'other',
  othr: 'other',
};

/** The words the patterns are made of: an unknown word within a typo of one of them is read as it. */
const VOCABULARY = (
  'surprise whatever anything choose pick decide care mind preference forget never ignore drop remove delete ' +
  'scratch undo clear sizes cheapest expensive priciest dearest affordable lowest highest priced gift gifts ' +
  'present presents look looks outfit outfits wishlist saved favourites show view list check add save keep ' +
  'bookmark remember know like trend trends trending statistics share count include stop exclude more other others ' +
  'something else different sexier warmer cheaper casual formal elegant colourful colorful hate dislike stand love ' +
  'always usually generally popular style fashion fashionable comeback season everyone people wear pack together ' +
  'material made wash fabric waterproof shrink options please next dress dresses skirt skirts bikini heels ' +
  'blouse blouses leggings maternity pregnant bridesmaid bachelorette cufflinks tuxedo groomsman size ' +
  "which what with have about know don't does should could would your you first second third fourth fifth last"
).split(' ');
const ACT_WORDS = new NearestWord(VOCABULARY);

/** A word without its vowels, apostrophes and doubled letters: "dnt" and "don't", "knoow" and "know" agree. */
const skeleton = (word: string) => word.replace(/[aeiou']/g, '').replace(/(.)\1+/g, '$1');
/** The pattern word of each skeleton (the first listed wins), for words typed without their vowels. */
const BY_SKELETON = new Map<string, string>();
for (const word of VOCABULARY) if (!BY_SKELETON.has(skeleton(word))) BY_SKELETON.set(skeleton(word), word);

/** The pattern word an unknown word stands for, if any: a slip of the keys, or the word without its vowels. */
function nearestActWord(word: string): string | undefined {
  const near = ACT_WORDS.nearest(word);
  if (near) return near;
  const bare = BY_SKELETON.get(skeleton(word));
  return bare && bare[0] === word[0] ? bare : undefined;
}

/** A copy of the text the patterns read, with a way back to offsets in the original. */
export interface Canonical {
  text: string;
  /** The original offset of an offset in `text`. */
  origin(offset: number): number;
}

/** One stretch of the canonical text and where it came from. */
interface Piece {
  from: number;
  to: number;
  originFrom: number;
  originTo: number;
  replaced: boolean;
}

/**
 * The canonical copy: chat spellings written out, an unknown word read as the nearest pattern word (one or two
 * typing slips away, or the same letters without its vowels and doubled letters).
 * @example
 * canonicalText('surprize me', tokenize('surprize me'), known).text; // 'surprise me'
 */
export function canonicalText(
  normalized: string,
  tokens: readonly Token[],
  known: (word: string) => boolean,
): Canonical {
  let text = '';
  let at = 0;
  const pieces: Piece[] = [];
  const keep = (end: number) => {
    pieces.push({ from: text.length, to: text.length + end - at, originFrom: at, originTo: end, replaced: false });
    text += normalized.slice(at, end);
  };
  for (const token of tokens) {
    if (token.kind !== 'word') continue;
    const word = token.norm;
    const replacement = CHAT[word] ?? (known(word) ? undefined : nearestActWord(word));
    if (!replacement || replacement === word) continue;
    keep(token.start);
    pieces.push({
      from: text.length,
      to: text.length + replacement.length,
      originFrom: token.start,
      originTo: token.end,
      replaced: true,
    });
    text += replacement;
    at = token.end;
  }
  keep(normalized.length);
  const origin = (offset: number) => {
    const piece = pieces.find((p) => offset >= p.from && offset <= p.to) ?? pieces.at(-1);
    if (!piece) throw new Error(`no piece of the rewritten text holds offset ${offset}`);
    if (!piece.replaced) return Math.min(piece.originFrom + offset - piece.from, piece.originTo);
    return offset === piece.to ? piece.originTo : piece.originFrom;
  };
  return { text, origin };
}
