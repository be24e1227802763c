/** The log writer thread's body (started by `startTurnWriter`): writes batches of turns, answers after the commit. */
import { parentPort, workerData } from 'node:worker_threads';
import { silentLogger } from '../util/logger.ts';
import { systemClock } from '../util/random.ts';
import { createHasher, createTextCipher } from './crypto.ts';
import { openSqlite } from './sql.ts';
import { TurnLogStore } from './store.ts';
import { isWriteRequest, type WriterReply, type WriterThreadData } from './writer.ts';

const port = parentPort!;
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
  // Messages are handled one at a time, in order: a batch commits before the next one starts.
  let queue = Promise.resolve();
  port.on('message', (message: unknown) => {
    queue = queue
      .then(async () => {
        if (isWriteRequest(message)) {
          const errors = await store.writeBatch(message.records);
          send({ id: message.id, errors: errors.map((e) => e?.message) });
        } else {
          await db.close();
          port.close();
        }
      })
      .catch((error: Error) => send({ fatal: error.message }));
  });
  send({ ready: true });
} catch (error) {
  send({ fatal: (error as Error).message });
}
