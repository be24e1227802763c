/**
 * A writer thread for the SQLite conversation log. Pseudonymising, redacting, encrypting and indexing a turn and
 * updating the log's indexes costs more than the rest of a turn; better-sqlite3 does it synchronously, so on the main
 * thread every turn would wait for every other turn's log write. A batch of turns is made durable on the main thread
 * by one append to the journal (`journal.ts`), and the writer thread — with its own connection to the same WAL
 * database, so readers on the main connection never wait for it — copies journaled turns into SQLite in large
 * batches. `sync` waits until everything written so far is in the log, for readers that must see it.
 */
import { Worker } from 'node:worker_threads';
import type { Logger, TurnRecord } from '../types.ts';
import type { TextCipher } from './crypto.ts';
import { TurnJournal } from './journal.ts';
import type { LogKeys } from './keys.ts';
import type { TurnWriter } from './log-types.ts';

/** What the writer thread needs to open the log (see `writer-thread.ts`). */
export interface WriterThreadData {
  file: string;
  keys: LogKeys;
  /** Copy journaled turns into SQLite at most this long after the first of them arrived. */
  copyDelayMs: number;
}

/** Messages to the writer thread. */
export type WriterRequest =
  | { type: 'write'; records: readonly TurnRecord[] }
  | { type: 'sync'; id: number }
  | { type: 'close' };

/** Messages from the writer thread. */
export type WriterReply =
  | { ready: true }
  /** The first `copied` turns written are in the log. */
  | { copied: number }
  /** A `sync` is done (or failed). */
  | { id: number; error?: string }
  | { fatal: string }
  /** Journaled turns could not be copied into SQLite; they stay journaled and the copy is retried. */
  | { warning: string; waiting: number }
  | { recovered: true };

/**
 * Starts the writer thread with a journal in `home`; resolves once the thread has opened the database.
 * @example
 * const writer = await startTurnWriter({ file, keys, copyDelayMs: 200 }, '/home', cipher, logger);
 * await writer.write([record]); // durable: journaled
 */
export async function startTurnWriter(
  data: WriterThreadData,
  home: string,
  cipher: TextCipher,
  logger: Logger,
): Promise<TurnWriter> {
  const worker = new Worker(new URL('./writer-thread.mjs', import.meta.url), { workerData: data });
  const syncs = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    for (const { reject } of syncs.values()) reject(failure);
    syncs.clear();
  };
  await new Promise<void>((resolve, reject) => {
    const onStartError = (error: Error) => reject(new Error(`log writer thread did not start: ${error.message}`));
    worker.once('error', onStartError);
    worker.once('message', (message: WriterReply) => {
      worker.off('error', onStartError);
      if ('ready' in message) resolve();
      else reject(new Error(`log writer thread did not start: ${'fatal' in message ? message.fatal : 'no answer'}`));
    });
  });
  const journal = new TurnJournal(home, cipher);
  worker.on('message', (message: WriterReply) => {
    if ('fatal' in message) fail(new Error(`log writer thread failed: ${message.fatal}`));
    else if ('copied' in message) journal.copiedIntoLog(message.copied);
    else if ('id' in message) {
      const sync = syncs.get(message.id);
      syncs.delete(message.id);
      if (message.error === undefined) sync?.resolve();
      else sync?.reject(new Error(`journaled turns could not be copied into the log: ${message.error}`));
    } else if ('warning' in message) {
      logger.error('conversation log: journaled turns cannot be copied into the database yet; they stay journaled', {
        error: message.warning,
        turns: message.waiting,
      });
    } else if ('recovered' in message) logger.info('conversation log: journaled turns copied into the database');
  });
  worker.on('error', (error) => fail(error));
  worker.on('exit', (code) => fail(new Error(`log writer thread exited (code ${code})`)));
  const post = (message: WriterRequest) => worker.postMessage(message);
  return {
    home,
    async write(records) {
      if (failure) throw failure;
      const { written, errors } = journal.append(records);
      if (written.length > 0) post({ type: 'write', records: written });
      return errors;
    },
    notCopied: () => journal.notCopied(),
    sync() {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        syncs.set(id, { resolve, reject });
        post({ type: 'sync', id });
      });
    },
    abandon() {
      journal.close();
    },
    async close() {
      if (!failure) {
        const exited = new Promise((resolve) => worker.once('exit', resolve));
        post({ type: 'close' });
        await exited;
      }
      journal.close();
    },
  };
}
