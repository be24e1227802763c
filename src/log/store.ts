/**
 * The conversation log store: pseudonymises, redacts and encrypts each turn, keeps per-conversation aggregates for
 * the review console's list, a blind word index for text search, stylist annotations, retention and opt-in trend
 * statistics. One implementation over `SqlDatabase`, so SQLite and PostgreSQL behave the same.
 */
import { unlinkSync } from 'node:fs';
import { z } from 'zod';
import {
  type Clock,
  INTENTS,
  type Intent,
  type Logger,
  type Platform,
  type ReplyItem,
  type ReplyOutfit,
  type Slots,
  type StateEvent,
  type TurnLog,
  type TurnRecord,
} from '../types.ts';
import { type Hasher, searchWords, type TextCipher } from './crypto.ts';
import { IndexedTerms, type StagedTerms } from './indexed-terms.ts';
import { leftoverJournals } from './journal.ts';
import { redact, redactDeep } from './redact.ts';
import type { Queryable, Row, SqlDatabase, SqlValue } from './sql.ts';

const DAY_MS = 86_400_000;

/** Filters of the conversation list; every field is optional and they combine with AND. */
export interface ConversationFilter {
  platform?: Platform;
  /** Conversations active at or after this time (ms). */
  from?: number;
  /** Conversations active at or before this time (ms). */
  to?: number;
  /** Conversations with at least one turn of this intent. */
  intent?: Intent;
  /** Conversations with a turn parsed below the low-confidence threshold. */
  lowConfidence?: boolean;
  /** Conversations with a 👎 (button or `feedback_negative` turn). */
  negativeFeedback?: boolean;
  /** Conversations no stylist has annotated yet. */
  unreviewed?: boolean;
  /** Words that must all occur in the conversation (messages or replies), whole words, any case. */
  text?: string;
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

/** One row of the conversation list. */
export interface ConversationSummary {
  id: string;
  platform: Platform;
  firstAt: number;
  lastAt: number;
  turns: number;
  minConfidence: number;
  negative: number;
  annotated: number;
  /** The first user message (redacted), shortened. */
  preview: string;
}

export interface ConversationPage {
  conversations: ConversationSummary[];
  /** Matching conversations, counted up to the count cap (then `totalCapped` is true). */
  total: number;
  totalCapped: boolean;
  hasNext: boolean;
  page: number;
  pageSize: number;
}

/** Counting stops here: an exact count of a broad filter over a large log costs more than the page itself. */
export const COUNT_CAP = 1000;

/** A stylist's annotation of one turn. */
export interface Annotation {
  turnId: number;
  stylist: string;
  rating?: number;
  tags: string[];
  correctedIntent?: Intent;
  correctedSlots?: Slots;
  betterItem?: string;
  note?: string;
  updatedAt: number;
}

/** What a stylist submits; validated by `annotationInputSchema`. */
export type AnnotationInput = Omit<Annotation, 'turnId' | 'stylist' | 'updatedAt'>;

const SLOT_NAMES = [
  'category',
  'color',
  'exclude_color',
  'pattern',
  'material',
  'exclude_material',
  'occasion',
  'season',
  'weather',
  'budget_max',
  'budget_min',
  'currency',
  'price_direction',
  'size',
  'gender',
  'style',
  'exclude_style',
  'brand',
  'sleeve_length',
  'reference',
  'request_slots',
  'region',
  'tone',
  'language',
] as const satisfies readonly (keyof Slots)[];

/** Validates an annotation at the edge (the console form and any API). */
export const annotationInputSchema = z
  .object({
    rating: z.number().int().min(1).max(5).optional(),
    tags: z.array(z.string().trim().min(1).max(40)).max(20),
    correctedIntent: z.enum(INTENTS).optional(),
    correctedSlots: z
      .record(z.string(), z.unknown())
      .refine((o) => Object.keys(o).every((k) => (SLOT_NAMES as readonly string[]).includes(k)), {
        message: `unknown slot name; expected some of: ${SLOT_NAMES.join(', ')}`,
      })
      .optional(),
    betterItem: z.string().trim().min(1).max(100).optional(),
    note: z.string().max(4000).optional(),
  })
  .strict();

/** One turn as the console shows it: decrypted (already redacted) text plus its parse and what was shown. */
export interface LoggedTurn {
  id: number;
  conversationId: string;
  platform: Platform;
  /** Pseudonym (HMAC) of the user. */
  userKey: string;
  messageId?: string;
  at: number;
  text: string;
  reply: string;
  explanation?: string;
  /** True when the stored text could not be decrypted (wrong key); text and reply are then empty. */
  unreadable: boolean;
  intent: Intent;
  confidence: number;
  slots: Slots;
  items: ReplyItem[];
  outfits: ReplyOutfit[];
  latencyMs: number;
  models: Record<string, string>;
  feedback?: { itemId: string; value: 1 | -1 };
  /** The named action that served the turn and its state events (turns logged before they were kept lack them). */
  action?: string;
  events?: StateEvent[];
  annotation?: Annotation;
}

/** A line of NLU training data (`fashion-advisor train nlu` extra data). */
export interface TrainingLine {
  text: string;
  intent: Intent;
  slots?: Slots;
}

/** Distinct opted-in users who mentioned a term in a week (ISO date of the Monday). */
export interface WeeklyMention {
  week: string;
  term: string;
  users: number;
}

/** Simple analytics for the trends page. */
export interface LogAnalytics {
  perDay: { day: string; conversations: number; turns: number }[];
  intents: { intent: string; turns: number }[];
  feedback: { positive: number; negative: number };
}

export interface TurnLogStoreOptions {
  db: SqlDatabase;
  cipher: TextCipher;
  hasher: Hasher;
  clock: Clock;
  logger: Logger;
  retentionDays: number;
  /** Turns parsed below this confidence mark their conversation "low confidence". Default 0.5. */
  lowConfidence?: number;
  /** Conversation lists count matches up to this many. Default `COUNT_CAP`. */
  countCap?: number;
}

/** Writes batches of turns for a `TurnLogStore` (through a journal and a thread of its own, see `writer.ts`). */
export interface TurnWriter {
  /** The data home its journal is in. */
  readonly home: string;
  /**
   * Makes the turns durable (journaled: copied into the log soon after); resolves to each turn's error (one that
   * cannot be stored) or undefined; rejects if the writer is gone.
   */
  write(records: readonly TurnRecord[]): Promise<(Error | undefined)[]>;
  /** Resolves once every turn written so far is in the log (rejects if they could not be copied). */
  sync(): Promise<void>;
  /** The turns written (durable) and not in the log yet, oldest first. */
  notCopied(): readonly TurnRecord[];
  /** After the writer failed: lets go of its journal, so that `recoverJournals` copies what it holds. */
  abandon(): void;
  close(): Promise<void>;
}

/**
 * What a turn keeps encrypted: the texts, and the action with the state events (profile data, redacted like the
 * text), which make the conversation replayable (`fashion-advisor replay`).
 */
interface StoredContent {
  text: string;
  reply: string;
  explanation?: string;
  action?: string;
  events?: StateEvent[];
}

/** The encrypted part of a turn, redacted. */
function contentOf(record: TurnRecord): StoredContent {
  const content: StoredContent = { text: redact(record.text), reply: redact(record.reply) };
  if (record.explanation !== undefined) content.explanation = redact(record.explanation);
  if (record.action !== undefined) content.action = record.action;
  if (record.events !== undefined) content.events = redactDeep(record.events);
  return content;
}

/** A turn as the log keeps it: its conversation and message ids pseudonymised, its texts and slots redacted. */
function asStored(record: TurnRecord, hasher: Hasher): TurnRecord {
  const stored: TurnRecord = {
    ...record,
    conversationId: hasher.conversation(record.platform, record.conversationId),
    messageId: storedMessageId(record, hasher),
    text: redact(record.text),
    reply: redact(record.reply),
    slots: redactDeep(record.slots),
  };
  if (record.explanation !== undefined) stored.explanation = redact(record.explanation);
  if (record.events !== undefined) stored.events = redactDeep(record.events);
  return stored;
}

/** The message id as the log keeps it: a keyed hash, since a platform's id can name the chat (and so the user). */
function storedMessageId(record: TurnRecord, hasher: Hasher): string | undefined {
  return record.messageId === undefined ? undefined : hasher.message(record.platform, record.messageId);
}

const TERM_BATCH = 300;
/** Most turns one group commit writes. */
const GROUP_COMMIT_MAX = 500;
/** Reply words whose blind-index hash is kept in memory. */
const REPLY_TERM_CACHE = 50_000;
const IN_BATCH = 500;
/** A conversation search looks for at most this many words. */
const MAX_SEARCH_WORDS = 8;

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
  private readonly countCap: number;
  private readonly cipher: TextCipher;
  private readonly hasher: Hasher;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly retentionDays: number;
  private retentionTimer: NodeJS.Timeout | undefined;
  private readonly queue: PendingAppend[] = [];
  private draining: Promise<void> | undefined;
  /** Batches handed to the writer thread and not settled yet. */
  private readonly inFlight = new Set<Promise<void>>();
  private writer: TurnWriter | undefined;
  /** Whether turns went to the writer since its last `sync`, and the sync under way. */
  private unsynced = false;
  private syncing: Promise<void> | undefined;
  private readonly replyTerms = new Map<string, string>();
  /** SQLite: the terms recent conversations already have in the index (a turn writes only new ones). */
  private readonly indexedTerms: IndexedTerms | undefined;

