/**
 * Storage of experiment exposures and outcomes, over the project's SQL layer (`src/log/sql.ts`): SQLite
 * (`<home>/experiments.sqlite`, the default) or PostgreSQL (when `DATABASE_URL` is set), same schema and queries.
 * Tables `experiment_exposures` (one row per turn × experiment) and `experiment_outcomes` (one row per attributed
 * outcome event, pointing at the turn it is attributed to) are created by an idempotent migration.
 * Only pseudonymous user ids are stored.
 */
import { openPostgres, openSqlite, type SqlDatabase, SqlError } from '../log/sql.ts';
import type { OutcomeType } from './definitions.ts';

/** One exposure: a turn of a user ran under `arm` of `experiment` and showed `itemIds`. */
export interface ExposureRow {
  pseudonym: string;
  turnId: string;
  at: number;
  experiment: string;
  arm: string;
  itemIds: string[];
}

/** One outcome event, attributed to the turn `turnId` of the same user. */
export interface OutcomeRow {
  pseudonym: string;
  at: number;
  type: OutcomeType;
  itemId?: string;
  turnId: string;
}

/** A turn of a user that ran under at least one experiment. */
export interface ExposedTurn {
  turnId: string;
  at: number;
  itemIds: string[];
}

/** Per user and arm: how many exposures. */
export interface UserArmRow {
  experiment: string;
  arm: string;
  pseudonym: string;
  exposures: number;
}

/** Per user and arm: one outcome type the user produced there (at least once). */
export interface UserOutcomeRow {
  experiment: string;
  arm: string;
  pseudonym: string;
  type: OutcomeType;
}

/** Exposures and outcomes, whatever the database. */
export interface ExperimentStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Inserts exposures; a repeated (user, turn, experiment) is ignored, so retries are safe. */
  addExposures(rows: readonly ExposureRow[]): Promise<void>;
  /** The user's exposed turns with `from ≤ at ≤ to`, newest first, at most `limit`. */
  exposedTurns(pseudonym: string, from: number, to: number, limit: number): Promise<ExposedTurn[]>;
  addOutcome(row: OutcomeRow): Promise<void>;
  /** Exposure counts per (experiment, arm, user). */
  userArms(): Promise<UserArmRow[]>;
  /** Distinct outcome types per (experiment, arm, user), through the turn each outcome is attributed to. */
  userOutcomes(): Promise<UserOutcomeRow[]>;
  /**
   * Users with an abandoned exposure per (experiment, arm): an exposure that showed items, at least `afterMs`
   * before `now`, followed within `afterMs` by no other turn and no outcome of that user.
   */
  abandonedUsers(afterMs: number, now: number): Promise<Omit<UserOutcomeRow, 'type'>[]>;
  /** Deletes exposures and outcomes older than `cutoff` (epoch ms); returns how many rows of each. */
  purgeBefore(cutoff: number): Promise<{ exposures: number; outcomes: number }>;
  /**
   * Deletes every exposure and outcome of the user (recorded at or before `until`, when given: an erasure retried
   * after the user came back keeps what is newer); returns how many rows of each.
   */
  eraseUser(pseudonym: string, until?: number): Promise<{ exposures: number; outcomes: number }>;
  close(): Promise<void>;
}

const COMMON_DDL = [
  `CREATE UNIQUE INDEX IF NOT EXISTS experiment_exposures_turn
     ON experiment_exposures (pseudonym, turn_id, experiment)`,
  'CREATE INDEX IF NOT EXISTS experiment_exposures_user_at ON experiment_exposures (pseudonym, at)',
  'CREATE INDEX IF NOT EXISTS experiment_exposures_experiment ON experiment_exposures (experiment, arm)',
  'CREATE INDEX IF NOT EXISTS experiment_outcomes_user_at ON experiment_outcomes (pseudonym, at)',
];

