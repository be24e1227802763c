/**
 * The conversation log store: pseudonymises, redacts and encrypts each turn, keeps per-conversation aggregates for
 * the review console's list, a blind word index for text search, stylist annotations, retention and opt-in trend
 * statistics. One implementation over `SqlDatabase`, so SQLite and PostgreSQL behave the same. This class is the
 * log's one face; each concern lives in a module of its own: the write path (`turn-writes.ts`), one user's data and
 * retention (`user-data.ts`), the console's reads (`review-queries.ts`), annotations (`annotations.ts`), analytics
 * (`analytics.ts`) and the word index (`blind-index.ts`).
 */
import type { Platform, TurnLog, TurnRecord } from '../types.ts';
import { logAnalytics, weeklyMentions } from './analytics.ts';
import { annotateTurn, trainingLines } from './annotations.ts';
import { BlindIndex } from './blind-index.ts';
import type { LogContext } from './log-rows.ts';
import {
  type Annotation,
  type AnnotationInput,
  COUNT_CAP,
  type ConversationFilter,
  type ConversationPage,
  type LogAnalytics,
  type LoggedTurn,
  type TrainingLine,
  type TurnLogStoreOptions,
  type TurnWriter,
  type WeeklyMention,
} from './log-types.ts';
import { conversationTurns, type ListLimits, listConversations, loggedTurn } from './review-queries.ts';
import type { SqlDatabase } from './sql.ts';
import { openStoredContent } from './stored-turn.ts';
import { TurnWrites } from './turn-writes.ts';
import { eraseUserTurns, exportUserTurns, purgeExpired, setTrendOptIn } from './user-data.ts';

/** The conversation log (see the module comment). Build it with `openTurnLog`. */
export class TurnLogStore implements TurnLog {
  /**
   * The database, for this store and the console's other tables. With a writer thread, every use first waits until
   * the turns it acknowledged are in the log, so that reads (and erasures) see every turn appended before them.
   */
  readonly db: SqlDatabase;
  /** The database itself, for reads that take the writer's turns from it instead (`exportUser`). */
  private readonly direct: SqlDatabase;
  readonly lowConfidence: number;
  private readonly limits: ListLimits;
  private readonly retentionDays: number;
  private retentionTimer: NodeJS.Timeout | undefined;
  private readonly writes: TurnWrites;
  private readonly context: LogContext;

  constructor(options: TurnLogStoreOptions) {
    const { cipher, hasher, clock, logger } = options;
    const open = (content: Buffer) => openStoredContent(cipher, logger, content);
    const index = new BlindIndex(hasher, options.db.dialect, open);
    this.writes = new TurnWrites({ db: options.db, cipher, hasher, logger, index });
    this.direct = options.db;
    this.db = this.writes.db;
    this.context = { db: this.db, cipher, hasher, clock, logger, index, open };
    this.retentionDays = options.retentionDays;
    this.lowConfidence = options.lowConfidence ?? 0.5;
    this.limits = { lowConfidence: this.lowConfidence, countCap: options.countCap ?? COUNT_CAP };
  }

  /**
   * Copies the turns of journals left by writers that are gone (a crash) into the log, then deletes the journals.
   * Resolves to the number of turns copied (those the log had already are skipped).
   */
  recoverJournals(home: string): Promise<number> {
    return this.writes.recoverJournals(home);
  }

  /** From now on, appended turns go to `writer` (a thread with a connection of its own). */
  useWriter(writer: TurnWriter): void {
    this.writes.useWriter(writer);
  }

  /**
   * Logs one turn (raw user id and text; they are pseudonymised, redacted and encrypted here). A turn with a
   * `messageId` already logged for the same platform conversation is ignored (no turn is logged twice).
   *
   * Group commit: the turns appended during one tick of the event loop are written together, and each promise
   * resolves only once they are durable — a turn is durable before its caller goes on (and before a reply is
   * acknowledged), but a thousand concurrent turns cost one write instead of a thousand. Here that is one transaction
   * (a batch that fails is retried turn by turn, so one bad turn cannot fail the others); with a writer thread, one
   * append to its journal, copied into the log in larger batches soon after.
   * @example
   * await log.append({ at, platform: 'telegram', userId: 'telegram:42', conversationId: '42', text: 'hi', … });
   */
  append(record: TurnRecord): Promise<void> {
    return this.writes.append(record);
  }

  /** Logs many turns in one transaction (imports, benchmarks). Resolves to the number stored. */
  appendMany(records: readonly TurnRecord[]): Promise<number> {
    return this.writes.appendMany(records);
  }

  /**
   * Writes turns in one transaction; when that fails, each turn alone, so that one bad turn cannot fail the others.
   * Resolves to each turn's error, or undefined once it is stored (never rejects).
   */
  writeBatch(records: readonly TurnRecord[]): Promise<(Error | undefined)[]> {
    return this.writes.writeBatch(records);
  }

