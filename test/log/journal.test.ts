/**
 * The SQLite log's journal: a turn whose append resolved survives `kill -9` of the process before the writer thread
 * copied it into SQLite, is copied exactly once when the log is opened again (also when a journal is copied twice),
 * and reads and erasures on the main connection see journaled turns at once.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openTurnLog } from '../../src/log/index.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { makeTurn, storedMessageId, tempHome, testConfig } from './fixtures.ts';

const KEYS = { LOG_ENCRYPTION_KEY: 'c3'.repeat(32), PSEUDONYM_KEY: 'journal-test-key-0123456789abcdef' };
const CHILD = fileURLToPath(new URL('./support/journal-writer.ts', import.meta.url));
const USERS = 7;

const journals = (home: string) => readdirSync(home).filter((name) => name.startsWith('log-journal-'));

/** Runs the child until it has appended `turns` turns, kills it with SIGKILL; resolves to the acknowledged ids. */
async function appendThenKill(home: string, turns: number): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, ...KEYS, FASHION_HOME: home, TURNS: String(turns) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const acknowledged: string[] = [];
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for await (const line of createInterface({ input: child.stdout! })) {
    if (line === 'done') break;
    acknowledged.push(line);
  }
  child.kill('SIGKILL');
  await exited;
  return acknowledged;
}

describe('the SQLite log journal', () => {
  let cleanup: () => void = () => undefined;
  afterEach(() => cleanup());

  it('keeps every acknowledged turn through kill -9 and copies it into the log exactly once', async () => {
    const home = tempHome();
    cleanup = home.cleanup;
    const acknowledged = await appendThenKill(home.home, 300);
    expect(acknowledged).toHaveLength(300);
    // Killed before anything was copied: the turns are only in the journal.
    const [segment] = journals(home.home);
    expect(statSync(path.join(home.home, segment!)).size).toBeGreaterThan(0);
    const saved = path.join(home.home, 'journal.copy');
    copyFileSync(path.join(home.home, segment!), saved);

    const config = testConfig(home.home, KEYS);
    const count = async () => {
      const log = await openTurnLog(config, silentLogger, { scheduleRetention: false });
      try {
        const ids = [];
        for (let u = 0; u < USERS; u++) ids.push(...(await log.exportUser(`telegram:${u}`)).map((t) => t.messageId));
        return ids;
      } finally {
        await log.close();
      }
    };
    const stored = acknowledged.map((id) => storedMessageId(KEYS.PSEUDONYM_KEY, id)).sort();
    const recovered = await count();
    expect(journals(home.home)).toEqual([]);
    expect(recovered.sort()).toEqual(stored);
    // The same journal again (as after a crash between the copy's commit and the journal's deletion): no duplicates.
    copyFileSync(saved, path.join(home.home, segment!));
    expect((await count()).sort()).toEqual(stored);
  }, 60_000);

  it('lets reads and erasures see turns the writer thread has not copied yet', async () => {
    const home = tempHome();
    cleanup = home.cleanup;
    const config = testConfig(home.home, KEYS);
    const log = await openTurnLog(config, silentLogger, {
      writerThread: true,
      scheduleRetention: false,
      copyDelayMs: 60_000,
    });
    try {
      const turn = makeTurn({ userId: 'telegram:reader', conversationId: 'reader', text: 'linen shirts, a@b.com' });
      await log.append(turn);
      // The export takes it from the journal (redacted as the log keeps it), the console from the log.
      const exported = await log.exportUser('telegram:reader');
      expect(exported.map((t) => [t.messageId, t.text])).toEqual([
        [storedMessageId(KEYS.PSEUDONYM_KEY, turn.messageId!), 'linen shirts, [email]'],
      ]);
      expect((await log.listConversations({ text: 'linen' })).total).toBe(1);
      expect(await log.exportUser('telegram:reader')).toEqual(exported);
      await log.append(makeTurn({ userId: 'telegram:reader', conversationId: 'reader', text: 'and in blue' }));
      expect(await log.eraseUser('telegram:reader')).toBe(2);
      expect(await log.exportUser('telegram:reader')).toEqual([]);
    } finally {
      await log.close();
    }
    expect(journals(home.home)).toEqual([]);
  });
});
