/**
 * A writer thread for the SQLite conversation log. Pseudonymising, redacting, encrypting and indexing a turn and
 * updating the log's indexes costs more than the rest of a turn; better-sqlite3 does it synchronously, so on the main
 * thread every turn would wait for every other turn's log write. The writer thread has its own connection to the same
 * WAL database (readers on the main connection never wait for it) and answers each batch only after its commit, so a
 * turn is durable before its reply goes out, as with a write on the main thread.
 */
import { Worker } from 'node:worker_threads';
import type { TurnRecord } from '../types.ts';
import type { LogKeys } from './keys.ts';
import type { TurnWriter } from './store.ts';

/** What the writer thread needs to open the log (see `writer-thread.ts`). */
export interface WriterThreadData {
  file: string;
  keys: LogKeys;
  retentionDays: number;
}

/** Messages from the writer thread. */
export type WriterReply = { ready: true } | { id: number; errors: (string | undefined)[] } | { fatal: string };

/**
 * Starts the writer thread; resolves once it has opened the database.
 * @example
 * const writer = await startTurnWriter({ file: '/home/log.sqlite', keys, retentionDays: 90 });
 * await writer.write([record]); // [undefined]
 */
export async function startTurnWriter(data: WriterThreadData): Promise<TurnWriter> {
  const worker = new Worker(new URL('./writer-thread.mjs', import.meta.url), { workerData: data });
  const pending = new Map<number, { resolve: (errors: (string | undefined)[]) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    for (const { reject } of pending.values()) reject(failure);
    pending.clear();
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
  worker.on('message', (message: WriterReply) => {
    if ('fatal' in message) fail(new Error(`log writer thread failed: ${message.fatal}`));
    else if ('id' in message) {
      pending.get(message.id)?.resolve(message.errors);
      pending.delete(message.id);
    }
  });
  worker.on('error', (error) => fail(error));
  worker.on('exit', (code) => fail(new Error(`log writer thread exited (code ${code})`)));
  return {
    write(records) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, records });
      });
    },
    async close() {
      if (failure) return;
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage({ close: true });
      await exited;
    },
  };
}

/** Whether a batch message asks the thread to write turns. */
export function isWriteRequest(message: unknown): message is { id: number; records: TurnRecord[] } {
  return typeof message === 'object' && message !== null && 'records' in message;
}