  /**
   * Erases every turn of a user (by pseudonym) logged at or before `until` (default: now), and the conversations
   * left empty; returns how many turns. The erasure is remembered (a keyed hash of the user other than the pseudonym,
   * and the time, for as long as turns are kept): a turn of theirs from before it that arrives later — a spool
   * written back, a journal recovered, another instance — is not stored. Turns after `until` stay (an erasure
   * retried after the user came back).
   * @example
   * await log.eraseUser('telegram:42'); // 17
   */
  async eraseUser(rawUserId: string, until = this.context.clock.now()): Promise<number> {
    // Every journaled turn of the user must be in the log before it is erased from it.
    await this.writes.synced();
    return eraseUserTurns(this.context, rawUserId, until);
  }

  /**
   * Everything logged about a user (redacted text, decrypted), oldest first — including turns the writer has
   * journaled and not copied into the database yet (redacted the same way), without waiting for it.
   */
  exportUser(rawUserId: string): Promise<TurnRecord[]> {
    // Taken before the query: a turn copied meanwhile is in both, and counted once.
    const journaled = this.writes.journaled(rawUserId);
    return exportUserTurns(this.context, this.direct, rawUserId, journaled);
  }

  /**
   * Records a user's consent to aggregated trend statistics. On: their turns from now on count in
   * `weeklyMentions`. Off: none of their turns count any more (past ones included).
   */
  setTrendOptIn(rawUserId: string, on: boolean): Promise<void> {
    return setTrendOptIn(this.context, rawUserId, on);
  }

  /**
   * One page of conversations, most recently active first.
   * @example
   * await log.listConversations({ platform: 'telegram', negativeFeedback: true, text: 'linen', page: 2 });
   */
  listConversations(filter: ConversationFilter = {}): Promise<ConversationPage> {
    return listConversations(this.context, this.limits, filter);
  }

  /** The log's id of a conversation named by its platform id ("telegram:42"), as the console lists it. */
  conversationKey(platform: Platform, conversationId: string): string {
    return this.context.hasher.conversation(platform, conversationId);
  }

  /** The turns of one conversation, oldest first, with their annotations; undefined when it does not exist. */
  conversation(id: string): Promise<LoggedTurn[] | undefined> {
    return conversationTurns(this.context, id);
  }

  /** One turn by id, or undefined. */
  turn(id: number): Promise<LoggedTurn | undefined> {
    return loggedTurn(this.context, id);
  }

  /**
   * The blind-index hashes of the words a conversation search looks for: what the audit log keeps of a search,
   * instead of its words.
   * @example
   * log.searchTermHashes('red dress'); // ['3f1c…', '9a0b…']
   */
  searchTermHashes(text: string): string[] {
    return this.context.index.searchTerms(text);
  }

  /**
   * Saves (replaces) the annotation of a turn. Throws `AnnotationError` on invalid input or an unknown turn.
   * @example
   * await log.annotate(12, 'ada', { rating: 2, tags: ['wrong-colour'], correctedIntent: 'refine' });
   */
  annotate(turnId: number, stylist: string, input: AnnotationInput): Promise<Annotation> {
    return annotateTurn(this.context, turnId, stylist, input);
  }

  /** NLU training lines from the annotations (see `annotations.ts`). */
  trainingLines(): Promise<TrainingLine[]> {
    return trainingLines(this.context);
  }

  /**
   * Deletes turns older than the retention period (`LOG_RETENTION_DAYS`); returns how many.
   * @example
   * await log.purgeExpired(); // 1204
   */
  purgeExpired(): Promise<number> {
    return purgeExpired(this.context, this.retentionDays);
  }

  /** Weekly counts of distinct opted-in users who named a term, in groups of at least `minUsers`. */
  weeklyMentions(minUsers = 20): Promise<WeeklyMention[]> {
    return weeklyMentions(this.context, minUsers);
  }

  /** Conversations and turns per day, intents and 👍/👎 counts over the last `days` days. */
  analytics(days = 30): Promise<LogAnalytics> {
    return logAnalytics(this.context, days);
  }

  /** Refreshes the query planner's statistics (PostgreSQL `ANALYZE`, SQLite `PRAGMA optimize`). */
  async optimize(): Promise<void> {
    await this.db.run(this.db.dialect === 'postgres' ? 'ANALYZE conversations, turns, turn_terms' : 'PRAGMA optimize');
  }

  /** Runs `purgeExpired` and `optimize` every `intervalMs` until `close()` (errors are logged, never thrown). */
  scheduleRetention(intervalMs: number): void {
    clearInterval(this.retentionTimer);
    this.retentionTimer = setInterval(() => {
      this.purgeExpired()
        .then(() => this.optimize())
        .catch((error: Error) => this.context.logger.error('log maintenance failed', { reason: error.message }));
    }, intervalMs);
    this.retentionTimer.unref();
  }

  /** Waits for the turns being written, then closes the writer thread and the database. */
  async close(): Promise<void> {
    clearInterval(this.retentionTimer);
    await this.writes.close();
    await this.db.close();
  }
}
