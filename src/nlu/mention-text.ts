/**
 * An utterance as the slot extractor walks it: the text, its tokens and their corrected forms, with the questions
 * asked of two lexicon mentions (are they adjacent, joined by "and") and of one mention's entries.
 */
import { CONTENT_PRIORITY, type LexEntry, type LexKind } from './lexicon.ts';
import type { Mention } from './matcher.ts';
import type { Token } from './text.ts';

/**
 * The entry of a mention that names content (a piece, a colour, an occasion …), by `CONTENT_PRIORITY`.
 * @example
 * contentEntry(mention)?.kind; // 'category' for "hoodie"
 */
export function contentEntry(m: Mention): LexEntry | undefined {
  for (const kind of CONTENT_PRIORITY) {
    const entry = m.entries.find((e) => e.kind === kind);
    if (entry) return entry;
  }
  return undefined;
}

/**
 * The entry of a mention of one kind, if it has one.
 * @example
 * entryOf(mention, 'color')?.value; // 'navy'
 */
export function entryOf(m: Mention, kind: LexKind): LexEntry | undefined {
  return m.entries.find((e) => e.kind === kind);
}

/**
 * A list with a value appended once (a new list when there was none).
 * @example
 * pushUnique(['black'], 'navy'); // ['black', 'navy']
 */
export function pushUnique<T>(list: T[] | undefined, value: T): T[] {
  const out = list ?? [];
  if (!out.includes(value)) out.push(value);
  return out;
}

/** The text of an utterance with its tokens and corrected forms, and how mentions sit in it. */
export class MentionText {
  constructor(
    readonly text: string,
    readonly tokens: readonly Token[],
    readonly forms: readonly string[],
  ) {}

  /** The form of the token right after a mention (English), if any. */
  nextForm(m: Mention): string | undefined {
    return m.lastToken >= 0 ? this.forms[m.lastToken] : undefined;
  }

  /** Whether mention `b` starts right where `a` ends (Chinese: at most two spaces or 的 between). */
  adjacent(a: Mention, b: Mention): boolean {
    if (a.lastToken >= 0 && b.firstToken >= 0) return b.firstToken === a.lastToken;
    const gap = this.text.slice(a.end, b.start);
    return /^[\s的]{0,2}$/.test(gap);
  }

  /** Whether only "and" / commas stand between two English mentions. */
  joinedByAnd(a: Mention, b: Mention): boolean {
    if (a.lastToken < 0 || b.firstToken < 0 || b.firstToken <= a.lastToken) return false;
    const gap = this.forms.slice(a.lastToken, b.firstToken);
    return gap.length <= 2 && gap.every((f) => f === 'and' || f === ',' || f === '&');
  }
}
