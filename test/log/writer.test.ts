import { afterEach, describe, expect, it } from 'vitest';
import { type OpenTurnLog, openTurnLog } from '../../src/log/index.ts';
import type { TurnWriter } from '../../src/log/log-types.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { fixedClock } from '../../src/util/random.ts';
import { DAY, makeTurn, storedMessageId, T0, tempHome, testConfig } from './fixtures.ts';

const KEYS = { LOG_ENCRYPTION_KEY: 'b2'.repeat(32), PSEUDONYM_KEY: 'writer-thread-test-key-0123456789' };

describe('SQLite turn log with a writer thread', () => {
  let log: OpenTurnLog | undefined;
  let cleanup: () => void = () => undefined;
  afterEach(async () => {
    await log?.close();
    cleanup();
  });
  const open = async () => {
    const home = tempHome();
    cleanup = home.cleanup;
    const config = testConfig(home.home, KEYS);
    const options = { clock: fixedClock(T0 + 30 * DAY), scheduleRetention: false };
    log = await openTurnLog(config, silentLogger, { ...options, writerThread: true });
    return { log, reopen: () => openTurnLog(config, silentLogger, options) };
  };
  /** Counts the transactions of the main thread's connection. */
  const countMainTransactions = (target: OpenTurnLog) => {
    const counter = { n: 0 };
    const transaction = target.db.transaction.bind(target.db);
    (target.db as { transaction: typeof transaction }).transaction = (body) => {
      counter.n++;
      return transaction(body);
    };
    return counter;
  };

  it('stores turns from the thread, readable on the main connection once each append resolves', async () => {
    const { log } = await open();
    const main = countMainTransactions(log);
    const turns = Array.from({ length: 30 }, () => makeTurn({ text: 'email me at a.b@example.com about linen' }));
    await Promise.all(turns.map((turn) => log.append(turn)));
    expect(main.n).toBe(0);
    for (const turn of turns) {
      const [stored] = await log.exportUser(turn.userId);
      expect(stored?.messageId).toBe(storedMessageId(KEYS.PSEUDONYM_KEY, turn.messageId!));
      expect(stored?.text).toBe('email me at [email] about linen');
    }
    // The thread writes the blind search index with the same keys as the main connection reads it.
    const page = await log.listConversations({ text: 'linen' });
    expect(page.total).toBe(30);
    await log.append(turns[0]!);
    expect(await log.exportUser(turns[0]!.userId)).toHaveLength(1);
  });

  it('forgets which words a conversation has when the main connection erases turns', async () => {
    const { log } = await open();
    const search = async (text: string) => (await log.listConversations({ text })).conversations.length;
    await log.append(makeTurn({ userId: 'u:gone', conversationId: 'g', text: 'linen zebra', reply: 'ok' }));
    await log.append(makeTurn({ userId: 'u:stay', conversationId: 'g', text: 'linen', reply: 'ok' }));
    await log.eraseUser('u:gone');
    expect(await search('linen')).toBe(1);
    expect(await search('zebra')).toBe(0);
    // The user comes back after the erasure (the log's clock stands at T0 + 30 days).
    await log.append(
      makeTurn({ userId: 'u:gone', conversationId: 'g', text: 'zebra', reply: 'ok', at: T0 + 31 * DAY }),
    );
    expect(await search('zebra')).toBe(1);
  });

  it('fails a bad turn alone and writes what is queued before closing', async () => {
    const { log: writing, reopen } = await open();
    const main = countMainTransactions(writing);
    const bad = makeTurn({ slots: { budget_max: 10n as unknown as number } });
    const good = makeTurn();
    const results = await Promise.allSettled([writing.append(bad), writing.append(good)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    // The thread keeps writing: one bad turn does not send the log back to the main thread.
    await writing.append(makeTurn());
    expect(main.n).toBe(0);
    const last = makeTurn();
    const appended = writing.append(last);
    await writing.close();
    await appended;
    const again = await reopen();
    try {
      expect(await again.exportUser(good.userId)).toHaveLength(1);
      expect(await again.exportUser(last.userId)).toHaveLength(1);
      expect(await again.exportUser(bad.userId)).toHaveLength(0);
    } finally {
      await again.close();
    }
    log = undefined;
  });

  it('writes on the main thread when the writer thread is gone', async () => {
    const { log } = await open();
    await (log as unknown as { writes: { writer: TurnWriter } }).writes.writer.close();
    const main = countMainTransactions(log);
    const turn = makeTurn();
    await log.append(turn);
    expect(main.n).toBe(1);
    expect(await log.exportUser(turn.userId)).toHaveLength(1);
  });
});
