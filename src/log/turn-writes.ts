/**
 * The write path of the conversation log: group commit of appended turns, the writer thread (with its journal) and
 * falling back to the main thread when it fails, recovery of journals left by a crash, and the insertion of one turn
 * (pseudonymised, redacted, encrypted, indexed, counted in its conversation's aggregates).
 */
import { unlinkSync } from 'node:fs';
import type { Logger, TurnRecord } from '../types.ts';
import type { BlindIndex } from './blind-index.ts';
import type { Hasher, TextCipher } from './crypto.ts';
import type { StagedTerms } from './indexed-terms.ts';
import { leftoverJournals } from './journal.ts';
import type { TurnWriter } from './log-types.ts';
import { redactDeep } from './redact.ts';
import type { Queryable, Row, SqlDatabase, SqlValue } from './sql.ts';
import { storedContent, storedMessageId } from './stored-turn.ts';

/** Most turns one group commit writes. */
const GROUP_COMMIT_MAX = 500;

/** A turn waiting for its commit. */
interface PendingAppend {
  record: TurnRecord;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** What the write path is built from. */
export interface TurnWritesOptions {
  db: SqlDatabase;
  cipher: TextCipher;
  hasher: Hasher;
  logger: Logger;
  index: BlindIndex;
}

/** Appends turns to the log (see the module comment); `db` is the database the other parts of the log read. */
export class TurnWrites {
  /**
   * The database. With a writer thread, every use first waits until the turns it acknowledged are in the log, so
   * that reads (and erasures) see every turn appended before them.
   */
  readonly db: SqlDatabase;
  private readonly cipher: TextCipher;
  private readonly hasher: Hasher;
  private readonly logger: Logger;
  private readonly index: BlindIndex;
  private readonly queue: PendingAppend[] = [];
  private draining: Promise<void> | undefined;
  /** Batches handed to the writer thread and not settled yet. */
  private readonly inFlight = new Set<Promise<void>>();
  private writer: TurnWriter | undefined;
  /** Whether turns went to the writer since its last `sync`, and the sync under way. */
  private unsynced = false;
  private syncing: Promise<void> | undefined;

  constructor(options: TurnWritesOptions) {
    this.db = this.caughtUpFirst(options.db);
    this.cipher = options.cipher;
    this.hasher = options.hasher;
    this.logger = options.logger;
    this.index = options.index;
  }

  /** From now on, appended turns go to `writer` (a thread with a connection of its own). */
  useWriter(writer: TurnWriter): void {
    this.writer = writer;
  }

  /** Queues a turn for the next group commit; resolves once it is durable (see `TurnLogStore.append`). */
  append(record: TurnRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
      this.draining ??= this.drain();
    });
  }

  /** Logs many turns in one transaction (imports, benchmarks). Resolves to the number stored. */
  async appendMany(records: readonly TurnRecord[]): Promise<number> {
    return this.index.inTransaction(this.db, async (tx, staged) => {
      let stored = 0;
      for (const record of records) if (await this.insertTurn(tx, record, staged)) stored++;
      return stored;
    });
  }

  /**
   * Writes turns in one transaction; when that fails, each turn alone, so that one bad turn cannot fail the others.
   * Resolves to each turn's error, or undefined once it is stored (never rejects).
   */
  async writeBatch(records: readonly TurnRecord[]): Promise<(Error | undefined)[]> {
    try {
      await this.index.inTransaction(this.db, async (tx, staged) => {
        for (const record of records) await this.insertTurn(tx, record, staged);
      });
      return records.map(() => undefined);
    } catch (error) {
      if (records.length === 1) return [error as Error];
      const errors: (Error | undefined)[] = [];
      for (const record of records) {
        errors.push(
          await this.index
            .inTransaction(this.db, (tx, staged) => this.insertTurn(tx, record, staged))
            .then(
              () => undefined,
              (e: unknown) => e as Error,
            ),
        );
      }
      return errors;
    }
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

  /** Resolves once every turn the writer thread journaled is in the log (rejects if they cannot be copied). */
  async synced(): Promise<void> {
    await this.writer?.sync();
  }

  /** The turns of a user the writer thread journaled and has not copied into the log yet, oldest first. */
  journaled(rawUserId: string): TurnRecord[] {
    return this.writer?.notCopied().filter((r) => r.userId === rawUserId) ?? [];
  }

  /** Waits for the appends under way, then closes the writer thread. */
  async close(): Promise<void> {
    await this.draining;
    await Promise.all(this.inFlight);
    await this.writer?.close();
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
   * what is there; the failure is logged by the writer) — an erasure insists instead (`synced`).
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
      if (this.writer) this.sendToWriter(this.writer, batch);
      else settle(batch, await this.writeBatch(batch.map((pending) => pending.record)));
    }
  }

  /** Hands a batch to the writer thread; settles each turn once the thread has committed it. */
  private sendToWriter(writer: TurnWriter, batch: PendingAppend[]): void {
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

  /** Inserts one turn; false when it is not stored (logged already, or from before its user's erasure). */
  private async insertTurn(tx: Queryable, record: TurnRecord, staged: StagedTerms): Promise<boolean> {
    const userKey = this.hasher.user(record.userId);
    // A turn from before its user's erasure, arriving late (spool, journal, another instance), is not stored.
    const erased = await tx.get('SELECT 1 AS erased FROM erasures WHERE erasure_key = ? AND erased_at >= ?', [
      this.hasher.erasure(record.userId),
      record.at,
    ]);
    if (erased) return false;
    const conversationId = this.hasher.conversation(record.platform, record.conversationId);
    const content = storedContent(record);
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
    await this.index.addTurn(tx, conversationId, inserted.id, content, staged);
    return true;
  }
}

/** Resolves each appended turn that was stored, rejects the others with their error. */
function settle(batch: readonly PendingAppend[], errors: readonly (Error | undefined)[]): void {
  batch.forEach((pending, i) => {
    const error = errors[i];
    if (error === undefined) pending.resolve();
    else pending.reject(error);
  });
}