const tablesDdl = (id: string) => [
  `CREATE TABLE IF NOT EXISTS experiment_exposures (
     id ${id},
     pseudonym TEXT NOT NULL,
     turn_id TEXT NOT NULL,
     at BIGINT NOT NULL,
     experiment TEXT NOT NULL,
     arm TEXT NOT NULL,
     item_ids TEXT NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS experiment_outcomes (
     id ${id},
     pseudonym TEXT NOT NULL,
     at BIGINT NOT NULL,
     type TEXT NOT NULL,
     item_id TEXT,
     turn_id TEXT NOT NULL
   )`,
];

/**
 * Opens (creating if needed) the SQLite store at `file` (`:memory:` for a private in-memory database).
 * @example
 * const store = await openSqliteExperimentStore(path.join(config.home, 'experiments.sqlite'));
 */
export async function openSqliteExperimentStore(file: string): Promise<ExperimentStore> {
  // Erased rows are zeroed (`secure_delete`), and `scrubDeleted` empties the WAL of their older images.
  const db = openSqlite(file);
  await db.transaction(async (tx) => {
    for (const statement of [...tablesDdl('INTEGER PRIMARY KEY AUTOINCREMENT'), ...COMMON_DDL]) await tx.run(statement);
  });
  return new SqlExperimentStore(db);
}

/** Options of the PostgreSQL store. */
export interface PostgresStoreOptions {
  /** Schema to use instead of the connection's default search path (tests use a fresh one per run). */
  schema?: string;
  /** Called when an idle pooled connection fails (the pool replaces it). */
  onError?: (error: Error) => void;
  /** Create the tables when missing (default). Off only to erase data without creating anything. */
  migrate?: boolean;
}

/**
 * Connects to PostgreSQL and runs the migration (under an advisory lock, so concurrent instances can start together).
 * @example
 * const store = await openPostgresExperimentStore(config.DATABASE_URL!);
 */
export async function openPostgresExperimentStore(
  connectionString: string,
  options: PostgresStoreOptions = {},
): Promise<ExperimentStore> {
  const failed = (error: unknown) =>
    new Error(`experiments store: cannot prepare PostgreSQL tables: ${(error as Error).message}`, { cause: error });
  const db = await openPostgres(connectionString, {
    poolSize: 4,
    schema: options.schema,
    onError: options.onError,
  }).catch((error: unknown) => {
    throw failed(error);
  });
  if (options.migrate === false) return new SqlExperimentStore(db);
  try {
    await db.transaction(async (tx) => {
      await tx.run("SELECT pg_advisory_xact_lock(hashtext('fashion-advisor:experiments-migration'))");
      for (const statement of [...tablesDdl('BIGSERIAL PRIMARY KEY'), ...COMMON_DDL]) await tx.run(statement);
    });
  } catch (error) {
    await db.close().catch(() => {});
    throw failed(error);
  }
  return new SqlExperimentStore(db);
}

/** The queries, shared by both back-ends. */
class SqlExperimentStore implements ExperimentStore {
  constructor(private readonly db: SqlDatabase) {}

  get kind() {
    return this.db.dialect;
  }

  async addExposures(rows: readonly ExposureRow[]): Promise<void> {
    if (rows.length === 0) return;
    const values = rows.map(() => '(?, ?, ?, ?, ?, ?)').join(', ');
    await this.db.run(
      `INSERT INTO experiment_exposures (pseudonym, turn_id, at, experiment, arm, item_ids) VALUES ${values}
       ON CONFLICT (pseudonym, turn_id, experiment) DO NOTHING`,
      rows.flatMap((r) => [r.pseudonym, r.turnId, r.at, r.experiment, r.arm, JSON.stringify(r.itemIds)]),
    );
  }

  async exposedTurns(pseudonym: string, from: number, to: number, limit: number): Promise<ExposedTurn[]> {
    const rows = await this.db.all(
      `SELECT turn_id, MAX(at) AS at, MAX(item_ids) AS item_ids FROM experiment_exposures
       WHERE pseudonym = ? AND at >= ? AND at <= ?
       GROUP BY turn_id ORDER BY MAX(at) DESC, MAX(id) DESC LIMIT ?`,
      [pseudonym, from, to, limit],
    );
    return rows.map((r) => ({
      turnId: String(r.turn_id),
      at: Number(r.at),
      itemIds: JSON.parse(String(r.item_ids)) as string[],
    }));
  }

