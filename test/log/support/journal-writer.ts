/**
 * A child process for the journal crash test: opens the SQLite log of `FASHION_HOME` with a writer thread that
 * copies nothing into SQLite for a minute, appends `TURNS` turns (20 at a time) and prints each message id once its
 * append resolved, then `done` — and waits to be killed.
 */
import { openTurnLog } from '../../../src/log/index.ts';
import { silentLogger } from '../../../src/util/logger.ts';
import { makeTurn, testConfig } from '../fixtures.ts';

const turns = Number(process.env.TURNS);
const log = await openTurnLog(
  testConfig(process.env.FASHION_HOME!, {
    LOG_ENCRYPTION_KEY: process.env.LOG_ENCRYPTION_KEY!,
    PSEUDONYM_KEY: process.env.PSEUDONYM_KEY!,
  }),
  silentLogger,
  {
    writerThread: true,
    scheduleRetention: false,
    copyDelayMs: 60_000,
  },
);
for (let i = 0; i < turns; i += 20) {
  await Promise.all(
    Array.from({ length: Math.min(20, turns - i) }, async (_, j) => {
      const turn = makeTurn({ userId: `telegram:${(i + j) % 7}`, messageId: `crash-${i + j}` });
      await log.append(turn);
      process.stdout.write(`${turn.messageId}\n`);
    }),
  );
}
process.stdout.write('done\n');
setInterval(() => undefined, 1000);
