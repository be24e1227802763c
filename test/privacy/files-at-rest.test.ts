/**
 * Data files at rest (issue 16, 5d): every file the bot writes in its data home — SQLite databases with their -wal
 * and -shm files, the log journal, keys — is readable by its owner only, and an erased user leaves no trace in the
 * raw bytes of the SQLite files (no VACUUM): `secure_delete` zeroes what is deleted, and the WAL is emptied.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteExperimentStore } from '../../src/experiments/store.ts';
import { createHasher } from '../../src/log/crypto.ts';
import { openTurnLog } from '../../src/log/index.ts';
import { loadLogKeys } from '../../src/log/keys.ts';
import { openStateStore } from '../../src/store/index.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { makeTurn, tempHome, testConfig } from '../log/fixtures.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Files of `home` whose raw bytes contain any of `markers`. */
function filesHolding(home: string, markers: string[]): string[] {
  return readdirSync(home).filter((name) => {
    const bytes = readFileSync(path.join(home, name));
    return markers.some((marker) => bytes.includes(Buffer.from(marker)));
  });
}

/** Files of `home` that others than the owner may read or write. */
function notPrivate(home: string): string[] {
  return readdirSync(home)
    .filter((name) => statSync(path.join(home, name)).isFile())
    .filter((name) => (statSync(path.join(home, name)).mode & 0o077) !== 0)
    .map((name) => `${name} ${(statSync(path.join(home, name)).mode & 0o777).toString(8)}`);
}

describe('data files at rest', () => {
  it('are created 0600 and keep no trace of an erased user in their bytes', async () => {
    const { home, cleanup } = tempHome();
    cleanups.push(cleanup);
    const config = testConfig(home);
    const user = 'telegram:zq-marker-4417';
    const pseudonym = createHasher(loadLogKeys(config, silentLogger).pseudonym).user(user);
    const state = await openStateStore(config, silentLogger);
    const log = await openTurnLog(config, silentLogger, { scheduleRetention: false, writerThread: true });
    const experiments = await openSqliteExperimentStore(path.join(home, 'experiments.sqlite'));
    let open = true;
    cleanups.push(async () => {
      if (open) await Promise.all([state.close(), log.close(), experiments.close()]);
    });

    const mine = await state.load(user);
    mine.profile.styles.push('zq-style-marker');
    await state.save(mine);
    await state.save({ ...(await state.load('telegram:other')) });
    await log.append(makeTurn({ userId: user, conversationId: user, text: 'my name is zq-text-marker' }));
    await log.append(makeTurn({ userId: 'telegram:other' }));
    await experiments.addExposures([
      { pseudonym, turnId: 't1', at: 1, experiment: 'e', arm: 'a', itemIds: ['demo:1'] },
      { pseudonym: 'someone-else', turnId: 't2', at: 1, experiment: 'e', arm: 'a', itemIds: ['demo:1'] },
    ]);
    const markers = [user, pseudonym, 'zq-style-marker', 'zq-text-marker'];
    expect(filesHolding(home, markers).length).toBeGreaterThan(0);
    expect(readdirSync(home)).toEqual(expect.arrayContaining(['state.sqlite-wal', 'log.sqlite-wal']));
    expect(notPrivate(home)).toEqual([]);

    await state.erase(user);
    await log.eraseUser(user);
    await experiments.eraseUser(pseudonym);
    // While the databases are open (their WAL files in use) …
    expect(filesHolding(home, markers)).toEqual([]);
    await Promise.all([state.close(), log.close(), experiments.close()]);
    open = false;
    // … and once they are closed (checkpointed into the database files).
    expect(filesHolding(home, markers)).toEqual([]);
    expect(notPrivate(home)).toEqual([]);
  });
});
