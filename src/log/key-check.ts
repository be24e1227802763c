/**
 * The log remembers which keys it is written under: an HMAC of a fixed text under each key (which reveals nothing
 * about the key) is stored in `log_keys` the first time the log is opened. Opened later with other keys — `keys.json`
 * lost and generated afresh, or `LOG_ENCRYPTION_KEY`/`PSEUDONYM_KEY` changed — the log refuses to start: under new keys
 * every old turn would be unreadable, and, with a new pseudonym key, missing from exports and left behind by
 * "forget me".
 */
import { createHmac } from 'node:crypto';
import path from 'node:path';
import type { Clock } from '../types.ts';
import type { TextCipher } from './crypto.ts';
import type { LogKeys } from './keys.ts';
import type { SqlDatabase } from './sql.ts';

const CHECK_TEXT = 'fashion-advisor conversation log key check v1';

/** The checks of a pair of keys: HMAC-SHA256 of a constant under each, hex. */
export function keyChecks(keys: LogKeys): { encryption: string; pseudonym: string } {
  const check = (key: Buffer) => createHmac('sha256', key).update(CHECK_TEXT).digest('hex');
  return { encryption: check(keys.encryption), pseudonym: check(keys.pseudonym) };
}

/** The log holds data written under other keys; the message says how to restore them or start a new log. */
export class LogKeyMismatchError extends Error {
  override name = 'LogKeyMismatchError';
}

/** Where the keys and the log are, for the message. */
export interface KeyCheckPlace {
  home: string;
  /** How the log is named in messages: the SQLite file or the PostgreSQL URL (without password). */
  where: string;
  /** Whether the keys came from the environment rather than `keys.json`. */
  fromEnvironment: boolean;
}

/**
 * Records the keys' checks in a log that has none (a new log, or one from before this check: then its newest turn
 * must decrypt with the key), or verifies them; throws `LogKeyMismatchError` when they differ.
 * @example
 * await verifyLogKeys(db, keys, cipher, clock, { home, where: 'log.sqlite', fromEnvironment: false });
 */
export async function verifyLogKeys(
  db: SqlDatabase,
  keys: LogKeys,
  cipher: TextCipher,
  clock: Clock,
  place: KeyCheckPlace,
): Promise<void> {
  const checks = keyChecks(keys);
  const compare = (stored: { encryption_check: string; pseudonym_check: string }) => {
    const differ = [
      stored.encryption_check !== checks.encryption && 'the encryption key (LOG_ENCRYPTION_KEY)',
      stored.pseudonym_check !== checks.pseudonym && 'the pseudonym key (PSEUDONYM_KEY)',
    ].filter((d): d is string => typeof d === 'string');
    if (differ.length > 0) throw mismatch(differ, place);
  };
  const read = () =>
    db.get<{ encryption_check: string; pseudonym_check: string }>(
      'SELECT encryption_check, pseudonym_check FROM log_keys WHERE id = 1',
    );
  const stored = await read();
  if (stored) return compare(stored);
  const newest = await db.get<{ content: Buffer }>('SELECT content FROM turns ORDER BY id DESC LIMIT 1');
  if (newest) {
    try {
      cipher.decrypt(Buffer.from(newest.content));
    } catch {
      throw mismatch(['the encryption key (LOG_ENCRYPTION_KEY)'], place);
    }
  }
  await db.run(
    'INSERT INTO log_keys (id, encryption_check, pseudonym_check, since) VALUES (1, ?, ?, ?) ON CONFLICT DO NOTHING',
    [checks.encryption, checks.pseudonym, clock.now()],
  );
  // Two instances starting together on a new log: whichever wrote first wins, the other checks against it.
  const written = await read();
  if (written) compare(written);
}

function mismatch(differ: string[], place: KeyCheckPlace): LogKeyMismatchError {
  const keyFile = path.join(place.home, 'keys.json');
  const source = place.fromEnvironment
    ? 'the LOG_ENCRYPTION_KEY and PSEUDONYM_KEY environment variables'
    : `${keyFile} (or LOG_ENCRYPTION_KEY and PSEUDONYM_KEY)`;
  return new LogKeyMismatchError(
    `the conversation log at ${place.where} was written under other keys: ${differ.join(' and ')} ` +
      `differ from ${source}. Without its keys the log cannot be read, exported or erased per user, so the bot ` +
      `does not start. To restore: put the backup of keys.json back at ${keyFile} (or set the environment ` +
      'variables to the old values) and start again. To give up the old log and start a new one under the new ' +
      'keys: move the log away (SQLite: log.sqlite, log.sqlite-wal, log.sqlite-shm and log-journal-*.jsonl in the ' +
      'data home; PostgreSQL: drop or rename its tables, or point DATABASE_URL at a new schema) — see SECURITY.md, ' +
      '"Keys".',
  );
}