  constructor(options: TurnLogStoreOptions) {
    this.direct = options.db;
    this.db = this.caughtUpFirst(options.db);
    this.cipher = options.cipher;
    this.hasher = options.hasher;
    this.clock = options.clock;
    this.logger = options.logger;
    this.retentionDays = options.retentionDays;
    this.lowConfidence = options.lowConfidence ?? 0.5;
    this.countCap = options.countCap ?? COUNT_CAP;
    this.indexedTerms = this.db.dialect === 'sqlite' ? new IndexedTerms() : undefined;
  }

  /** `db`, each use of which first waits for `caughtUp`. */
  private caughtUpFirst(db: SqlDatabase): SqlDatabase {
    return {
      dialect: db.dialect,
      all: async <T extends Row>(sql: string, params?: SqlValue[]) => {
        await this.caughtUp();
        return db.all<T>(sql, params);
      },
      get: async <T extends Row>(sql: string, params?: SqlValue[]) => {
        await this.caughtUp();
        return db.get<T>(sql, params);
      },
      run: async (sql, params) => {
        await this.caughtUp();
        return db.run(sql, params);
      },
      transaction: async (body) => {
        await this.caughtUp();
        return db.transaction(body);
      },
      scrubDeleted: () => db.scrubDeleted(),
      close: () => db.close(),
    };
  }

