/**
 * Data files (SQLite databases and their -wal/-shm companions, spools, journals, key and ledger files) hold personal
 * data or the keys to it: only their owner may read them, whatever the process's umask. SQLite creates a database's
 * -wal and -shm files with the database file's own mode, so a database created 0600 keeps all three private.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';

/** Owner read and write only. */
export const PRIVATE_MODE = 0o600;

/**
 * Creates `file` (and its directory) empty with mode 0600 when missing; narrows an existing one — and an existing
 * SQLite `-wal`/`-shm` next to it, left by an older version that created them readable by all — to 0600.
 * @example
 * preparePrivateFile(path.join(home, 'state.sqlite'));
 * new Database(path.join(home, 'state.sqlite'));
 */
export function preparePrivateFile(file: string): void {
  if (file === ':memory:' || file === '') return;
  mkdirSync(path.dirname(file), { recursive: true });
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_MODE));
  for (const each of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(each) && (statSync(each).mode & 0o077) !== 0) chmodSync(each, PRIVATE_MODE);
  }
}
