/** The log writer thread's body (started by `startTurnWriter`): writes batches of turns, answers after the commit. */
import { parentPort, workerData } from 'node:worker_threads';
import type { TurnRecord } from '../types.ts';
import { silentLogger } from '../util/logger.ts';
import { systemClock } from '../util/random.ts';
import { createHasher, createTextCipher } from './crypto.ts';
import { openSqlite } from './sql.ts';
import { TurnLogStore } from './store.ts';
import { isWriteRequest, type WriterReply, type WriterThreadData } from './writer.ts';

const port = parentPort!;
/** A transaction holds the write lock: keep it short enough for the main connection's rare writes (erasure). */
const MAX_TURNS_PER_COMMIT = 1000;
const send = (message: WriterReply) => port.postMessage(message);

try {
  const data = workerData as WriterThreadData;
  const db = openSqlite(data.file);
  const store = new TurnLogStore({
    db,
    cipher: createTextCipher(Buffer.from(data.keys.encryption)),
    hasher: createHasher(Buffer.from(data.keys.pseudonym)),
    clock: systemClock,
    logger: silentLogger,
    retentionDays: data.retentionDays,
  });
  // Batches that arrive while a transaction runs are committed together in the next one, in the order they came;
  // each batch is answered once the transaction holding it has committed.
  const pending: { id: number; records: TurnRecord[] }[] = [];
  let scheduled = false;
  let chain = Promise.resolve();
  const fatal = (error: Error) => send({ fatal: error.message });
  const flush = async () => {
    scheduled = false;
    // Several batches per transaction, up to about `MAX_TURNS_PER_COMMIT` turns; the rest goes in the next one.
    let take = 0;
    for (let turns = 0; take < pending.length && turns < MAX_TURNS_PER_COMMIT; take++) {
      turns += pending[take]!.records.length;
    }
    const batches = pending.splice(0, take);
    if (pending.length > 0) schedule();
    if (batches.length === 0) return;
    const errors = await store.writeBatch(batches.flatMap((batch) => batch.records));
    let offset = 0;
    for (const batch of batches) {
      const mine = errors.slice(offset, offset + batch.records.length);
      offset += batch.records.length;
      send({ id: batch.id, errors: mine.map((e) => e?.message) });
    }
  };
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      chain = chain.then(flush).catch(fatal);
    });
  }
  port.on('message', (message: unknown) => {
    if (isWriteRequest(message)) {
      pending.push(message);
      schedule();
    } else {
      // Closing: after everything received so far is written.
      setImmediate(() => {
        chain = chain
          .then(async () => {
            while (pending.length > 0) await flush();
          })
          .then(async () => {
            await db.close();
            port.close();
          })
          .catch(fatal);
      });
    }
  });
  send({ ready: true });
} catch (error) {
  send({ fatal: (error as Error).message });
}
