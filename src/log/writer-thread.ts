/**
 * The log writer thread's body (started by `startTurnWriter`). It receives turns that are already durable in the
 * main thread's journal and copies them into SQLite a few hundred at a time — when `COPY_TURNS` have gathered,
 * `copyDelayMs` after the first of them, or at once when asked (`sync`, before the main thread reads or erases) —
 * and reports how many are in the log, so that the journal can let go of them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { TurnRecord } from '../types.ts';
import { silentLogger } from '../util/logger.ts';
import { BlindIndex } from './blind-index.ts';
import { createHasher, createTextCipher } from './crypto.ts';
import { openSqlite } from './sql.ts';
import { openStoredContent } from './stored-turn.ts';
import { TurnWrites } from './turn-writes.ts';
import type { WriterReply, WriterRequest, WriterThreadData } from './writer.ts';

if (!parentPort) throw new Error('the log writer runs only in a worker thread');
const port = parentPort;
/** A transaction holds the write lock: keep it short enough for the main connection's rare writes (erasure). */
const MAX_TURNS_PER_COMMIT = 1000;
/** Copy into SQLite once this many turns wait (or `copyDelayMs` after the first of them arrived). */
const COPY_TURNS = 500;
/** After a failed copy (e.g. the database is locked or the disk full), try again this much later. */
const RETRY_MS = 1000;
const send = (message: WriterReply) => port.postMessage(message);

try {
  const data = workerData as WriterThreadData;
  const db = openSqlite(data.file);
  const cipher = createTextCipher(Buffer.from(data.keys.encryption));
  const hasher = createHasher(Buffer.from(data.keys.pseudonym));
  const open = (content: Buffer) => openStoredContent(cipher, silentLogger, content);
  const index = new BlindIndex(hasher, db.dialect, open);
  const store = new TurnWrites({ db, cipher, hasher, logger: silentLogger, index });
  /** Turns received and not in SQLite yet, in the order they came; how many came before them. */
  let waiting: TurnRecord[] = [];
  let copied = 0;
  let timer: NodeJS.Timeout | undefined;
  let failing = false;

  /** Copies every waiting turn into SQLite. Throws what SQLite threw; what failed keeps waiting. */
  const copy = async () => {
    clearTimeout(timer);
    timer = undefined;
    while (waiting.length > 0) {
      const batch = waiting.slice(0, MAX_TURNS_PER_COMMIT);
      const errors = await store.writeBatch(batch);
      const stored = errors.findIndex((e) => e !== undefined);
      const done = stored === -1 ? batch.length : stored;
      waiting = waiting.slice(done);
      copied += done;
      if (done > 0) send({ copied });
      if (stored !== -1) throw errors[stored];
    }
    if (failing) send({ recovered: true });
    failing = false;
  };
  /** `copy`, reporting a failure once and retrying later; the turns stay journaled meanwhile. */
  const copyOrRetry = async () => {
    try {
      await copy();
    } catch (error) {
      if (!failing) send({ warning: (error as Error).message, waiting: waiting.length });
      failing = true;
      timer ??= setTimeout(() => void copyOrRetry(), RETRY_MS);
    }
  };

  port.on('message', (message: WriterRequest) => {
    if (message.type === 'write') {
      waiting.push(...message.records);
      if (waiting.length >= COPY_TURNS && !failing) void copyOrRetry();
      else timer ??= setTimeout(() => void copyOrRetry(), data.copyDelayMs);
    } else if (message.type === 'sync') {
      void copy().then(
        () => send({ id: message.id }),
        (error: Error) => send({ id: message.id, error: error.message }),
      );
    } else {
      clearTimeout(timer);
      void copy()
        .catch((error: Error) => send({ warning: error.message, waiting: waiting.length }))
        .finally(async () => {
          await db.close();
          port.close();
        });
    }
  });
  send({ ready: true });
} catch (error) {
  send({ fatal: (error as Error).message });
}
