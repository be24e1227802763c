/**
 * The conversation log (DESIGN §7): `openTurnLog` picks PostgreSQL when `DATABASE_URL` is set, else a SQLite file in
 * the data home, applies the migrations, deletes expired turns at start and hourly, and refreshes planner statistics
 * hourly (not at start: statistics of a still-empty table would mislead the planner during the first bulk of inserts).
 */
import path from 'node:path';
import type { Config } from '../config.ts';
import type { Clock, Logger } from '../types.ts';
import { systemClock } from '../util/random.ts';
import { createHasher, createTextCipher } from './crypto.ts';
import { verifyLogKeys } from './key-check.ts';
import { loadLogKeys } from './keys.ts';
import { pseudonymiseMessageIds } from './message-ids.ts';
import { migrate } from './migrations.ts';
import { openPostgres, openSqlite, redactUrl } from './sql.ts';
import { TurnLogStore } from './store.ts';
import { startTurnWriter } from './writer.ts';

export { AnnotationError } from './annotations.ts';
export { LogKeyMismatchError } from './key-check.ts';
export type {
  Annotation,
  AnnotationInput,
  ConversationFilter,
  ConversationPage,
  ConversationSummary,
  LogAnalytics,
  LoggedTurn,
  TrainingLine,
  WeeklyMention,
} from './log-types.ts';
export { COUNT_CAP } from './log-types.ts';
export { TurnLogStore } from './store.ts';

const RETENTION_INTERVAL_MS = 3_600_000;

/** What `openTurnLog` returns: the `TurnLog` the engine writes to, plus what the review console reads. */
export type OpenTurnLog = TurnLogStore;

export interface OpenTurnLogOptions {
  clock?: Clock;
  /** Run retention hourly while open (default true). */
  scheduleRetention?: boolean;
  /** Conversation lists count matches up to this many (default `COUNT_CAP`, 1000). */
  countCap?: number;
  /**
   * SQLite: write appended turns on a writer thread of their own, through a journal (default false). For the bot's
   * turn log, whose writes would otherwise hold up every turn; PostgreSQL writes are asynchronous already.
   */
  writerThread?: boolean;
  /** With a writer thread: how long journaled turns may wait before they are copied into SQLite (default 200 ms). */
  copyDelayMs?: number;
}

/**
 * Opens the conversation log.
 * @example
 * const log = await openTurnLog(config, logger);
 * await log.append(turnRecord);
 * const page = await log.listConversations({ negativeFeedback: true });
 * await log.close();
 */
export async function openTurnLog(
  config: Config,
  logger: Logger,
  options: OpenTurnLogOptions = {},
): Promise<OpenTurnLog> {
  const clock = options.clock ?? systemClock;
  const keys = loadLogKeys(config, logger);
  const sqliteFile = path.join(config.home, 'log.sqlite');
  const db = config.DATABASE_URL ? await openPostgres(config.DATABASE_URL) : openSqlite(sqliteFile);
  const where = config.DATABASE_URL ? redactUrl(config.DATABASE_URL) : sqliteFile;
  const cipher = createTextCipher(keys.encryption);
  try {
    const applied = await migrate(db, clock);
    if (applied.length > 0) logger.info('log schema migrated', { dialect: db.dialect, versions: applied });
    const rewritten = await pseudonymiseMessageIds(db, createHasher(keys.pseudonym));
    if (rewritten > 0) logger.info('raw message ids in the log pseudonymised', { turns: rewritten });
  } catch (error) {
    await db.close();
    throw new Error(`cannot prepare the conversation log: ${(error as Error).message}`, { cause: error });
  }
  try {
    const fromEnvironment = Boolean(config.LOG_ENCRYPTION_KEY && config.PSEUDONYM_KEY);
    await verifyLogKeys(db, keys, cipher, clock, { home: config.home, where, fromEnvironment });
  } catch (error) {
    await db.close();
    throw error;
  }
  logger.debug('conversation log open', { dialect: db.dialect, where });
  const store = new TurnLogStore({
    db,
    cipher,
    hasher: createHasher(keys.pseudonym),
    clock,
    logger,
    retentionDays: config.LOG_RETENTION_DAYS,
    countCap: options.countCap,
  });
  if (!config.DATABASE_URL) {
    try {
      await store.recoverJournals(config.home);
    } catch (error) {
      await db.close();
      throw new Error(`cannot recover the conversation log's journal: ${(error as Error).message}`, { cause: error });
    }
  }
  if (options.writerThread && !config.DATABASE_URL) {
    try {
      const writerData = {
        file: sqliteFile,
        keys,
        copyDelayMs: options.copyDelayMs ?? 200,
      };
      store.useWriter(await startTurnWriter(writerData, config.home, createTextCipher(keys.encryption), logger));
    } catch (error) {
      logger.warn('log writer thread unavailable; writing the log on the main thread', {
        error: (error as Error).message,
      });
    }
  }
  try {
    await store.purgeExpired();
  } catch (error) {
    logger.error('log retention failed', { reason: (error as Error).message });
  }
  if (options.scheduleRetention !== false) store.scheduleRetention(RETENTION_INTERVAL_MS);
  return store;
}
