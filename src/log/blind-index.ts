/**
 * The blind word index of the conversation log (`turn_terms`): keyed hashes of the words of each turn's (redacted)
 * text and reply, per conversation, so that the console can search conversations without the log keeping any word
 * in the clear. Deleting turns re-indexes what remains (see `indexed-terms.ts` for why SQLite needs that).
 */
import type { Hasher } from './crypto.ts';
import { searchWords } from './crypto.ts';
import { IndexedTerms, type StagedTerms } from './indexed-terms.ts';
import type { Queryable, SqlDatabase } from './sql.ts';
import type { StoredContent } from './stored-turn.ts';

/** Rows one INSERT writes at the most. */
const TERM_BATCH = 300;
/** Reply words whose hash is kept in memory. */
const REPLY_TERM_CACHE = 50_000;
/** A conversation search looks for at most this many words. */
const MAX_SEARCH_WORDS = 8;

/** The index's writes and the hashes a search looks for. */
export class BlindIndex {
  private readonly replyTerms = new Map<string, string>();
  /** SQLite: the terms recent conversations already have in the index (a turn writes only new ones). */
  private readonly memory: IndexedTerms | undefined;

  constructor(
    private readonly hasher: Hasher,
    dialect: SqlDatabase['dialect'],
    private readonly open: (content: Buffer) => StoredContent | undefined,
  ) {
    this.memory = dialect === 'sqlite' ? new IndexedTerms() : undefined;
  }

  /**
   * A transaction that inserts turns: what the index remembers is checked against the database's generation first
   * (another writer may have deleted turns) and kept once the transaction commits.
   */
  async inTransaction<T>(db: SqlDatabase, body: (tx: Queryable, staged: StagedTerms) => Promise<T>): Promise<T> {
    const staged: StagedTerms = new Map();
    const result = await db.transaction(async (tx) => {
      const memory = this.memory;
      if (memory) {
        const row = await tx.get<{ n: number }>('SELECT n FROM log_generation WHERE id = 1');
        const generation = Number(row?.n ?? 0);
        if (memory.generation !== generation) {
          memory.clear();
          memory.generation = generation;
        }
      }
      return body(tx, staged);
    });
    this.memory?.commit(staged);
    return result;
  }

  /** Indexes one new turn (on SQLite, only the words its conversation has not had yet). */
  async addTurn(
    tx: Queryable,
    conversationId: string,
    turnId: number,
    content: StoredContent,
    staged: StagedTerms,
  ): Promise<void> {
    const terms = this.termsOf(content);
    await insertTerms(tx, conversationId, turnId, this.memory?.fresh(conversationId, terms, staged) ?? terms);
  }

  /**
   * After turns were deleted: bumps the generation (writers forget which terms conversations have) and, on SQLite,
   * where a turn only indexes the words its conversation has not had yet, re-indexes what is left of the affected
   * conversations — so that their remaining words stay searchable and deleted words do not.
   */
  async afterDeletion(tx: Queryable, conversationIds: readonly string[]): Promise<void> {
    await tx.run('UPDATE log_generation SET n = n + 1 WHERE id = 1');
    if (!this.memory) return;
    for (const conversationId of conversationIds) {
      await tx.run('DELETE FROM turn_terms WHERE conversation_id = ?', [conversationId]);
      const turns = await tx.all<{ id: number; content: Buffer }>(
        'SELECT id, content FROM turns WHERE conversation_id = ? ORDER BY at, id',
        [conversationId],
      );
      const seen = new Set<string>();
      for (const turn of turns) {
        const content = this.open(turn.content);
        if (!content) continue;
        const fresh = this.termsOf(content).filter((term) => !seen.has(term));
        for (const term of fresh) seen.add(term);
        await insertTerms(tx, conversationId, Number(turn.id), fresh);
      }
    }
  }

  /**
   * The hashes of the words a conversation search looks for (at most `MAX_SEARCH_WORDS`): what the audit log keeps
   * of a search, instead of its words.
   * @example
   * index.searchTerms('red dress'); // ['3f1c…', '9a0b…']
   */
  searchTerms(text: string): string[] {
    return searchWords(text)
      .slice(0, MAX_SEARCH_WORDS)
      .map((word) => this.hasher.term(word));
  }

  /** Blind-index terms of a turn's (redacted) text and reply. */
  private termsOf(content: StoredContent): string[] {
    // User words are hashed afresh (no plain user text is kept in memory); reply words come from the bot's vocabulary.
    return [
      ...new Set([
        ...searchWords(content.text).map((w) => this.hasher.term(w)),
        ...searchWords(content.reply).map((w) => this.replyTerm(w)),
      ]),
    ];
  }

  /** The hash of a word of the bot's own replies (memoised: replies reuse a small vocabulary). */
  private replyTerm(word: string): string {
    let hash = this.replyTerms.get(word);
    if (hash === undefined) {
      if (this.replyTerms.size >= REPLY_TERM_CACHE) this.replyTerms.clear();
      hash = this.hasher.term(word);
      this.replyTerms.set(word, hash);
    }
    return hash;
  }
}

/** Inserts a turn's index rows. */
async function insertTerms(tx: Queryable, conversationId: string, turnId: number, terms: readonly string[]) {
  for (let i = 0; i < terms.length; i += TERM_BATCH) {
    const batch = terms.slice(i, i + TERM_BATCH);
    await tx.run(
      `INSERT INTO turn_terms (term, conversation_id, turn_id) VALUES ${batch.map(() => '(?, ?, ?)').join(', ')}`,
      batch.flatMap((term) => [term, conversationId, turnId]),
    );
  }
}
