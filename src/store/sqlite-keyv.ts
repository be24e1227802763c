/**
 * A Keyv storage adapter over better-sqlite3 (the official @keyv/sqlite needs the `sqlite3` native module,
 * whose install downloads a binary). One table, WAL journal, synchronous statements wrapped in promises.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { KeyvStoreAdapter, StoredData } from 'keyv';

/**
 * @example
 * const keyv = new Keyv({ store: new KeyvBetterSqlite('/tmp/state.sqlite'), namespace: 'profile' });
 */
export class KeyvBetterSqlite extends EventEmitter implements KeyvStoreAdapter {
  readonly opts: { file: string };
  namespace?: string;
  private readonly db: Database.Database;
  private readonly statements;

  constructor(file: string) {
    super();
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.opts = { file };
    this.db = new Database(file);
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

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    return this.statements.get.get(key)?.value as StoredData<Value> | undefined;
  }

  async set(key: string, value: unknown): Promise<boolean> {
    this.statements.set.run(key, typeof value === 'string' ? value : JSON.stringify(value));
    return true;
  }

  async delete(key: string): Promise<boolean> {
    return this.statements.delete.run(key).changes > 0;
  }

  async clear(): Promise<void> {
    const prefix = this.namespace ? `${this.namespace}:` : '';
    this.statements.clearPrefix.run(`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }

  async has(key: string): Promise<boolean> {
    return this.statements.get.get(key) !== undefined;
  }

  async disconnect(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
