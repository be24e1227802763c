/**
 * Words that are garments, materials or occasions as nouns but verbs or particles in context: "dress me for the
 * rain", "I mostly dress for the office", "does it work for you", "nice work", "narrow it down".
 */
import type { Mention } from './matcher.ts';

/** `prev`: words right before that make the word a verb; `next`: words right after that do. */
const VERB_USES: Readonly<Record<string, { prev: ReadonlySet<string>; next: ReadonlySet<string> }>> = {
  dress: {
    prev: new Set(
      "i you we they to how should can could would will i'd i'll mostly usually always never often generally normally typically also just please".split(
        ' ',
      ),
    ),
    next: new Set('me him her us them myself yourself up down better well smarter smart more'.split(' ')),
  },
  work: {
    prev: new Set(
      "does do did doesn't don't didn't will would won't wouldn't can can't could might should it that this they these those nice good great how".split(
        ' ',
      ),
    ),
    next: new Set('best well out better exactly'.split(' ')),
  },
  // "narrow it down", "tone these down": a particle, not the filling of a down jacket.
  down: {
    prev: new Set('narrow narrowed it them these those that this results list tone calm slow cut scroll go'.split(' ')),
    next: new Set('to a the my your'.split(' ')),
  },
  suit: {
    prev: new Set(
      "it that this these those they would will does do doesn't don't won't might may to colours".split(' '),
    ),
    next: new Set('me him her us them my'.split(' ')),
  },
};

const PREPOSITIONS: ReadonlySet<string> = new Set(['for', 'to', 'at', 'from', 'after', 'before', 'of']);

/**
 * Whether a one-word mention is used as a verb (or particle) where it stands.
 * @example
 * isVerbUse(mentionOf('dress'), ['how', 'should', 'i', 'dress']); // true
 */
export function isVerbUse(m: Mention, forms: readonly string[]): boolean {
  if (m.firstToken < 0 || m.lastToken !== m.firstToken + 1) return false;
  const word = forms[m.firstToken];
  const rule = word === undefined ? undefined : VERB_USES[word];
  if (!rule) return false;
  const prev = forms[m.firstToken - 1];
  const next = forms[m.lastToken];
  // "how do rockets work", "how does this work?": a closing verb after a "how" question.
  if (word !== 'down' && forms[0] === 'how' && (next === undefined || next === '?') && !PREPOSITIONS.has(prev ?? '')) {
    return true;
  }
  // "how the recommendations work", "do the buttons work": a plural subject before the verb.
  if (word === 'work' && prev !== undefined && prev.length > 3 && prev.endsWith('s')) return true;
  return (prev !== undefined && rule.prev.has(prev)) || (next !== undefined && rule.next.has(next));
}