  /**
   * Waits until the turns handed to the writer are in the log. If they cannot be copied yet, goes on (reads show
   * what is there; the failure is logged by the writer) — `eraseUser` insists instead.
   */
  private async caughtUp(): Promise<void> {
    const writer = this.writer;
    if (!writer) return;
    if (this.unsynced) {
      this.unsynced = false;
      const syncing: Promise<void> = writer.sync().finally(() => {
        if (this.syncing === syncing) this.syncing = undefined;
      });
      this.syncing = syncing;
    }
    await this.syncing?.catch((error: Error) => {
      this.unsynced = true;
      this.logger.warn('conversation log: reading without the turns still journaled', { error: error.message });
    });
  }

  /**
   * Copies the turns of journals left by writers that are gone (a crash) into the log, then deletes the journals.
   * Resolves to the number of turns copied (those the log had already are skipped).
   */
  async recoverJournals(home: string): Promise<number> {
    let copied = 0;
    for (const journal of leftoverJournals(home, this.cipher)) {
      const errors = journal.records.length > 0 ? await this.writeBatch(journal.records) : [];
      const failed = errors.find((e) => e !== undefined);
      if (failed) throw new Error(`could not copy the journal ${journal.file} into the log: ${failed.message}`);
      if (journal.unreadable > 0) {
        this.logger.warn('conversation log: a journal held an unfinished batch (never acknowledged)', {
          file: journal.file,
          batches: journal.unreadable,
        });
      }
      unlinkSync(journal.file);
      copied += journal.records.length;
    }
    if (copied > 0) this.logger.info('conversation log: journaled turns recovered', { turns: copied });
    return copied;
  }

  /** From now on, appended turns go to `writer` (a thread with a connection of its own). */
  useWriter(writer: TurnWriter): void {
    this.writer = writer;
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
    return new Promise((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
      this.draining ??= this.drain();
    });
  }

  /** Logs many turns in one transaction (imports, benchmarks). Resolves to the number stored. */
  async appendMany(records: readonly TurnRecord[]): Promise<number> {
    return this.inWriteTransaction(async (tx, staged) => {
      let stored = 0;
      for (const record of records) if (await this.insertTurn(tx, record, staged)) stored++;
      return stored;
    });
  }