  async addOutcome(row: OutcomeRow): Promise<void> {
    await this.db.run(
      'INSERT INTO experiment_outcomes (pseudonym, at, type, item_id, turn_id) VALUES (?, ?, ?, ?, ?)',
      [row.pseudonym, row.at, row.type, row.itemId ?? null, row.turnId],
    );
  }

  async userArms(): Promise<UserArmRow[]> {
    const rows = await this.db.all(
      `SELECT experiment, arm, pseudonym, COUNT(*) AS exposures FROM experiment_exposures
       GROUP BY experiment, arm, pseudonym`,
    );
    return rows.map((r) => ({
      experiment: String(r.experiment),
      arm: String(r.arm),
      pseudonym: String(r.pseudonym),
      exposures: Number(r.exposures),
    }));
  }

  async userOutcomes(): Promise<UserOutcomeRow[]> {
    const rows = await this.db.all(
      `SELECT DISTINCT e.experiment, e.arm, o.pseudonym, o.type FROM experiment_outcomes o
       JOIN experiment_exposures e ON e.pseudonym = o.pseudonym AND e.turn_id = o.turn_id`,
    );
    return rows.map((r) => ({
      experiment: String(r.experiment),
      arm: String(r.arm),
      pseudonym: String(r.pseudonym),
      type: String(r.type) as OutcomeType,
    }));
  }

  async abandonedUsers(afterMs: number, now: number): Promise<Omit<UserOutcomeRow, 'type'>[]> {
    const rows = await this.db.all(
      `SELECT DISTINCT e.experiment, e.arm, e.pseudonym FROM experiment_exposures e
       WHERE e.item_ids <> '[]' AND e.at <= ?
         AND NOT EXISTS (SELECT 1 FROM experiment_exposures n
                         WHERE n.pseudonym = e.pseudonym AND n.at > e.at AND n.at <= e.at + ?)
         AND NOT EXISTS (SELECT 1 FROM experiment_outcomes o
                         WHERE o.pseudonym = e.pseudonym AND o.at >= e.at AND o.at <= e.at + ?
                           AND o.type <> 'abandoned')`,
      [now - afterMs, afterMs, afterMs],
    );
    return rows.map((r) => ({ experiment: String(r.experiment), arm: String(r.arm), pseudonym: String(r.pseudonym) }));
  }

  async purgeBefore(cutoff: number): Promise<{ exposures: number; outcomes: number }> {
    const outcomes = await this.db.run('DELETE FROM experiment_outcomes WHERE at < ?', [cutoff]);
    const exposures = await this.db.run('DELETE FROM experiment_exposures WHERE at < ?', [cutoff]);
    return { exposures, outcomes };
  }

  async eraseUser(pseudonym: string, until?: number): Promise<{ exposures: number; outcomes: number }> {
    const outcomes = await this.deleteFrom('experiment_outcomes', pseudonym, until);
    const exposures = await this.deleteFrom('experiment_exposures', pseudonym, until);
    if (outcomes + exposures > 0) await this.db.scrubDeleted();
    return { exposures, outcomes };
  }

  /** Deletes a user's rows; a table that was never created holds nothing (PostgreSQL error 42P01). */
  private async deleteFrom(table: string, pseudonym: string, until: number | undefined): Promise<number> {
    try {
      return until === undefined
        ? await this.db.run(`DELETE FROM ${table} WHERE pseudonym = ?`, [pseudonym])
        : await this.db.run(`DELETE FROM ${table} WHERE pseudonym = ? AND at <= ?`, [pseudonym, until]);
    } catch (error) {
      if (error instanceof SqlError && error.code === '42P01') return 0;
      throw error;
    }
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
