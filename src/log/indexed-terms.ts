/**
 * Which search terms the recent conversations already have in the blind index (SQLite). The conversation list
 * searches whole conversations (`turn_terms` holds term × conversation), so a turn only needs rows for the words its
 * conversation has not had yet — most of a reply's words were in the replies before it. Deleting turns (erasure,
 * retention) re-indexes what remains and bumps a generation counter in the database; whoever writes checks it inside
 * its write transaction and forgets what it remembered when it changed.
 */

/** A term's key in memory: the first 52 bits of its hash (a collision would only skip one redundant row). */
const keyOf = (term: string) => Number.parseInt(term.slice(0, 13), 16);

/** Terms staged by a transaction, per conversation; remembered only once it commits. */
export type StagedTerms = Map<string, Set<number>>;

/** The remembered terms of the most recently written conversations. */
export class IndexedTerms {
  private readonly conversations = new Map<string, Set<number>>();
  /** The database's generation these memories belong to (undefined: not read yet). */
  generation: number | undefined;

  constructor(readonly capacity = 5000) {}

  /** The terms the conversation has not had yet (in the index or earlier in this transaction); stages them. */
  fresh(conversationId: string, terms: readonly string[], staged: StagedTerms): string[] {
    const known = this.conversations.get(conversationId);
    let pending = staged.get(conversationId);
    if (!pending) {
      pending = new Set();
      staged.set(conversationId, pending);
    }
    const out: string[] = [];
    for (const term of terms) {
      const key = keyOf(term);
      if (known?.has(key) || pending.has(key)) continue;
      pending.add(key);
      out.push(term);
    }
    return out;
  }

  /** Remembers what a committed transaction indexed. */
  commit(staged: StagedTerms): void {
    for (const [conversationId, terms] of staged) {
      const known = this.conversations.get(conversationId) ?? new Set<number>();
      for (const key of terms) known.add(key);
      // Re-inserted: most recently written last, so the oldest go first.
      this.conversations.delete(conversationId);
      this.conversations.set(conversationId, known);
    }
    for (const oldest of this.conversations.keys()) {
      if (this.conversations.size <= this.capacity) break;
      this.conversations.delete(oldest);
    }
  }

  clear(): void {
    this.conversations.clear();
    this.generation = undefined;
  }
}
