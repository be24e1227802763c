/**
 * The one SQL layer of the project, over SQLite (better-sqlite3) and PostgreSQL (pg), so that the log store, its
 * migrations, the console's accounts and the experiment store are written once for both. Statements use `?` placeholders; the PostgreSQL side numbers them.
 */
import Database from 'better-sqlite3';
import type pg from 'pg';
import { preparePrivateFile } from '../util/private-files.ts';

export type SqlValue = string | number | bigint | Buffer | null;
export type Row = Record<string, unknown>;

/** Runs statements. Integers come back as numbers on both engines. */
export interface Queryable {
  all<T extends Row = Row>(sql: string, params?: SqlValue[]): Promise<T[]>;
  get<T extends Row = Row>(sql: string, params?: SqlValue[]): Promise<T | undefined>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, params?: SqlValue[]): Promise<number>;
}

/** A connection (pool) with transactions. */
export interface SqlDatabase extends Queryable {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `body` in one transaction; rolled back when it throws. */
  transaction<T>(body: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * After an erasure: makes deleted rows unrecoverable from the files. SQLite (with `secure_delete` on, deleted
   * content is zeroed in its pages) checkpoints and truncates its WAL, where older images of those pages would
   * otherwise linger; PostgreSQL keeps dead rows until VACUUM reuses them, which this cannot force inside a pool.
   */
  scrubDeleted(): Promise<void>;
  close(): Promise<void>;
}

/** Wraps a failed statement with the statement text (never the parameters: they can hold personal data). */
export class SqlError extends Error {
  override name = 'SqlError';
  /** The database's error code, when it gave one (PostgreSQL SQLSTATE such as `42P01`, SQLite `SQLITE_BUSY`). */
  readonly code: string | undefined;
  constructor(
    readonly sql: string,
    cause: unknown,
  ) {
    super(`${(cause as Error).message} — in: ${sql.replace(/\s+/g, ' ').trim().slice(0, 200)}`, { cause });
    const code = (cause as { code?: unknown } | undefined)?.code;
    this.code = typeof code === 'string' ? code : undefined;
  }
}

/** Serialises async work (SQLite transactions must not interleave on one connection). */
function createMutex() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const result = tail.then(work, work);
    tail = result.catch(() => undefined);
    return result;
  };
}

/**
 * Opens (creating when needed, mode 0600) a SQLite database file in WAL mode with foreign keys on and
 * `secure_delete` (deleted rows are overwritten with zeros, not left in free pages).
 * @example
 * const db = openSqlite('/tmp/log.sqlite');
 */
export function openSqlite(file: string): SqlDatabase {
  preparePrivateFile(file);
  const db = new Database(file);
  db.pragma('secure_delete = ON');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let statement = cache.get(sql);
    if (!statement) {
      try {
        statement = db.prepare(sql);
      } catch (error) {
        throw new SqlError(sql, error);
      }
      if (cache.size > 500) cache.clear();
      cache.set(sql, statement);
    }
    return statement;
  };
  const wrap = <T>(sql: string, work: () => T): T => {
    try {
      return work();
    } catch (error) {
      throw error instanceof SqlError ? error : new SqlError(sql, error);
    }
  };
  const direct: Queryable = {
    all: async <T extends Row>(sql: string, params: SqlValue[] = []) =>
      wrap(sql, () => prepare(sql).all(...params) as T[]),
    get: async <T extends Row>(sql: string, params: SqlValue[] = []) =>
      wrap(sql, () => prepare(sql).get(...params) as T | undefined),
    run: async (sql, params = []) => wrap(sql, () => prepare(sql).run(...params).changes),
  };
  const exclusive = createMutex();
  return {
    dialect: 'sqlite',
    all: (sql, params) => exclusive(() => direct.all(sql, params)),
    get: (sql, params) => exclusive(() => direct.get(sql, params)),
    run: (sql, params) => exclusive(() => direct.run(sql, params)),
    transaction: (body) =>
      exclusive(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await body(direct);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      }),
    scrubDeleted: () =>
      exclusive(async () => {
        db.pragma('wal_checkpoint(TRUNCATE)');
      }),
    close: async () => {
      await exclusive(async () => db.close());
    },
  };
}

/** `?` → `$1, $2 …` (the statements of this module never hold a literal question mark). */
function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** BIGINT as numbers, every other type as pg parses it. */
const int8Types = (types: typeof pg.types) => ({
  getTypeParser: (oid: number, format?: string) =>
    oid === 20 ? (value: string) => Number(value) : types.getTypeParser(oid, format as 'text'),
});

function pgQueryable(client: pg.Pool | pg.PoolClient): Queryable {
  const query = async <T extends Row>(sql: string, params: SqlValue[] = []) => {
    const text = numberPlaceholders(sql);
    try {
      return await client.query<T>(text, params as unknown[]);
    } catch (error) {
      throw new SqlError(sql, error);
    }
  };
  return {
    all: async (sql, params) => (await query(sql, params)).rows as never,
    get: async (sql, params) => (await query(sql, params)).rows[0] as never,
    run: async (sql, params) => (await query(sql, params)).rowCount ?? 0,
  };
}

/** How `openPostgres` connects. */
export interface PostgresOptions {
  /** Connections in the pool (default 8). */
  poolSize?: number;
  /** A schema to use instead of the connection's default search path (tests use a fresh one per run). */
  schema?: string;
  /** Called when an idle pooled connection fails (the pool replaces it; the next query surfaces any trouble). */
  onError?: (error: Error) => void;
}

/**
 * Connects a pool to PostgreSQL. BIGINT columns come back as numbers (timestamps in ms fit exactly).
 * @example
 * const db = await openPostgres('postgres://postgres@127.0.0.1:5432/test');
 */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<SqlDatabase> {
  const { schema, poolSize = 8, onError } = options;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`invalid PostgreSQL schema name "${schema}"`);
  }
  // Imported here: the client library costs a few hundred milliseconds of start-up that SQLite never needs.
  const { default: postgres } = await import('pg');
  const pool = new postgres.Pool({
    connectionString: url,
    max: poolSize,
    types: int8Types(postgres.types),
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // Without a listener, an idle client's error would end the process.
  pool.on('error', (error) => onError?.(error));
  const client = await pool.connect().catch((error: Error) => {
    void pool.end();
    throw new Error(`cannot connect to PostgreSQL at ${redactUrl(url)}: ${error.message}`, { cause: error });
  });
  client.release();
  return {
    dialect: 'postgres',
    ...pgQueryable(pool),
    async transaction(body) {
      const tx = await pool.connect();
      // A connection that breaks while checked out emits 'error'; without a listener that would end the process.
      // The failing query rejects anyway, and the broken connection is discarded on release.
      let broken: Error | undefined;
      const onError = (error: Error) => {
        broken = error;
      };
      tx.on('error', onError);
      try {
        await tx.query('BEGIN');
        const result = await body(pgQueryable(tx));
        await tx.query('COMMIT');
        return result;
      } catch (error) {
        await tx.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        tx.off('error', onError);
        tx.release(broken);
      }
    },
    scrubDeleted: async () => undefined,
    close: () => pool.end(),
  };
}

/** A connection URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'an invalid URL';
  }
}