  /** A transaction that inserts turns: index memories are checked against the database first, kept on commit. */
  private async inWriteTransaction<T>(body: (tx: Queryable, staged: StagedTerms) => Promise<T>): Promise<T> {
    const staged: StagedTerms = new Map();
    const result = await this.db.transaction(async (tx) => {
      const memory = this.indexedTerms;
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
    this.indexedTerms?.commit(staged);
    return result;
  }

  /** Writes queued turns, a batch at a time, until the queue is empty (never throws). */
  private async drain(): Promise<void> {
    // Let the turns that finish in this tick join the batch.
    await new Promise((resolve) => setImmediate(resolve));
    for (;;) {
      const batch = this.queue.splice(0, GROUP_COMMIT_MAX);
      if (batch.length === 0) {
        this.draining = undefined;
        return;
      }
      // The writer thread takes every tick's turns as they come (it queues them, in order, and commits what has
      // arrived together); here, on the main thread, one batch commits before the next one starts.
      if (this.writer) this.sendToWriter(batch);
      else settle(batch, await this.writeBatch(batch.map((pending) => pending.record)));
    }
  }

  /** Hands a batch to the writer thread; settles each turn once the thread has committed it. */
  private sendToWriter(batch: PendingAppend[]): void {
    const writer = this.writer!;
    const records = batch.map((pending) => pending.record);
    this.unsynced = true;
    const written = writer.write(records).then(
      (errors) => errors,
      async (error: Error) => {
        // The writer is gone: write here from now on, starting with what it had journaled (a turn stored already
        // is not stored twice).
        if (this.writer === writer) {
          this.logger.error('log writer thread failed; writing the log on the main thread', { error: error.message });
          this.writer = undefined;
          writer.abandon();
          await this.recoverJournals(writer.home).catch((e: Error) =>
            this.logger.error('conversation log: journal not recovered; the next start retries', { error: e.message }),
          );
        }
        return this.writeBatch(records);
      },
    );
    const settled = written.then((errors) => settle(batch, errors));
    this.inFlight.add(settled);
    void settled.finally(() => this.inFlight.delete(settled));
  }

  /**
   * Writes turns in one transaction; when that fails, each turn alone, so that one bad turn cannot fail the others.
   * Resolves to each turn's error, or undefined once it is stored (never rejects).
   */
  async writeBatch(records: readonly TurnRecord[]): Promise<(Error | undefined)[]> {
    try {
      await this.inWriteTransaction(async (tx, staged) => {
        for (const record of records) await this.insertTurn(tx, record, staged);
      });
      return records.map(() => undefined);
    } catch (error) {
      if (records.length === 1) return [error as Error];
      const errors: (Error | undefined)[] = [];
      for (const record of records) {
        errors.push(
          await this.inWriteTransaction((tx, staged) => this.insertTurn(tx, record, staged)).then(
            () => undefined,
            (e: unknown) => e as Error,
          ),
        );
      }
      return errors;
    }
  }

  /** The blind-index hash of a word of the bot's own replies (memoised: replies reuse a small vocabulary). */
  private replyTerm(word: string): string {
    let hash = this.replyTerms.get(word);
    if (hash === undefined) {
      if (this.replyTerms.size >= REPLY_TERM_CACHE) this.replyTerms.clear();
      hash = this.hasher.term(word);
      this.replyTerms.set(word, hash);
    }
    return hash;
  }

  private async insertTurn(tx: Queryable, record: TurnRecord, staged: StagedTerms): Promise<boolean> {
    const userKey = this.hasher.user(record.userId);
    // A turn from before its user's erasure, arriving late (spool, journal, another instance), is not stored.
    const erased = await tx.get('SELECT 1 AS erased FROM erasures WHERE erasure_key = ? AND erased_at >= ?', [
      this.hasher.erasure(record.userId),
      record.at,
    ]);
    if (erased) return false;
    const conversationId = this.hasher.conversation(record.platform, record.conversationId);
    const content = contentOf(record);
    const negative = record.feedback?.value === -1 || record.intent === 'feedback_negative' ? 1 : 0;
    await tx.run(
      `INSERT INTO conversations (id, platform, first_at, last_at, turns, min_confidence, negative, annotated)
       VALUES (?, ?, ?, ?, 0, ?, 0, 0) ON CONFLICT DO NOTHING`,
      [conversationId, record.platform, record.at, record.at, record.confidence],
    );
    const inserted = await tx.get<{ id: number }>(
      `INSERT INTO turns (conversation_id, platform, user_key, message_id, at, content, intent, confidence, slots,
         items, outfits, latency_ms, models, feedback_item, feedback_value, trend_opt_in)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COUNT(*) FROM trend_optins o WHERE o.user_key = ?))
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        conversationId,
        record.platform,
        userKey,
        storedMessageId(record, this.hasher) ?? null,
        record.at,
        this.cipher.encrypt(JSON.stringify(content)),
        record.intent,
        record.confidence,
        JSON.stringify(redactDeep(record.slots)),
        JSON.stringify(record.items),
        JSON.stringify(record.outfits),
        record.latencyMs,
        JSON.stringify(record.models),
        record.feedback?.itemId ?? null,
        record.feedback?.value ?? null,
        userKey,
      ],
    );
    if (!inserted) return false;
    await tx.run(
      `UPDATE conversations SET turns = turns + 1, negative = negative + ?,
         first_at = CASE WHEN ? < first_at THEN ? ELSE first_at END,
         last_at = CASE WHEN ? > last_at THEN ? ELSE last_at END,
         min_confidence = CASE WHEN ? < min_confidence THEN ? ELSE min_confidence END
       WHERE id = ?`,
      [negative, record.at, record.at, record.at, record.at, record.confidence, record.confidence, conversationId],
    );
    const terms = this.termsOf(content);
    await insertTerms(
      tx,
      conversationId,
      inserted.id,
      this.indexedTerms?.fresh(conversationId, terms, staged) ?? terms,
    );
    return true;
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

  /**
   * After turns were deleted: bumps the generation (writers forget which terms conversations have) and, on SQLite,
   * where a turn only indexes the words its conversation has not had yet, re-indexes what is left of the affected
   * conversations — so that their remaining words stay searchable and deleted words do not.
   */
  private async afterDeletion(tx: Queryable, conversationIds: readonly string[]): Promise<void> {
    await tx.run('UPDATE log_generation SET n = n + 1 WHERE id = 1');
    if (!this.indexedTerms) return;
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
   * Erases every turn of a user (by pseudonym) logged at or before `until` (default: now), and the conversations
   * left empty; returns how many turns. The erasure is remembered (a keyed hash of the user other than the pseudonym,
   * and the time, for as long as turns are kept): a turn of theirs from before it that arrives later — a spool written back, a journal recovered, another
   * instance — is not stored. Turns after `until` stay (an erasure retried after the user came back).
   * @example
   * await log.eraseUser('telegram:42'); // 17
   */
  async eraseUser(rawUserId: string, until = this.clock.now()): Promise<number> {
    const userKey = this.hasher.user(rawUserId);
    // Every journaled turn of the user must be in the log before it is erased from it.
    await this.writer?.sync();
    const erased = await this.db.transaction(async (tx) => {
      await tx.run(
        `INSERT INTO erasures (erasure_key, erased_at) VALUES (?, ?)
         ON CONFLICT (erasure_key) DO UPDATE SET erased_at = CASE WHEN excluded.erased_at > erasures.erased_at
           THEN excluded.erased_at ELSE erasures.erased_at END`,
        [this.hasher.erasure(rawUserId), until],
      );
      const affected = await tx.all<{ conversation_id: string }>(
        'SELECT DISTINCT conversation_id FROM turns WHERE user_key = ? AND at <= ?',
        [userKey, until],
      );
      const erased = await tx.run('DELETE FROM turns WHERE user_key = ? AND at <= ?', [userKey, until]);
      await tx.run('DELETE FROM trend_optins WHERE user_key = ? AND since <= ?', [userKey, until]);
      const conversationIds = affected.map((r) => r.conversation_id);
      await refreshConversations(tx, conversationIds);
      await this.afterDeletion(tx, conversationIds);
      return erased;
    });
    await this.db.scrubDeleted();
    return erased;
  }

  /**
   * Everything logged about a user (redacted text, decrypted), oldest first — including turns the writer has
   * journaled and not copied into the database yet (redacted the same way), without waiting for it.
   */
  async exportUser(rawUserId: string): Promise<TurnRecord[]> {
    // Taken before the query: a turn copied meanwhile is in both, and counted once.
    const journaled = this.writer?.notCopied().filter((r) => r.userId === rawUserId) ?? [];
    const rows = await this.direct.all<TurnRow>(`${TURN_SELECT} WHERE t.user_key = ? ORDER BY t.at, t.id`, [
      this.hasher.user(rawUserId),
    ]);
    const records = rows.map((row) => {
      const turn = this.toLoggedTurn(row);
      const record: TurnRecord = {
        at: turn.at,
        platform: turn.platform,
        userId: rawUserId,
        conversationId: turn.conversationId,
        text: turn.text,
        reply: turn.reply,
        intent: turn.intent,
        confidence: turn.confidence,
        slots: turn.slots,
        items: turn.items,
        outfits: turn.outfits,
        latencyMs: turn.latencyMs,
        models: turn.models,
      };
      if (turn.messageId !== undefined) record.messageId = turn.messageId;
      if (turn.explanation !== undefined) record.explanation = turn.explanation;
      if (turn.feedback) record.feedback = turn.feedback;
      if (turn.action !== undefined) record.action = turn.action;
      if (turn.events !== undefined) record.events = turn.events;
      return record;
    });
    const logged = new Set(records.map((r) => r.messageId));
    for (const turn of journaled) {
      const stored = asStored(turn, this.hasher);
      if (!logged.has(stored.messageId)) records.push(stored);
    }
    return records.sort((a, b) => a.at - b.at);
  }

  /**
   * Records a user's consent to aggregated trend statistics. On: their turns from now on count in
   * `weeklyMentions`. Off: none of their turns count any more (past ones included).
   */
  async setTrendOptIn(rawUserId: string, on: boolean): Promise<void> {
    const userKey = this.hasher.user(rawUserId);
    await this.db.transaction(async (tx) => {
      if (on) {
        await tx.run('INSERT INTO trend_optins (user_key, since) VALUES (?, ?) ON CONFLICT DO NOTHING', [
          userKey,
          this.clock.now(),
        ]);
      } else {
        await tx.run('DELETE FROM trend_optins WHERE user_key = ?', [userKey]);
        await tx.run('UPDATE turns SET trend_opt_in = 0 WHERE user_key = ? AND trend_opt_in = 1', [userKey]);
      }
    });
  }

  /**
   * One page of conversations, most recently active first.
   * @example
   * await log.listConversations({ platform: 'telegram', negativeFeedback: true, text: 'linen', page: 2 });
   */
  async listConversations(filter: ConversationFilter = {}): Promise<ConversationPage> {
    const pageSize = Math.min(Math.max(filter.pageSize ?? 50, 1), 200);
    const page = Math.max(filter.page ?? 1, 1);
    const where: string[] = [];
    const params: SqlValue[] = [];
    const add = (clause: string, ...values: SqlValue[]) => {
      where.push(clause);
      params.push(...values);
    };
    if (filter.platform) add('c.platform = ?', filter.platform);
    if (filter.from !== undefined) add('c.last_at >= ?', filter.from);
    if (filter.to !== undefined) add('c.first_at <= ?', filter.to);
    if (filter.lowConfidence) add('c.min_confidence < ?', this.lowConfidence);
    if (filter.negativeFeedback) add('c.negative > 0');
    if (filter.unreviewed) add('c.annotated = 0');
    if (filter.intent)
      add('EXISTS (SELECT 1 FROM turns t WHERE t.intent = ? AND t.conversation_id = c.id)', filter.intent);
    for (const word of searchWords(filter.text ?? '').slice(0, MAX_SEARCH_WORDS)) {
      add('EXISTS (SELECT 1 FROM turn_terms s WHERE s.term = ? AND s.conversation_id = c.id)', this.hasher.term(word));
    }
    const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const rows = await this.db.all<ConversationRow>(
      `SELECT c.* FROM conversations c ${whereSql} ORDER BY c.last_at DESC, c.id LIMIT ? OFFSET ?`,
      [...params, pageSize + 1, (page - 1) * pageSize],
    );
    const hasNext = rows.length > pageSize;
    if (hasNext) rows.pop();
    const countRow = await this.db.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM (SELECT 1 FROM conversations c ${whereSql} LIMIT ${this.countCap + 1}) capped`,
      params,
    );
    const counted = Number(countRow?.n ?? 0);
    const previews = await this.previews(rows.map((r) => r.id));
    return {
      conversations: rows.map((r) => ({
        id: r.id,
        platform: r.platform as Platform,
        firstAt: Number(r.first_at),
        lastAt: Number(r.last_at),
        turns: Number(r.turns),
        minConfidence: Number(r.min_confidence),
        negative: Number(r.negative),
        annotated: Number(r.annotated),
        preview: previews.get(r.id) ?? '',
      })),
      total: Math.min(counted, this.countCap),
      totalCapped: counted > this.countCap,
      hasNext,
      page,
      pageSize,
    };
  }

  private async previews(ids: string[]): Promise<Map<string, string>> {
    const previews = new Map<string, string>();
    if (ids.length === 0) return previews;
    const rows = await this.db.all<{ conversation_id: string; content: Buffer }>(
      `SELECT conversation_id, content FROM turns WHERE id IN (
         SELECT MIN(id) FROM turns WHERE conversation_id IN (${ids.map(() => '?').join(', ')}) GROUP BY conversation_id)`,
      ids,
    );
    for (const row of rows) {
      const content = this.open(row.content);
      previews.set(row.conversation_id, content ? shorten(content.text, 120) : '');
    }
    return previews;
  }

  /** The log's id of a conversation named by its platform id ("telegram:42"), as the console lists it. */
  conversationKey(platform: Platform, conversationId: string): string {
    return this.hasher.conversation(platform, conversationId);
  }

  /** The turns of one conversation, oldest first, with their annotations; undefined when it does not exist. */
  async conversation(id: string): Promise<LoggedTurn[] | undefined> {
    const rows = await this.db.all<TurnRow>(`${TURN_SELECT} WHERE t.conversation_id = ? ORDER BY t.at, t.id`, [id]);
    return rows.length === 0 ? undefined : rows.map((row) => this.toLoggedTurn(row));
  }

  /** One turn by id, or undefined. */
  async turn(id: number): Promise<LoggedTurn | undefined> {
    const row = await this.db.get<TurnRow>(`${TURN_SELECT} WHERE t.id = ?`, [id]);
    return row ? this.toLoggedTurn(row) : undefined;
  }

  /**
   * The blind-index hashes of the words a conversation search looks for: what the audit log keeps of a search,
   * instead of its words.
   * @example
   * log.searchTermHashes('red dress'); // ['3f1c…', '9a0b…']
   */
  searchTermHashes(text: string): string[] {
    return searchWords(text)
      .slice(0, MAX_SEARCH_WORDS)
      .map((word) => this.hasher.term(word));
  }

  /**
   * Saves (replaces) the annotation of a turn. Throws `AnnotationError` on invalid input or an unknown turn.
   * @example
   * await log.annotate(12, 'ada', { rating: 2, tags: ['wrong-colour'], correctedIntent: 'refine' });
   */
  async annotate(turnId: number, stylist: string, input: AnnotationInput): Promise<Annotation> {
    const parsed = annotationInputSchema.safeParse(input);
    if (!parsed.success) {
      throw new AnnotationError(parsed.error.issues.map((i) => `${i.path.join('.') || 'annotation'}: ${i.message}`));
    }
    const value = parsed.data;
    if (value.correctedSlots) {
      // Loaded on first use: the lexicons behind it are not needed by the log's writer thread, which imports this.
      const { slotValueIssues } = await import('../nlu/slot-vocabulary.ts');
      const issues = slotValueIssues(value.correctedSlots);
      if (issues.length > 0) throw new AnnotationError(issues.map((issue) => `correctedSlots: ${issue}`));
    }
    const annotation: Annotation = { turnId, stylist, tags: value.tags, updatedAt: this.clock.now() };
    if (value.rating !== undefined) annotation.rating = value.rating;
    if (value.correctedIntent !== undefined) annotation.correctedIntent = value.correctedIntent;
    if (value.correctedSlots !== undefined) annotation.correctedSlots = value.correctedSlots as Slots;
    if (value.betterItem !== undefined) annotation.betterItem = value.betterItem;
    if (value.note) annotation.note = value.note;
    await this.db.transaction(async (tx) => {
      const turn = await tx.get<{ conversation_id: string }>('SELECT conversation_id FROM turns WHERE id = ?', [
        turnId,
      ]);
      if (!turn) throw new AnnotationError([`turn ${turnId} does not exist (it may have been erased)`]);
      const columns = [
        annotation.stylist,
        annotation.rating ?? null,
        JSON.stringify(annotation.tags),
        annotation.correctedIntent ?? null,
        annotation.correctedSlots ? JSON.stringify(annotation.correctedSlots) : null,
        annotation.betterItem ?? null,
        annotation.note ? this.cipher.encrypt(annotation.note) : null,
        annotation.updatedAt,
      ];
      await tx.run(
        `INSERT INTO annotations (turn_id, conversation_id, stylist, rating, tags, corrected_intent, corrected_slots,
           better_item, note, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (turn_id) DO UPDATE SET stylist = excluded.stylist, rating = excluded.rating,
           tags = excluded.tags, corrected_intent = excluded.corrected_intent, corrected_slots = excluded.corrected_slots,
           better_item = excluded.better_item, note = excluded.note, updated_at = excluded.updated_at`,
        [turnId, turn.conversation_id, ...columns],
      );
      await tx.run(
        'UPDATE conversations SET annotated = (SELECT COUNT(*) FROM annotations a WHERE a.conversation_id = ?) WHERE id = ?',
        [turn.conversation_id, turn.conversation_id],
      );
    });
    return annotation;
  }

  /**
   * NLU training lines from annotations: every turn whose intent or slots a stylist corrected, and every turn
   * rated 4 or 5 without corrections (its parse confirmed). Text is the redacted user message.
   * @example
   * (await log.trainingLines()).map((l) => JSON.stringify(l)).join('\n'); // JSONL for `train nlu`
   */
  async trainingLines(): Promise<TrainingLine[]> {
    const rows = await this.db.all<{
      content: Buffer;
      intent: string;
      slots: string;
      corrected_intent: string | null;
      corrected_slots: string | null;
      rating: number | null;
    }>(
      `SELECT t.content, t.intent, t.slots, a.corrected_intent, a.corrected_slots, a.rating
       FROM annotations a JOIN turns t ON t.id = a.turn_id
       WHERE a.corrected_intent IS NOT NULL OR a.corrected_slots IS NOT NULL OR a.rating >= 4
       ORDER BY t.at, t.id`,
    );
    const lines: TrainingLine[] = [];
    for (const row of rows) {
      const content = this.open(row.content);
      if (!content || content.text.trim() === '') continue;
      const line: TrainingLine = { text: content.text, intent: (row.corrected_intent ?? row.intent) as Intent };
      const slots = row.corrected_slots ?? (row.corrected_intent ? null : row.slots);
      if (slots) {
        const parsed = JSON.parse(slots) as Slots;
        if (Object.keys(parsed).length > 0) line.slots = parsed;
      }
      lines.push(line);
    }
    return lines;
  }

  /**
   * Deletes turns older than the retention period (`LOG_RETENTION_DAYS`); returns how many.
   * @example
   * await log.purgeExpired(); // 1204
   */
  async purgeExpired(): Promise<number> {
    const cutoff = this.clock.now() - this.retentionDays * DAY_MS;
    const deleted = await this.db.transaction(async (tx) => {
      const affected = await tx.all<{ conversation_id: string }>(
        'SELECT DISTINCT conversation_id FROM turns WHERE at < ?',
        [cutoff],
      );
      const n = await tx.run('DELETE FROM turns WHERE at < ?', [cutoff]);
      // No turn older than this is kept, so an erasure this old has nothing left to hold back.
      await tx.run('DELETE FROM erasures WHERE erased_at < ?', [cutoff]);
      if (n > 0) {
        await tx.run(
          'DELETE FROM conversations WHERE NOT EXISTS (SELECT 1 FROM turns t WHERE t.conversation_id = conversations.id)',
        );
        await tx.run(`${REFRESH_SET} WHERE first_at < ?`, [cutoff]);
        await this.afterDeletion(
          tx,
          affected.map((r) => r.conversation_id),
        );
      }
      return n;
    });
    if (deleted > 0)
      this.logger.info('deleted expired log turns', { turns: deleted, retentionDays: this.retentionDays });
    return deleted;
  }

  /**
   * Weekly counts of distinct opted-in users whose request named a category or colour; only (week, term) pairs
   * with at least `minUsers` users are returned (nobody is identifiable from a small count).
   * @example
   * await log.weeklyMentions(20); // [{ week: '2026-11-23', term: 'linen', users: 31 }, …]
   */
  async weeklyMentions(minUsers = 20): Promise<WeeklyMention[]> {
    const rows = await this.db.all<{ at: number; user_key: string; slots: string }>(
      'SELECT at, user_key, slots FROM turns WHERE trend_opt_in = 1',
    );
    const users = new Map<string, Set<string>>();
    for (const row of rows) {
      const slots = JSON.parse(row.slots) as Slots;
      const terms = [slots.category, ...(slots.color ?? [])].filter((t): t is string => typeof t === 'string');
      const week = weekStart(Number(row.at));
      for (const term of terms) {
        const key = `${week}\u0000${term.toLowerCase()}`;
        const set = users.get(key) ?? new Set<string>();
        set.add(row.user_key);
        users.set(key, set);
      }
    }
    return [...users.entries()]
      .filter(([, set]) => set.size >= minUsers)
      .map(([key, set]) => {
        const [week, term] = key.split('\u0000') as [string, string];
        return { week, term, users: set.size };
      })
      .sort((a, b) => a.week.localeCompare(b.week) || a.term.localeCompare(b.term));
  }

  /** Conversations and turns per day, intents and 👍/👎 counts over the last `days` days. */
  async analytics(days = 30): Promise<LogAnalytics> {
    const since = Math.floor(this.clock.now() / DAY_MS) * DAY_MS - (days - 1) * DAY_MS;
    const perDay = await this.db.all<{ day: number; turns: number; conversations: number }>(
      `SELECT at / ${DAY_MS} AS day, COUNT(*) AS turns, COUNT(DISTINCT conversation_id) AS conversations
       FROM turns WHERE at >= ? GROUP BY at / ${DAY_MS} ORDER BY day`,
      [since],
    );
    const intents = await this.db.all<{ intent: string; turns: number }>(
      'SELECT intent, COUNT(*) AS turns FROM turns WHERE at >= ? GROUP BY intent ORDER BY turns DESC, intent',
      [since],
    );
    const feedback = await this.db.get<{ positive: number | null; negative: number | null }>(
      `SELECT SUM(CASE WHEN feedback_value = 1 OR intent = 'feedback_positive' THEN 1 ELSE 0 END) AS positive,
              SUM(CASE WHEN feedback_value = -1 OR intent = 'feedback_negative' THEN 1 ELSE 0 END) AS negative
       FROM turns WHERE at >= ?`,
      [since],
    );
    return {
      perDay: perDay.map((r) => ({
        day: new Date(Math.floor(Number(r.day)) * DAY_MS).toISOString().slice(0, 10),
        turns: Number(r.turns),
        conversations: Number(r.conversations),
      })),
      intents: intents.map((r) => ({ intent: r.intent, turns: Number(r.turns) })),
      feedback: { positive: Number(feedback?.positive ?? 0), negative: Number(feedback?.negative ?? 0) },
    };
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
        .catch((error: Error) => this.logger.error('log maintenance failed', { reason: error.message }));
    }, intervalMs);
    this.retentionTimer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.retentionTimer);
    await this.draining;
    await Promise.all(this.inFlight);
    await this.writer?.close();
    await this.db.close();
  }

  private open(content: Buffer): StoredContent | undefined {
    try {
      return JSON.parse(this.cipher.decrypt(Buffer.from(content))) as StoredContent;
    } catch (error) {
      this.logger.warn('a logged turn could not be decrypted', { reason: (error as Error).message });
      return undefined;
    }
  }

  private toLoggedTurn(row: TurnRow): LoggedTurn {
    const content = this.open(row.content);
    const turn: LoggedTurn = {
      id: Number(row.id),
      conversationId: row.conversation_id,
      platform: row.platform as Platform,
      userKey: row.user_key,
      at: Number(row.at),
      text: content?.text ?? '',
      reply: content?.reply ?? '',
      unreadable: content === undefined,
      intent: row.intent as Intent,
      confidence: Number(row.confidence),
      slots: JSON.parse(row.slots) as Slots,
      items: JSON.parse(row.items) as ReplyItem[],
      outfits: JSON.parse(row.outfits) as ReplyOutfit[],
      latencyMs: Number(row.latency_ms),
      models: JSON.parse(row.models) as Record<string, string>,
    };
    if (row.message_id !== null) turn.messageId = row.message_id;
    if (content?.explanation !== undefined) turn.explanation = content.explanation;
    if (content?.action !== undefined) turn.action = content.action;
    if (content?.events !== undefined) turn.events = content.events;
    if (row.feedback_item !== null && row.feedback_value !== null) {
      turn.feedback = { itemId: row.feedback_item, value: Number(row.feedback_value) === 1 ? 1 : -1 };
    }
    if (row.a_stylist !== null) turn.annotation = this.toAnnotation(row);
    return turn;
  }

  private toAnnotation(row: TurnRow): Annotation {
    const annotation: Annotation = {
      turnId: Number(row.id),
      stylist: row.a_stylist!,
      tags: JSON.parse(row.a_tags ?? '[]') as string[],
      updatedAt: Number(row.a_updated_at),
    };
    if (row.a_rating !== null) annotation.rating = Number(row.a_rating);
    if (row.a_corrected_intent !== null) annotation.correctedIntent = row.a_corrected_intent as Intent;
    if (row.a_corrected_slots !== null) annotation.correctedSlots = JSON.parse(row.a_corrected_slots) as Slots;
    if (row.a_better_item !== null) annotation.betterItem = row.a_better_item;
    if (row.a_note !== null) {
      try {
        annotation.note = this.cipher.decrypt(Buffer.from(row.a_note));
      } catch {
        annotation.note = '[note cannot be decrypted]';
      }
    }
    return annotation;
  }
}

