/**
 * A Keyv storage adapter over better-sqlite3 (the official @keyv/sqlite needs the `sqlite3` native module,
 * whose install downloads a binary). One table, WAL journal.
 *
 * Adapters of one file share one connection, and writes are group-committed: the sets and deletes of one tick of
 * the event loop go into one transaction, and each resolves only after that transaction has committed (a state is
 * durable before the turn that saved it replies). Reads see writes still waiting for their commit.
 */
import { EventEmitter } from 'node:events';
import Database from 'better-sqlite3';
import type { KeyvStoreAdapter, StoredData } from 'keyv';
import { preparePrivateFile } from '../util/private-files.ts';

/** A value waiting for its commit (null: a deletion), and who waits for it. */
interface PendingWrite {
  value: string | null;
  waiters: { resolve: () => void; reject: (error: unknown) => void }[];
}

/** One connection per file, shared by the adapters (namespaces) on it. */
class SharedConnection {
  readonly db: Database.Database;
  private readonly statements;
  private pending = new Map<string, PendingWrite>();
  private scheduled = false;
  users = 0;

  constructor(file: string) {
    // Owner-only files; an erased profile is zeroed, not left in a free page (see `flush` for the WAL).
    preparePrivateFile(file);
    this.db = new Database(file);
    this.db.pragma('secure_delete = ON');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec('CREATE TABLE IF NOT EXISTS keyv (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    this.statements = {
      get: this.db.prepare<[string], { value: string }>('SELECT value FROM keyv WHERE key = ?'),
      set: this.db.prepare<[string, string]>(
        'INSERT INTO keyv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
      delete: this.db.prepare<[string]>('DELETE FROM keyv WHERE key = ?'),
      clearPrefix: this.db.prepare<[string]>("DELETE FROM keyv WHERE key LIKE ? ESCAPE '\\'"),
    };
  }

  /** The value of a key, including a write that has not committed yet. */
  read(key: string): string | undefined {
    const pending = this.pending.get(key);
    if (pending) return pending.value ?? undefined;
    return this.statements.get.get(key)?.value;
  }

  /** Queues a write (null deletes); resolves once it is committed. */
  write(key: string, value: string | null): Promise<void> {
    return new Promise((resolve, reject) => {
      const pending = this.pending.get(key);
      if (pending) {
        pending.value = value;
        pending.waiters.push({ resolve, reject });
      } else this.pending.set(key, { value, waiters: [{ resolve, reject }] });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits every queued write in one transaction. */
  flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    if (batch.size === 0) return;
    this.pending = new Map();
    let failure: unknown;
    let deleted = 0;
    try {
      this.db.transaction(() => {
        for (const [key, { value }] of batch) {
          if (value === null) deleted += this.statements.delete.run(key).changes;
          else this.statements.set.run(key, value);
        }
      })();
      // The WAL still holds the pages as they were before the deletion: write them back and empty it.
      if (deleted > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch (error) {
      failure = error;
    }
    for (const { waiters } of batch.values()) {
      for (const waiter of waiters) {
        if (failure === undefined) waiter.resolve();
        else waiter.reject(failure);
      }
    }
  }

  clearPrefix(prefix: string): void {
    this.flush();
    this.statements.clearPrefix.run(`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
}

const connections = new Map<string, SharedConnection>();

/**
 * @example
 * const keyv = new Keyv({ store: new KeyvBetterSqlite('/tmp/state.sqlite'), namespace: 'profile' });
 */
export class KeyvBetterSqlite extends EventEmitter implements KeyvStoreAdapter {
  readonly opts: { file: string };
  namespace?: string;
  private readonly connection: SharedConnection;
  private open = true;

  constructor(file: string) {
    super();
    this.opts = { file };
    // `:memory:` databases are private to their connection.
    const shared = file === ':memory:' ? undefined : connections.get(file);
    this.connection = shared ?? new SharedConnection(file);
    if (!shared && file !== ':memory:') connections.set(file, this.connection);
    this.connection.users++;
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    return this.connection.read(key) as StoredData<Value> | undefined;
  }

  set(key: string, value: unknown): Promise<boolean> {
    return this.connection.write(key, typeof value === 'string' ? value : JSON.stringify(value)).then(() => true);
  }

  async delete(key: string): Promise<boolean> {
    const existed = this.connection.read(key) !== undefined;
    await this.connection.write(key, null);
    return existed;
  }

  async clear(): Promise<void> {
    this.connection.clearPrefix(this.namespace ? `${this.namespace}:` : '');
  }

  async has(key: string): Promise<boolean> {
    return this.connection.read(key) !== undefined;
  }

  async disconnect(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    const connection = this.connection;
    connection.flush();
    if (--connection.users > 0) return;
    if (connections.get(this.opts.file) === connection) connections.delete(this.opts.file);
    if (connection.db.open) connection.db.close();
  }
}
