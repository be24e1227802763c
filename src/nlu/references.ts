/**
 * References to pieces already shown: an ordinal ("the second one", 第二件), an attribute ("the blue one", "the red
 * and white jacket", 蓝色的那件) or an anaphora ("it", "that", 这件). The mentions a reference uses are consumed, so
 * that "the blue one" is not also a wish for blue.
 */
import type { Reference } from '../types.ts';
import type { LexEntry } from './lexicon.ts';
import type { Mention } from './matcher.ts';
import { contentEntry, entryOf, type MentionText } from './mention-text.ts';

/** A reference and where it is written. */
export interface FoundReference {
  reference: Reference;
  start: number;
  end: number;
}

/** Words after an ordinal that make it no reference ("the first time", "second of all"). */
const NOT_AN_ORDINAL_AFTER = new Set(
  'time times week year month night day weekend season minute thing impression of place summer winter spring autumn fall'.split(
    ' ',
  ),
);

/** "where's the …", "where are the …": what follows is missing from the answer, not a piece shown. */
const WHERE_BEFORE = /\bwhere(?:'s|s| is| are)\s*$/i;

/** The ordinal reference mention `i` makes, or undefined when the ordinal counts something else. */
function ordinalReference(
  at: MentionText,
  mentions: readonly Mention[],
  i: number,
  ordinal: LexEntry,
  consumed: Set<Mention>,
): FoundReference | undefined {
  const m = mentions[i];
  if (!m) return undefined;
  const next = at.nextForm(m);
  const prev = m.firstToken > 0 ? at.forms[m.firstToken - 1] : undefined;
  if (next !== undefined && NOT_AN_ORDINAL_AFTER.has(next)) return undefined;
  const following = mentions[i + 1];
  const nextMention = following && at.adjacent(m, following) ? following : undefined;
  const nextContent = nextMention ? contentEntry(nextMention) : undefined;
  // "the first warm coat": an ordinal before a description other than a colour or a piece ranks, it does not point.
  if (m.firstToken >= 0 && nextContent && nextContent.kind !== 'category' && nextContent.kind !== 'color') {
    return undefined;
  }
  // "second hand", "first day": an ordinal without "the"/"that", before another word, is no reference.
  const bare = prev !== 'the' && prev !== 'that' && !nextMention && next !== 'two' && next !== 'three';
  if (m.firstToken >= 0 && bare && m.lastToken < at.tokens.length && at.tokens[m.lastToken]?.kind === 'word') {
    return undefined;
  }
  const withOne = nextMention && entryOf(nextMention, 'one');
  consumed.add(m);
  if (withOne) consumed.add(nextMention);
  return {
    reference: { kind: 'ordinal', index: Number(ordinal.value) },
    start: m.start,
    end: withOne ? nextMention.end : m.end,
  };
}

/** The colour and kind of piece right after a determiner ("the red and white jacket", "the blue one"). */
function attributesAfter(at: MentionText, mentions: readonly Mention[], i: number) {
  const attribute: { color?: string; category?: string } = {};
  const used: Mention[] = [];
  let last = mentions[i];
  for (let j = i + 1; last && j < mentions.length && j <= i + 6; j++) {
    const next = mentions[j];
    if (!next) break;
    const color = entryOf(next, 'color');
    // "the red and white jacket": colours joined by "and" or commas describe one item.
    const joined = color && entryOf(last, 'color') && at.joinedByAnd(last, next);
    if (!at.adjacent(last, next) && !joined) break;
    const category = entryOf(next, 'category');
    if (color && !attribute.category) attribute.color ??= color.value;
    else if (category && !attribute.category) attribute.category = category.value;
    else if (entryOf(next, 'one')) {
      used.push(next);
      last = next;
      break;
    } else if (!entryOf(next, 'pattern') && !entryOf(next, 'material')) break;
    used.push(next);
    last = next;
  }
  return { attribute, used, last };
}

/** The reference a determiner (the, this, 这件 …) at mention `i` starts, if any. */
function determinerReference(
  at: MentionText,
  mentions: readonly Mention[],
  i: number,
  determiner: LexEntry,
  consumed: Set<Mention>,
): FoundReference | undefined {
  const m = mentions[i];
  if (!m) return undefined;
  const { attribute, used, last } = attributesAfter(at, mentions, i);
  if ((attribute.color || attribute.category) && used.length && last) {
    consumed.add(m);
    for (const u of used) if (!entryOf(u, 'pattern') && !entryOf(u, 'material')) consumed.add(u);
    return { reference: { kind: 'attribute', ...attribute }, start: m.start, end: last.end };
  }
  if (m.firstToken < 0) {
    consumed.add(m);
    // Chinese "这件" / "那个" alone, or "蓝色的那件" (colour just before).
    const before = mentions[i - 1];
    const color = before && at.adjacent(before, m) ? entryOf(before, 'color') : undefined;
    if (before && color) {
      consumed.add(before);
      return { reference: { kind: 'attribute', color: color.value }, start: before.start, end: m.end };
    }
    return { reference: { kind: 'anaphora' }, start: m.start, end: m.end };
  }
  // "the one?", "the same.": "the" with a word of its own, closing the sentence, points at what was shown.
  const after = at.forms[m.lastToken];
  if (determiner.value === 'the' && m.text.toLowerCase() !== 'the' && (after === undefined || /^[?.!,]$/.test(after))) {
    return { reference: { kind: 'anaphora' }, start: m.start, end: m.end };
  }
  return undefined;
}

/**
 * The reference an utterance makes to pieces shown, marking the mentions it uses as consumed. An ordinal wins over
 * an attribute or anaphora found before it; otherwise the first reference found stands.
 * @example
 * findReference(at, mentions, consumed)?.reference; // { kind: 'ordinal', index: 1 } for "the second one"
 */
export function findReference(
  at: MentionText,
  mentions: readonly Mention[],
  consumed: Set<Mention>,
): FoundReference | undefined {
  let found: FoundReference | undefined;
  for (let i = 0; i < mentions.length && found?.reference.kind !== 'ordinal'; i++) {
    const m = mentions[i];
    if (!m) continue;
    const ordinal = entryOf(m, 'ordinal');
    if (ordinal) {
      found = ordinalReference(at, mentions, i, ordinal, consumed) ?? found;
      continue;
    }
    if (found) continue;
    const determiner = entryOf(m, 'determiner') ?? (m.firstToken < 0 ? entryOf(m, 'anaphora') : undefined);
    // "where's the gold tho": the colour asked for, not a piece pointed at.
    if (determiner && WHERE_BEFORE.test(at.text.slice(0, m.start))) continue;
    if (determiner) {
      found = determinerReference(at, mentions, i, determiner, consumed);
      continue;
    }
    if (entryOf(m, 'anaphora')) {
      found = { reference: { kind: 'anaphora' }, start: m.start, end: m.end };
      consumed.add(m);
    }
  }
  return found;
}