/** Invalid annotation input; `issues` are shown to the stylist. */
export class AnnotationError extends Error {
  override name = 'AnnotationError';
  constructor(readonly issues: string[]) {
    super(`invalid annotation: ${issues.join('; ')}`);
  }
}

interface ConversationRow extends Row {
  id: string;
  platform: string;
  first_at: number;
  last_at: number;
  turns: number;
  min_confidence: number;
  negative: number;
  annotated: number;
}

interface TurnRow extends Row {
  id: number;
  conversation_id: string;
  platform: string;
  user_key: string;
  message_id: string | null;
  at: number;
  content: Buffer;
  intent: string;
  confidence: number;
  slots: string;
  items: string;
  outfits: string;
  latency_ms: number;
  models: string;
  feedback_item: string | null;
  feedback_value: number | null;
  a_stylist: string | null;
  a_rating: number | null;
  a_tags: string | null;
  a_corrected_intent: string | null;
  a_corrected_slots: string | null;
  a_better_item: string | null;
  a_note: Buffer | null;
  a_updated_at: number | null;
}

const TURN_SELECT = `SELECT t.id, t.conversation_id, t.platform, t.user_key, t.message_id, t.at, t.content, t.intent,
  t.confidence, t.slots, t.items, t.outfits, t.latency_ms, t.models, t.feedback_item, t.feedback_value,
  a.stylist AS a_stylist, a.rating AS a_rating, a.tags AS a_tags, a.corrected_intent AS a_corrected_intent,
  a.corrected_slots AS a_corrected_slots, a.better_item AS a_better_item, a.note AS a_note, a.updated_at AS a_updated_at
  FROM turns t LEFT JOIN annotations a ON a.turn_id = t.id`;

