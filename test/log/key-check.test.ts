/**
 * A log opened under other keys refuses to start (issue 16, 5c): with `keys.json` lost and generated afresh, the old
 * turns would be unreadable, missing from exports and left behind by "forget me". Real SQLite and real PostgreSQL.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTextCipher } from '../../src/log/crypto.ts';
import { LogKeyMismatchError, openTurnLog } from '../../src/log/index.ts';
import { loadLogKeys } from '../../src/log/keys.ts';
import { openSpoolingTurnLog } from '../../src/resilience/log-spool.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { freshSchema, makeTurn, postgresReachable, storedMessageId, tempHome, testConfig } from './fixtures.ts';

const hasPostgres = await postgresReachable();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
const options = { scheduleRetention: false };

describe('the conversation log and its keys', () => {
  it('refuses to start when keys.json was lost and generated afresh, and starts again once it is restored', async () => {
    const { home, cleanup } = tempHome();
    cleanups.push(cleanup);
    const config = testConfig(home);
    const log = await openTurnLog(config, silentLogger, options);
    const turn = makeTurn({ userId: 'telegram:keys' });
    await log.append(turn);
    await log.close();
    const keyFile = path.join(home, 'keys.json');
    const backup = readFileSync(keyFile, 'utf8');
    rmSync(keyFile);

    const refused = openTurnLog(config, silentLogger, options);
    await expect(refused).rejects.toThrow(LogKeyMismatchError);
    await expect(refused).rejects.toThrow(/keys\.json/);
    await expect(refused).rejects.toThrow(/restore/i);
    // So does the bot's spooling log, instead of spooling every turn for ever as if the database were down.
    const spool = openSpoolingTurnLog({
      open: () => openTurnLog(config, silentLogger, options),
      file: path.join(home, 'log-spool.jsonl'),
      cipher: createTextCipher(loadLogKeys(config, silentLogger).encryption),
      logger: silentLogger,
    });
    await expect(spool).rejects.toThrow(LogKeyMismatchError);

    writeFileSync(keyFile, backup, { mode: 0o600 });
    const restored = await openTurnLog(config, silentLogger, options);
    cleanups.push(() => restored.close());
    const stored = storedMessageId(loadLogKeys(config, silentLogger).pseudonym, turn.messageId ?? '');
    expect((await restored.exportUser('telegram:keys')).map((t) => t.messageId)).toEqual([stored]);
  });

  it('checks a log written before the key check by decrypting its newest turn', async () => {
    const { home, cleanup } = tempHome();
    cleanups.push(cleanup);
    const old = { LOG_ENCRYPTION_KEY: 'c3'.repeat(32), PSEUDONYM_KEY: 'old-pseudonym-key-0123456789' };
    const log = await openTurnLog(testConfig(home, old), silentLogger, options);
    await log.append(makeTurn());
    await log.db.run('DELETE FROM log_keys');
    await log.close();
    const other = { ...old, LOG_ENCRYPTION_KEY: 'd4'.repeat(32) };
    await expect(openTurnLog(testConfig(home, other), silentLogger, options)).rejects.toThrow(
      /LOG_ENCRYPTION_KEY and PSEUDONYM_KEY environment variables/,
    );
    const same = await openTurnLog(testConfig(home, old), silentLogger, options);
    cleanups.push(() => same.close());
    expect(await same.db.get('SELECT id FROM log_keys')).toBeDefined();
  });

  it.skipIf(!hasPostgres)('refuses a PostgreSQL log written under another pseudonym key', async () => {
    const schema = await freshSchema();
    cleanups.push(schema.drop);
    const { home, cleanup } = tempHome();
    cleanups.push(cleanup);
    const keys = { LOG_ENCRYPTION_KEY: 'e5'.repeat(32), PSEUDONYM_KEY: 'first-pseudonym-key-0123456789' };
    const log = await openTurnLog(testConfig(home, { ...keys, DATABASE_URL: schema.url }), silentLogger, options);
    await log.append(makeTurn({ userId: 'telegram:pg-keys' }));
    await log.close();
    const other = { ...keys, PSEUDONYM_KEY: 'second-pseudonym-key-0123456789', DATABASE_URL: schema.url };
    await expect(openTurnLog(testConfig(home, other), silentLogger, options)).rejects.toThrow(
      /the pseudonym key \(PSEUDONYM_KEY\) differ/,
    );
  });
});