const REFRESH_SET = `UPDATE conversations SET
  first_at = (SELECT MIN(t.at) FROM turns t WHERE t.conversation_id = conversations.id),
  last_at = (SELECT MAX(t.at) FROM turns t WHERE t.conversation_id = conversations.id),
  turns = (SELECT COUNT(*) FROM turns t WHERE t.conversation_id = conversations.id),
  min_confidence = (SELECT MIN(t.confidence) FROM turns t WHERE t.conversation_id = conversations.id),
  negative = (SELECT COUNT(*) FROM turns t WHERE t.conversation_id = conversations.id
    AND (t.feedback_value = -1 OR t.intent = 'feedback_negative')),
  annotated = (SELECT COUNT(*) FROM annotations a WHERE a.conversation_id = conversations.id)`;

/** A turn waiting for its commit. */
interface PendingAppend {
  record: TurnRecord;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Resolves each appended turn that was stored, rejects the others with their error. */
function settle(batch: readonly PendingAppend[], errors: readonly (Error | undefined)[]): void {
  batch.forEach((pending, i) => {
    const error = errors[i];
    if (error === undefined) pending.resolve();
    else pending.reject(error);
  });
}

/** Inserts a turn's blind-index rows. */
async function insertTerms(tx: Queryable, conversationId: string, turnId: number, terms: readonly string[]) {
  for (let i = 0; i < terms.length; i += TERM_BATCH) {
    const batch = terms.slice(i, i + TERM_BATCH);
    await tx.run(
      `INSERT INTO turn_terms (term, conversation_id, turn_id) VALUES ${batch.map(() => '(?, ?, ?)').join(', ')}`,
      batch.flatMap((term) => [term, conversationId, turnId]),
    );
  }
}

/** Recomputes the aggregates of the given conversations after turns were removed; drops the empty ones. */
async function refreshConversations(tx: Queryable, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += IN_BATCH) {
    const batch = ids.slice(i, i + IN_BATCH);
    const list = batch.map(() => '?').join(', ');
    await tx.run(
      `DELETE FROM conversations WHERE id IN (${list})
       AND NOT EXISTS (SELECT 1 FROM turns t WHERE t.conversation_id = conversations.id)`,
      batch,
    );
    await tx.run(`${REFRESH_SET} WHERE id IN (${list})`, batch);
  }
}

/** ISO date (UTC) of the Monday starting the week of `at`. */
export function weekStart(at: number): string {
  const day = new Date(Math.floor(at / DAY_MS) * DAY_MS);
  const offset = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - offset * DAY_MS).toISOString().slice(0, 10);
}

function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
